"""A deterministic synthetic corpus: N wire articles with figures YAML, tags, events and
references, shaped like the example content (about 3 KB of article and 1 KB of YAML a sheet).

    python -m benchmarks.corpus OUT_DIR N      # writes OUT_DIR/articles/*.txt|yaml
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

TAGS = [f"{a}-{b}" for a in ("trade", "defence", "energy", "health", "climate", "elections",
                             "migration", "finance")
        for b in ("asia", "europe", "africa", "americas", "pacific")]
UNITS = [("troops", "troops were deployed"), ("shells", "shells were shipped"),
         ("people", "people were displaced"), ("homes", "homes were destroyed"),
         ("tonnes", "tonnes of grain were exported"), ("jobs", "jobs were lost")]
ZONES = ["ET", "PT", "CT", "UTC", "+09:00"]
WORDS = [
    "government", "officials", "said", "the", "agency", "report", "analysts", "expected",
    "regional", "ministers", "confirmed", "statement", "according", "to", "figures",
    "released", "week", "month", "year", "talks", "border", "production", "supply", "support",
    "military", "economic", "program", "capacity", "record", "growth",
]
SERIES = 500  # at N = 10,000, 20 reports in each
CLAIMANTS = ["the ministry", "the agency", "observers", "the UN"]
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
    return " ".join(words).capitalize() + "."


def write_corpus(root: Path, n: int, seed: int = 7) -> None:
    """Write n sheets under root/articles (the same bytes for the same n and seed)."""
    rng = random.Random(seed)
    articles = root / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    start = dt.datetime(2016, 1, 4, 9, 0)
    span_minutes = 10 * 365 * 24 * 60
    for i in range(n):
        slug = f"sheet-{i:05d}"
        when = start + dt.timedelta(minutes=span_minutes * i // max(n, 1) + rng.randint(0, 600))
        article, figures = _sheet(rng, slug, i, when)
        (articles / f"{slug}.txt").write_text(article, encoding="utf-8")
        (articles / f"{slug}.yaml").write_text(figures, encoding="utf-8")


def _sheet(rng: random.Random, slug: str, i: int, when: dt.datetime) -> tuple[str, str]:
    headline = f"Report {i}: " + " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
    hour = when.hour % 12 or 12
    dateline = (f"{when:%A}, {when:%B} {when.day}, {when.year} {hour}:{when.minute:02d} "
                f"{'am' if when.hour < 12 else 'pm'} {rng.choice(ZONES)}")
    figure_lines, quotes = [], []
    for k in range(5):
        unit, phrase = rng.choice(UNITS)
        if k == 0:
            millions = rng.randint(2, 8)
            quote = f"up to {NUMBER_WORDS[millions]} million {unit}"
            figure_lines.append(f"Officials said {quote} by the end of the period [1].")
            quotes.append((f"{unit.capitalize()} counted in the report", f"{millions}000000",
                           "up to", unit, quote, "1"))
        elif k == 1:
            low = rng.randint(2, 9) * 1000
            quote = f"between {low:,} and {low + 2000:,} {unit}"
            figure_lines.append(f"Observers estimated {quote} in the region [1][2].")
            quotes.append((f"Estimated {unit} in the region", f"[{low}, {low + 2000}]", "", unit,
                           quote, "[1, 2]"))
        else:
            if k == 2:  # the figure that reports one of the series, always in troops
                unit, phrase = UNITS[0]
            value = rng.randint(100, 99999)
            quote = f"about {value:,} {phrase}"
            figure_lines.append(f"The agency said {quote} last year [{1 + k % 3}].")
            quotes.append((f"{unit.capitalize()} reported by the agency ({k})", str(value), "about",
                           unit, quote, str(1 + k % 3)))
    paragraphs = []
    for p in range(6):
        body = " ".join(_sentence(rng) for _ in range(4))
        if p < len(figure_lines):
            body += " " + figure_lines[p]
        else:
            body += f" [{1 + p % 3}]"
        paragraphs.append(body)
    refs = "\n".join(f"[{r}] https://news{r}.example/{when.year}/{slug}-{r}" for r in (1, 2, 3))
    article = f"{headline}\n{dateline}\n" + "\n".join(paragraphs) + f"\nReferences:\n{refs}\n"
    tags = rng.sample(TAGS, 3)
    yaml_lines = [f"summary: {_sentence(rng)} {_sentence(rng)}", f"tags: [{', '.join(tags)}]",
                  "figures:"]
    for k, (label, amount, qualifier, unit, quote, source) in enumerate(quotes):
        yaml_lines += [f"  - label: {label}", f"    value: {amount}"]
        if qualifier:
            yaml_lines.append(f"    qualifier: {qualifier}")
        yaml_lines += [f"    unit: {unit}", f"    source: {source}", f'    quote: "{quote}"']
        if k == 2:  # one report a sheet, of SERIES series: a sheet in SERIES reports each
            yaml_lines += [f"    series: series-{i % SERIES:03d}", f"    by: {rng.choice(CLAIMANTS)}"]
    yaml_lines.append("events:")
    for e in range(3):
        day = when.date() - dt.timedelta(days=rng.randint(1, 700))
        date = [str(day.year), f"{day:%Y-%m}", day.isoformat()][e]
        yaml_lines += [f"  - date: {date}", f"    title: {_sentence(rng)[:-1]}",
                       f"    source: {1 + e}"]
    yaml_lines += ["references:", "  1: {publisher: Example Wire}", "  2: {title: Background}"]
    return article, "\n".join(yaml_lines) + "\n"


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]), int(sys.argv[2]))
