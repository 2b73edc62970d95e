"""The text of a read page: HTML's main text and metadata, a PDF's text layer, plain text,
charsets from the header or the page, and what has no text."""

from __future__ import annotations

import zlib

import pytest

from generator.sources.extract import Page, extract

ARTICLE = """<html><head><title>Shells</title>{meta}
<meta property="og:site_name" content="Example News"><meta name="author" content="A. Writer">
<meta name="date" content="2025-05-07"></head><body><nav>Home About Contact</nav><article>
<h1>North Korea ships shells</h1>
<p>North Korea has sent up to six million artillery shells to Russia, lawmakers said on Wednesday,
citing the country's intelligence service.</p><p>Officials in Pyongyang did not comment on the figure.</p>
</article><footer>Copyright Example News</footer></body></html>"""


def test_html_gives_its_main_text_and_what_it_says_of_itself() -> None:
    page = extract(ARTICLE.format(meta="").encode(), "text/html; charset=utf-8")
    assert page is not None
    assert page.kind == "html"
    assert "up to six million artillery shells to Russia" in page.text
    assert "Home About Contact" not in page.text and "Copyright" not in page.text
    assert (page.title, page.site_name, page.author, page.date) == (
        "North Korea ships shells", "Example News", "A Writer", "2025-05-07")


def test_the_charset_comes_from_the_header_else_from_the_page() -> None:
    latin = ARTICLE.format(meta="").replace("Pyongyang", "Pyöngyang").encode("iso-8859-1")
    assert "Pyöngyang" in extract(latin, "text/html; charset=ISO-8859-1").text  # type: ignore[union-attr]
    declared = ARTICLE.format(meta='<meta charset="windows-1252">').replace("Pyongyang", "Pyöngyang")
    assert "Pyöngyang" in extract(declared.encode("cp1252"), "text/html").text  # type: ignore[union-attr]


def test_plain_text_is_read_as_it_is_without_control_characters() -> None:
    page = extract(b"Troops: 10,000\x00 to\x1b 12,000.\n", "text/plain; charset=utf-8")
    assert page == Page("text", "Troops: 10,000 to 12,000.\n")
    assert extract(b"caf\xe9", "text/plain; charset=no-such-codec") == Page("text", "caf\ufffd")


def _pdf(text: str) -> bytes:
    """A one-page PDF with `text` in its text layer (its objects' offsets in the xref)."""
    stream = zlib.compress(f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode())
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Title (Shell report) /Author (Intelligence Service) >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    size = len(objects) + 1
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def test_a_pdf_gives_its_text_layer_and_title() -> None:
    page = extract(_pdf("North Korea sent 10,000 troops to Russia."), "application/pdf")
    assert page is not None
    assert (page.kind, page.title, page.author) == ("pdf", "Shell report", "Intelligence Service")
    assert "North Korea sent 10,000 troops to Russia." in page.text


@pytest.mark.parametrize("body, content_type", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png"),
    (b"%PDF-1.4\n garbage that is no PDF at all", "application/pdf"),
    (b"<html><body></body></html>", "text/html"),
    (b"   \n ", "text/plain"),
    (bytes(range(256)) * 20, "application/octet-stream"),
])
def test_what_has_no_text_gives_none(body: bytes, content_type: str) -> None:
    assert extract(body, content_type) is None
