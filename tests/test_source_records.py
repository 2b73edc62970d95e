"""Records of cited pages: a stable name for each URL, JSON that reads back to the same
record, every wrong value said at its line, and the status a run's read gives a record with
its history (dead after errors on three runs, each three days after the last)."""

from __future__ import annotations

import pytest

from generator.model import SourceMiss, SourcePassage, SourceRead, SourceRecord
from generator.problems import Problems
from generator.read.sources import load_source, record_name
from generator.sources.records import dump, status_after

RECORD = SourceRecord(
    "https://www.example.com/news/shells?id=7", "moved", "r.yaml", 2,
    (SourceRead("2025-05-08", "live"), SourceRead("2025-06-01", "moved")),
    final_url="https://example.com/news/shells-7", http_status=200,
    content_type="text/html; charset=utf-8", title="North Korea ships shells: a report",
    site_name="Example News", author="A. Writer", date="2025-05-07",
    archived_url="https://web.archive.org/web/20250508000000/https://www.example.com/news/shells?id=7",
    archived_timestamp="20250508000000", digest="sha256:" + "ab" * 32,
    passages=(SourcePassage("nk-shells", 1, "North Korea has sent up to six million artillery shells.",
                            ((27, 38),), "6000000"),),
    missed=(SourceMiss("nk-shells", 2, "10000 12000"),))


def test_a_record_is_named_for_its_host_and_a_digest_of_its_url() -> None:
    assert record_name("https://www.Example.com/a?b=c") == "example-com-" + record_name(
        "https://www.Example.com/a?b=c")[-17:]
    assert record_name("https://www.example.com/a").startswith("example-com-")
    assert record_name("https://www.example.com/a") != record_name("https://www.example.com/b")
    assert record_name("https://www.example.com/a").endswith(".json")


def test_a_record_written_reads_back_the_same() -> None:
    text = dump(RECORD)
    assert text.startswith('{\n "url": "https://www.example.com/news/shells?id=7",\n "status": "moved",\n')
    assert ' "passages": [\n  {"sheet": "nk-shells", "figure": 1, "value": "6000000", "text": ' in text
    problems = Problems()
    assert load_source(text, "r.json", problems) == RECORD._replace(path="r.json", line=3)
    assert problems.items == []


def test_a_record_with_only_what_is_required_reads() -> None:
    record = SourceRecord("https://example.org/x", "unchecked", "r.json", 3)
    assert load_source(dump(record), "r.json", Problems()) == record


B = '{"url": "https://a.org/", "status": "live", '


@pytest.mark.parametrize("text, message", [
    ("", "1:1: the source record is empty; it needs at least 'url' and 'status'"),
    ('{"url": "https://a.org/"}', "1:1: the source record is missing the required key 'status'"),
    ('{"url": "javascript:alert(1)", "status": "live"}',
     "1:9: only http:// and https:// links are allowed, got 'javascript:alert(1)'"),
    ('{"url": "https://a.org/",\n "status": "gone"}',
     "2:12: status must be one of live, moved, dead, blocked, error, unchecked; got 'gone'"),
    (B + '"history": [\n  {"date": "May 8", "outcome": "live"}]}',
     "2:12: date must be YYYY-MM-DD, got 'May 8'"),
    (B + '"passages": [\n  {"sheet": "a", "figure": 1, "value": "5", "text": "abc", '
         '"marks": [[0, 1], [1, 9]]}]}',
     "2:78: a mark is [start, end] within the passage's 3 characters"),
    (B + '"script": "<script>"}',
     "1:55: unknown key 'script' in the source record; expected one of: url, status, final_url, http_status, "
     "content_type, title, site_name, author, date, digest, archived, history, passages, missed"),
    ("url: https://a.org/\nstatus: live\n", "1:1: not valid JSON: Expecting value"),
    ('{"url": "https://a.org/", "status": "live", "status": "dead"}',
     "1:45: the key 'status' is given twice"),
    ('{"url": "https://a.org/", "status": "live", "http_status": NaN}',
     "1:60: NaN is not a number JSON allows"),
    ("[1, 2]", "1:1: the source record must be a mapping of keys to values, got a list"),
])
def test_a_wrong_record_is_said_at_its_line_and_not_used(text: str, message: str) -> None:
    problems = Problems()
    assert load_source(text, "r.json", problems) is None
    line, col, why = message.split(":", 2)
    assert [str(p) for p in problems.items] == [f"r.json:{line}:{col}: error:{why}"]


@pytest.mark.parametrize("errors, expected", [
    (["2025-05-01", "2025-05-04", "2025-05-07"], "dead"),  # three runs, each three days after the last
    (["2025-05-01", "2025-05-02", "2025-05-03"], "error"),  # three runs within three days
    (["2025-05-01", "2025-05-04"], "error"),  # two runs only
    (["2025-05-01", "2025-05-02", "2025-05-04", "2025-05-05", "2025-05-07"], "dead"),
])
def test_errors_on_three_runs_three_days_apart_make_a_page_dead(errors: list[str], expected: str) -> None:
    history = tuple(SourceRead(day, "error") for day in errors)
    assert status_after(history, "error") == expected


