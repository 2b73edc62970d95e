"""Site-wide data files made of rows (figures.csv, events.csv, timeline.json), and how one
is made from the file as last written by replacing rows (generator/write/rows.py writes it).

Each holds a row per event, or a block of rows per sheet, from every sheet of the site, so
any change to any sheet changes it. Assembling 15 MB from 10,000 sheets' rows costs more than
the rest of a one-article regenerate; but when the rows stand in the same order as when the
file was last written, the new file is the old one with only the rows of the sheets rendered
again put in, which needs the length of each row in the file, and nothing else of the others."""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RowsFile:
    """A rows file: `head`, then the rows joined by `separator`, then `tail`. Row i comes
    from the sheet `slugs[i]`."""

    name: str
    key: str  # a digest of everything it is made from: unchanged means nothing to do
    order: str  # a digest of which row stands where (not what the rows hold)
    head: str
    separator: str
    tail: str
    slugs: Sequence[str]
    rows: Callable[[], list[str]]  # every row, in order
    row: Callable[[int], str]  # row i alone

    def assemble(self) -> tuple[bytes, bytes]:
        """The whole file, encoded, and the lengths of its rows, from every sheet's rows."""
        rows = self.rows()
        text = self.head + self.separator.join(rows) + self.tail
        if text.isascii():  # as the data usually is: a row's length is its length in bytes
            sizes = array("I", map(len, rows))
        else:
            sizes = array("I", (len(row.encode()) for row in rows))
        return text.encode(), sizes.tobytes()

    def splice(self, read: Callable[[int, int], bytes], size: int, lengths: bytes,
               changed: Collection[str]) -> tuple[int, list[bytes], bytes] | None:
        """How to make the file from the file as last written (`size` bytes, `read(offset,
        length)` reads it, its rows were `lengths` bytes long) by replacing the rows of the
        `changed` sheets: (at, parts, new row lengths) where the new file is the old file's
        first `at` bytes followed by the parts; None when the old file is not such a file.
        A file that does not change comes back as (size, [], lengths). The bytes before the
        first changed row need not be touched at all: the file is 15 MB at 10,000 sheets,
        the rows that change a few hundred bytes."""
        head, separator, tail = self.head.encode(), self.separator.encode(), self.tail.encode()
        sizes = array("I")
        sizes.frombytes(lengths)
        if len(sizes) != len(self.slugs):
            return None
        gap = len(separator)
        ends = list(itertools.accumulate(sizes))
        expected = len(head) + (ends[-1] if ends else 0) + gap * max(0, len(sizes) - 1)
        if size != expected + len(tail) or read(0, len(head)) != head or \
                read(size - len(tail), len(tail)) != tail:
            return None
        at = size  # where the first changed row starts
        parts: list[bytes] = []
        done = size  # where in the old file the next unchanged bytes start
        for i in _positions(self.slugs, changed):
            start = len(head) + ends[i] - sizes[i] + gap * i
            new = self.row(i).encode()
            if new == read(start, sizes[i]):
                continue  # the same row: part of the unchanged bytes
            if parts:
                parts.append(read(done, start - done))
            else:
                at = start
            parts.append(new)
            done = start + sizes[i]
            sizes[i] = len(new)
        if not parts:
            return size, [], lengths
        parts.append(read(done, size - done))
        return at, parts, sizes.tobytes()


def _positions(slugs: Sequence[str], changed: Collection[str]) -> list[int]:
    """The indexes of the rows of the `changed` sheets, in order."""
    if len(changed) > 50:
        return [i for i, slug in enumerate(slugs) if slug in changed]
    found = []
    for slug in changed:  # list.index searches in C: a few changed sheets cost next to nothing
        i = -1
        try:
            while True:
                i = slugs.index(slug, i + 1)
                found.append(i)
        except ValueError:
            pass
    return sorted(found)
