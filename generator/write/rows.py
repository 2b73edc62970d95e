"""Writing a site-wide data file of rows (generator/render/rows.py), by replacing only the rows
that changed in the file as last written when that is possible, and what the cache keeps of
the file as written."""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import NamedTuple

from generator.render.rows import RowsFile
from generator.write.docs import DocsWriter


class RowsWritten(NamedTuple):
    """What the cache keeps of a rows file as last written."""

    order: str  # a digest of which row stood where
    stamp: str  # the file's stamp (files.stamp) just after it was written
    lengths: bytes  # array("I") of each row's length in bytes


def write_rows(page: RowsFile, writer: DocsWriter, previous: RowsWritten | None, unchanged: bool,
                changed: Collection[str]) -> RowsWritten:
    """Write a data file of rows, by replacing the rows of the `changed` sheets in the file as
    last written when its rows stand in the same order, else whole. A file that is not as
    last written (edited by hand, or a run stopped while patching it) is written whole."""
    if previous is not None and writer.stamp(page.name) == previous.stamp:
        if unchanged:
            return previous
        if previous.order == page.order:
            with writer.open(page.name) as old:
                size = os.fstat(old.fileno()).st_size
                made = page.splice(lambda offset, length: os.pread(old.fileno(), length, offset), size,
                                   previous.lengths, changed)
            if made is not None:
                at, parts, lengths = made
                if parts:  # (else the file stays as it is)
                    writer.patch(page.name, at, parts)
                return RowsWritten(page.order, writer.stamp(page.name) or "", lengths)
    data, lengths = page.assemble()
    writer.write_bytes(page.name, data)
    return RowsWritten(page.order, writer.stamp(page.name) or "", lengths)