def test_any_other_read_is_the_status() -> None:
    history = tuple(SourceRead(day, "error") for day in ("2025-05-01", "2025-05-04", "2025-05-07"))
    assert status_after((*history, SourceRead("2025-05-10", "live")), "live") == "live"
    assert status_after((), "blocked") == "blocked"


@pytest.mark.parametrize("text, message", [
    ('{"url": ["x"], "status": "live"}', "1:9: url must be text, got a list"),
    (B + '"final_url": ["x"]}', "1:58: final_url must be text, got a list"),
    (B + '"final_url": "ftp://x"}', "1:58: only http:// and https:// links are allowed, got 'ftp://x'"),
    (B + '"http_status": "x"}', "1:60: http_status must be a whole number, got 'x'"),
    (B + '"http_status": true}', "1:60: http_status must be a whole number, got true"),
    (B + '"history": 5}', "1:56: history must be a list, got the number 5"),
    (B + '"passages": {"a": 1}}', "1:57: passages must be a list, got a mapping"),
    (B + '"archived": ["x"]}', "1:57: archived must be a mapping of keys to values, got a list"),
    (B + '"archived": {"timestamp": "x"}}', "1:57: archived is missing the required key 'url'"),
    (B + '"archived": {"url": ["x"]}}', "1:65: archived url must be text, got a list"),
    (B + '"archived": {"url": "https://w.org/a", "timestamp": "' + "1" * 21 + '"}}',
     "1:97: archived timestamp is 21 characters long; at most 20"),
    (B + '"title": "' + "t" * 501 + '"}', "1:54: title is 501 characters long; at most 500"),
    (B + '"title": "a\\u202eb"}', "1:54: title contains the control character U+202E"),
    (B + '"content_type": ["x"]}', "1:61: content_type must be text, got a list"),
    (B + '"digest": "' + "d" * 101 + '"}', "1:55: digest is 101 characters long; at most 100"),
    (B + '"history": [{"date": "2025-05-01", "outcome": "unchecked"}]}',
     "1:91: outcome must be one of live, moved, dead, blocked, error; got 'unchecked'"),
    (B + '"history": [{"date": "2025-05-01"}]}', "1:57: a read is missing the required key 'outcome'"),
    (B + '"passages": [{"sheet": "Bad_Slug", "figure": 1, "value": "5", "text": "abc", "marks": []}]}',
     "1:68: sheet must be a sheet's slug, got 'Bad_Slug'"),
    (B + '"passages": [{"sheet": "a", "figure": "x", "value": "5", "text": "abc", "marks": []}]}',
     "1:83: figure must be a whole number, got 'x'"),
    (B + '"passages": [{"sheet": "a", "figure": 1, "value": "5", "marks": []}]}',
     "1:58: a passage is missing the required key 'text'"),
    (B + '"passages": [{"sheet": "a", "figure": 1, "value": "5", "text": "abc", "marks": [3]}]}',
     "1:125: a mark is [start, end] within the passage's 3 characters"),
    (B + '"passages": [{"sheet": "a", "figure": 1, "text": "abc", "marks": []}]}',
     "1:58: a passage is missing the required key 'value'"),
    (B + '"missed": [{"sheet": "a", "figure": 1, "value": [5]}]}', "1:93: value must be text, got a list"),
    (B + '"missed": [{"sheet": "a", "figure": 1}]}',
     "1:56: a figure not found is missing the required key 'value'"),
    (B + '"missed": [{"sheet": "A", "figure": 1, "value": "1"}]}',
     "1:66: sheet must be a sheet's slug, got 'A'"),
])
def test_every_part_of_a_record_is_checked(text: str, message: str) -> None:
    test_a_wrong_record_is_said_at_its_line_and_not_used(text, message)


def test_an_archived_copy_without_a_timestamp_and_a_status_code_read() -> None:
    problems = Problems()
    text = B + '"archived": {"url": "https://w.org/a"}, "http_status": 404, "history": []}'
    record = load_source(text, "r.json", problems)
    assert record is not None and problems.items == []
    assert (record.archived_url, record.archived_timestamp, record.http_status, record.history) == (
        "https://w.org/a", "", 404, ())


def test_a_value_is_found_again_in_the_text_by_its_keys_and_places() -> None:
    from generator.read.strict_json import locate
    text = '{\n "a": [1, {"b": "x", "c": [true, null]}],\n "d": {}\n}'
    assert locate(text, ("a", 1, "c", 1)) == (2, 34)
    assert locate(text, ("d",)) == (3, 7)
    assert locate(text, ("a", 5)) == (2, 7)  # (no sixth item: the list)
    assert locate(text, ("z",)) == (1, 1)
