"""Reading content files: size limits, strict UTF-8, line endings. The only reader of bytes."""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.problems import Problems

# A long news article is 50 KB; a file twenty times that is a mistake, and would make one page
# cost minutes of MkDocs time and hundreds of MB.
MAX_FILE_BYTES = 1024 * 1024
_NEWLINES = re.compile(r"\r\n|\r|\n")
# Embeddings, overrides and isolates can make "12" display as "21" (Trojan Source).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def stamp(st: os.stat_result) -> str:
    """Size, modification time and inode: what says a file is the one seen before."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def read_text(path: Path | str, shown: str, problems: Problems) -> str | None:
    """The file's text with a BOM removed and every line ending made ``\\n``.

    Column numbers in messages count characters after the BOM, as editors show them."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                problems.error(shown, 0, 0, f"file is {size:,} bytes, more than the limit of "
                                            f"{MAX_FILE_BYTES:,}; is it really one article?")
                return None
            data = f.read()
    except OSError as e:
        problems.error(shown, 0, 0, f"cannot read the file: {e.strerror or e}")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error(shown, 1, 1, "file is UTF-16; save it as UTF-8")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        problems.error(shown, line, col,
                       f"not valid UTF-8 (byte 0x{data[e.start]:02X}); save the file as UTF-8")
        return None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problems.error(shown, line, 0, "file contains a NUL character; is it a binary file?")
        return None
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    if not text.isascii() and _BIDI.search(text):  # (isascii is a flag lookup; search reads)
        for number, row in enumerate(text.split("\n"), 1):
            if m := _BIDI.search(row):
                problems.error(shown, number, m.start() + 1,
                               f"contains the bidirectional control character U+{ord(m[0]):04X}, "
                               "which can show text in another order than it is written; remove it")
        return None
    return text
