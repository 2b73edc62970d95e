"""Bytes into text, and links into the links a sheet may carry: every refusal with its exact
message, and the edges (a URL of 2,000 characters, a file of 1 MiB)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.problems import Problems
from generator.read.articles import check_url
from generator.read.files import MAX_FILE_BYTES, read_text


@pytest.mark.parametrize("url, kept, message", [
    ("HTTPS://Example.com/A", "https://Example.com/A", ""),  # the scheme in lower case, the rest as written
    ("https://a.com/" + "y" * 1986, "https://a.com/" + "y" * 1986, ""),  # 2,000 characters
    ("https://a.com/" + "y" * 1987, None,
     "f:2:3: error: the URL 'https://a.com/" + "y" * 43 + "...' is longer than 2,000 characters"),
    ("https://a.com/a b\t<c>", None,
     "f:2:3: error: the URL 'https://a.com/a b\\t<c>' has characters that must be percent-encoded "
     "('\\t' ' ' '<' '>')"),
    ('https://a.com/"q"', None,
     "f:2:3: error: the URL 'https://a.com/\"q\"' has characters that must be percent-encoded ('\"')"),
    ("example.com/x", None, "f:2:3: error: expected an http:// or https:// URL, got 'example.com/x'"),
    ("mailto:x@y", None, "f:2:3: error: only http:// and https:// links are allowed, got 'mailto:x@y'"),
    (" javascript:alert(1)", None,
     "f:2:3: error: only http:// and https:// links are allowed, got ' javascript:alert(1)'"),
])
def test_only_plain_web_links_are_kept(url: str, kept: str | None, message: str) -> None:
    problems = Problems()
    assert check_url(url, "f", 2, 3, problems) == kept
    assert [str(p) for p in problems.items] == ([message] if message else [])


@pytest.mark.parametrize("data, text, message", [
    (b"\xef\xbb\xbfhello\r\nworld\rend", "hello\nworld\nend", ""),
    (b"x" * MAX_FILE_BYTES, "x" * MAX_FILE_BYTES, ""),
    (b"x" * (MAX_FILE_BYTES + 1), None,
     "f: error: file is 1,048,577 bytes, more than the limit of 1,048,576; is it really one article?"),
    (b"\xff\xfeh\x00", None, "f:1:1: error: file is UTF-16; save it as UTF-8"),
    (b"\xfe\xffh\x00", None, "f:1:1: error: file is UTF-16; save it as UTF-8"),
    (b"ok\nab\xffcd", None, "f:2:3: error: not valid UTF-8 (byte 0xFF); save the file as UTF-8"),
    (b"a\nb\x00c", None, "f:2: error: file contains a NUL character; is it a binary file?"),
    ("a\nx\u202ey\n\u2066z".encode(), None,
     "f:2:2: error: contains the bidirectional control character U+202E, which can show text in another "
     "order than it is written; remove it"),
])
def test_a_file_is_read_as_utf_8_text_or_refused_saying_why(tmp_path: Path, data: bytes, text: str | None,
                                                             message: str) -> None:
    (tmp_path / "f").write_bytes(data)
    problems = Problems()
    assert read_text(tmp_path / "f", "f", problems) == text
    found = [str(p) for p in problems.items]
    assert found[:1] == ([message] if message else [])
    if data.startswith(b"a\nx"):  # every line that holds one is named
        assert found[1:] == ["f:3:1: error: contains the bidirectional control character U+2066, which can "
                             "show text in another order than it is written; remove it"]


def test_a_file_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    problems = Problems()
    assert read_text(tmp_path / "missing", "missing", problems) is None
    assert [str(p) for p in problems.items] == [
        "missing: error: cannot read the file: No such file or directory"]
