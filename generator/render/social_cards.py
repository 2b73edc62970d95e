"""Social cards: the image a link preview shows (og:image), drawn when the site is built. A
sheet's card shows its key figure as readers read it ("up to 6 million shells") in large type,
its label, the sheet's title, the date and the site's name; a series' card its latest report
and a small rendition of its chart.

1200 x 630 pixels, the size Facebook, LinkedIn, Slack and X's large card ask for. Drawn with
Pillow in grey levels (antialiased text) and saved as a palette PNG whose last entry is the
accent colour: about 25 KB and 11 ms a card. The font, Source Sans Pro (SIL Open Font
License), comes inside a Python package (font-source-sans-pro), so nothing is downloaded at
build time; it has Latin, Greek and Cyrillic letters, not Chinese, Japanese or Korean."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Sequence

import font_source_sans_pro  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont

from generator.check.numbers import format_value
from generator.model import Figure, Series

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
_BACKGROUND, _INK, _GREY, _ACCENT = 254, 24, 90, 255  # grey levels; 255 is drawn in the accent
# The palette: grey levels 0-254 as themselves, 255 as the site's accent blue
_PALETTE = [v for level in range(255) for v in (level, level, level)] + [40, 90, 200]


@functools.cache
def _font(size: int, weight: str = "") -> ImageFont.FreeTypeFont:
    """Source Sans Pro at `size` pixels; `weight` "Semibold" for the key figure."""
    return ImageFont.truetype(font_source_sans_pro.font_files_ttf["SourceSansPro" + weight], size)


def _lines(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int,
           most: int) -> list[str]:
    """`text` cut into at most `most` lines that fit `width` in `font`; an ellipsis ends the
    last when it does not all fit (a word longer than a line is cut too)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = word
        if len(lines) == most:
            break
    else:
        if line:
            lines.append(line)
        return [_fit(draw, li, font, width) for li in lines]
    kept = lines[:most]
    kept[-1] = _fit(draw, kept[-1] + " …", font, width)
    return kept


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """`text` as it is when it fits `width`, else cut to fit with an ellipsis."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text.rstrip(" …") + "…", font=font) > width:
        text = text.rstrip(" …")[:-1]
    return text.rstrip(" …") + "…"


def _text(draw: ImageDraw.ImageDraw, at: tuple[int, int], text: str, size: int, fill: int,
          width: int = WIDTH - 2 * MARGIN, most: int = 1, leading: float = 1.2, weight: str = "") -> int:
    """Draw `text` from `at`; returns the y below it."""
    x, y = at
    font = _font(size, weight)
    for line in _lines(draw, text, font, width, most):
        draw.text((x, y), line, font=font, fill=fill)
        y += round(size * leading)
    return y


def _png(image: Image.Image) -> bytes:
    palette = Image.frombytes("P", image.size, image.tobytes())
    palette.putpalette(_PALETTE)
    out = io.BytesIO()
    palette.save(out, "PNG", compress_level=6)
    return out.getvalue()


def _canvas(site_name: str, date: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("L", (WIDTH, HEIGHT), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=_ACCENT)
    _text(draw, (MARGIN, 50), site_name, 32, _GREY, width=WIDTH - 2 * MARGIN - 260)
    date_width = round(draw.textlength(date, font=_font(32)))
    draw.text((WIDTH - MARGIN - date_width, 50), date, font=_font(32), fill=_GREY)
    return image, draw


def sheet_card(site_name: str, title: str, value: str, label: str, date: str) -> bytes:
    """A sheet's card: its key figure (`value` as readers read it, with its `label`), or its
    title alone when it has none."""
    image, draw = _canvas(site_name, date)
    if value:
        y = _text(draw, (MARGIN, 120), value, 100, _INK, most=2, leading=1.05, weight="Semibold")
        y = _text(draw, (MARGIN, y + 8), label, 40, _GREY, most=2)
        draw.line((MARGIN, HEIGHT - 170, WIDTH - MARGIN, HEIGHT - 170), fill=220, width=2)
        _text(draw, (MARGIN, HEIGHT - 145), title, 38, _INK, most=2)
    else:
        _text(draw, (MARGIN, 150), title, 76, _INK, most=4, leading=1.1, weight="Semibold")
    return _png(image)


def series_card(site_name: str, title: str, latest: str, date: str,
                points: Sequence[tuple[dt.date, float, float]]) -> bytes:
    """A series' card: its title, its latest report and a small chart of its reports (a dot
    for a value, a bar from low to high for a range), in time order."""
    image, draw = _canvas(site_name, date)
    y = _text(draw, (MARGIN, 115), title, 60, _INK, most=2, leading=1.1, weight="Semibold")
    _text(draw, (MARGIN, y + 6), latest, 40, _GREY, most=1)
    _chart(draw, points, (MARGIN, 330, WIDTH - MARGIN, HEIGHT - 50))
    return _png(image)


def _chart(draw: ImageDraw.ImageDraw, points: Sequence[tuple[dt.date, float, float]],
           box: tuple[int, int, int, int]) -> None:
    left, top, right, bottom = box
    draw.line((left, bottom, right, bottom), fill=170, width=2)
    if not points:
        return
    days = [p[0].toordinal() for p in points]
    first, span = min(days), max(1, max(days) - min(days))
    highest = max(high for _, _, high in points) or 1.0
    lowest = min(0.0, min(low for _, low, _ in points))

    def y_of(value: float) -> float:
        return bottom - 10 - (value - lowest) / (highest - lowest or 1) * (bottom - top - 20)

    for (_, low, high), day in zip(points, days, strict=True):
        x = left + 20 + (day - first) / span * (right - left - 40)
        if high > low:
            draw.rounded_rectangle((x - 7, y_of(high), x + 7, y_of(low)), radius=7, fill=_ACCENT)
        else:
            draw.ellipse((x - 10, y_of(low) - 10, x + 10, y_of(low) + 10), fill=_ACCENT)


def card_date(when: dt.date) -> str:
    return f"{when.day} {when:%B %Y}"


def sheet_card_text(title: str, figures: Sequence[Figure], published: dt.date) -> tuple[str, str, str, str]:
    """What a sheet's card shows: its title, its key figure (the first) and that figure's
    label, its date."""
    key = figures[0] if figures else None
    return (title, format_value(key) if key else "", key.label if key else "", card_date(published))


def card_alt(title: str, value: str, label: str, date: str) -> str:
    """The card's text alternative: what it shows, in reading order."""
    return ". ".join(part for part in (f"{value}: {label}" if value else "", title, date) if part)


def series_card_of(site_name: str, series: Series) -> bytes:
    points = [(r.as_of.first_day(), float(r.value[0]), float(r.value[-1]))
              for r in (p.report for p in series.reports)]
    latest = series.latest.report
    value = format_value(Figure(latest.label, latest.value, latest.qualifier, latest.unit, latest.as_of,
                                (), "", "", latest.line))
    return series_card(site_name, series.title, f"Latest: {value}", card_date(latest.as_of.first_day()),
                       points)
