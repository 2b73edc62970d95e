"""The codec: records kept between runs or sent to other processes are read back by field
name, so a field added to the model needs nothing but the model."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from generator.incremental import cache, codec
from generator.incremental.series_step import SeriesEntry
from generator.model import Figure, PartialDate, Reference, Report
from generator.problems import Problem
from generator.render.listing import Listing
from generator.render.series_pages import IndexRow, Note, Seen

REPORT = Report("troops", "alpha", 2, "Troops sent", (10000, 12000), "about", "troops",
                PartialDate(2024, 10), "NIS", (("https://example.com/a", "Example"),), "about 10,000",
                "Alpha", "content/articles/alpha.yaml", 7, 5, (9, 11))


def test_records_nested_in_containers_come_back_equal() -> None:
    listing = Listing("alpha", 1.5e9, ("war",), ("2024-10-01\x01...",), "v1", (REPORT,), "n1")
    entry = cache.Entry(123, (Problem("a.yaml", 3, 4, "warning", "odd"),), listing, (10, 20))
    note = Note("troops", "Troops", 3, Seen("1,500", "Oct 2024", "NIS", "beta", 1), None, ())
    value = ({"alpha": entry}, [note], {"troops": SeriesEntry("k", "", (), IndexRow(
        "troops", "Troops", 3, "Oct 2024", "May 2025", "10,000", "NIS", ""))})
    hint = tuple[dict[str, cache.Entry], list[Note], dict[str, SeriesEntry]]
    back = codec.loads(codec.dumps(value, hint), hint)
    assert back == value
    assert type(back[0]["alpha"].listing.reports[0].as_of) is PartialDate  # records, not tuples
    assert back[1][0].later.sheet == "beta"


def _variant(record: type, *extra: tuple[str, type, object]) -> type:
    """The record as it would be with fields added at the end (same name, same module)."""
    fields = [(name, hint) for name, hint in codec._fields(record)] + [(n, h) for n, h, _ in extra]
    defaults = [*record._field_defaults.values(), *(d for _, _, d in extra if d is not _REQUIRED)]
    made = NamedTuple(record.__name__, fields)  # type: ignore[misc]
    made.__new__.__defaults__ = tuple(defaults) or None
    made._field_defaults = dict(zip(made._fields[len(made._fields) - len(defaults):], defaults, strict=True))
    made.__module__, made.__qualname__ = record.__module__, record.__qualname__
    return made


_REQUIRED = object()


@pytest.mark.parametrize("record, value", [
    (Figure, Figure("Troops", (1500,), "about", "troops", None, (1,), "about 1,500", "", 3)),
    (Reference, Reference("alpha", 1, "https://example.com/a", "A title", "Example", "a.txt", 9)),
])
def test_a_field_added_to_the_model_reads_data_written_before_it(record: type, value: tuple[object, ...]
                                                                    ) -> None:
    # Sources will add fields such as these to figures and references: nothing but the
    # model needs to change for what was kept before them to be read.
    later = _variant(record, ("archived_url", str, ""), ("evidence", tuple[str, ...], ()))
    back = codec.loads(codec.dumps([value], list[record]), list[later])  # type: ignore[valid-type]
    assert back == [later(*value, "", ())]
    assert back[0].archived_url == "" and back[0].evidence == ()
    # ... and what the later model wrote reads with the model before it, the new fields left out.
    newer = later(*value, "https://archive.example/a", ("a passage",))
    assert codec.loads(codec.dumps(newer, later), record) == value


def test_a_field_added_without_a_default_makes_older_data_stale() -> None:
    stricter = _variant(Report, ("checked", bool, _REQUIRED))
    data = codec.dumps({"alpha": REPORT}, dict[str, Report])
    with pytest.raises(codec.Stale, match="checked is new and has no default"):
        codec.loads(data, dict[str, stricter])  # type: ignore[valid-type]


def test_another_version_or_damaged_bytes_are_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    data = codec.dumps(REPORT, Report)
    with pytest.raises(codec.Stale):
        codec.loads(data[:-3], Report)
    with pytest.raises(codec.Stale):
        codec.loads(b"not marshal at all", Report)
    monkeypatch.setattr(codec, "VERSION", codec.VERSION + 1)
    with pytest.raises(codec.Stale, match="written by codec version"):
        codec.loads(data, Report)


def test_a_cache_of_another_codec_version_is_not_used(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / ".factsheet-cache"
    listing = Listing("alpha", 1.5e9, (), (), "v1", (REPORT,), "")
    made = cache.Cache({"alpha": cache.Entry(1, (), listing)}, {"index.md": "k"})
    fragments = {"alpha": b"packed"}
    cache.save_cache(path, "key", made, cache.Cache({}, {}), fragments)
    assert cache.load_cache(path, "key").sheets["alpha"].listing == listing
    assert cache.load_cache(path, "another key").sheets == {}
    monkeypatch.setattr(codec, "VERSION", codec.VERSION + 1)
    assert cache.load_cache(path, "key").sheets == {}
