"""Records of cited pages: a stable name for each URL, YAML that reads back to the same
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
    assert record_name("https://www.example.com/a").endswith(".yaml")


def test_a_record_written_reads_back_the_same() -> None:
    text = dump(RECORD)
    assert text.startswith("url: https://www.example.com/news/shells?id=7\nstatus: moved\n")
    problems = Problems()
    assert load_source(text, "r.yaml", problems) == RECORD
    assert problems.items == []


def test_a_record_with_only_what_is_required_reads() -> None:
    record = SourceRecord("https://example.org/x", "unchecked", "r.yaml", 2)
    assert load_source(dump(record), "r.yaml", Problems()) == record


@pytest.mark.parametrize("text, message", [
    ("", "r.yaml:1:1: error: the source record is empty; it needs at least 'url' and 'status'"),
    ("url: https://a.org/\n", "r.yaml:1:1: error: the source record is missing the required key 'status'"),
    ("url: javascript:alert(1)\nstatus: live\n",
     "r.yaml:1:6: error: only http:// and https:// links are allowed, got 'javascript:alert(1)'"),
    ("url: https://a.org/\nstatus: gone\n",
     "r.yaml:2:9: error: status must be one of live, moved, dead, blocked, error, unchecked; got 'gone'"),
    ("url: https://a.org/\nstatus: live\nhistory:\n  - {date: May 8, outcome: live}\n",
     "r.yaml:4:12: error: date must be YYYY-MM-DD, got 'May 8'"),
    ("url: https://a.org/\nstatus: live\npassages:\n"
     "  - {sheet: a, figure: 1, text: abc, marks: [[1, 9]], value: '5'}\n",
     "r.yaml:4:46: error: a mark is [start, end] within the passage's 3 characters"),
    ("url: https://a.org/\nstatus: live\nscript: <script>\n",
     "r.yaml:3:1: error: unknown key 'script' in the source record; expected one of: url, status, final_url, "
     "http_status, content_type, title, site_name, author, date, digest, archived, history, passages, "
     "missed"),
])
def test_a_wrong_record_is_said_at_its_line_and_not_used(text: str, message: str) -> None:
    problems = Problems()
    assert load_source(text, "r.yaml", problems) is None
    assert [str(p) for p in problems.items] == [message]


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


BASE = "url: https://a.org/\nstatus: live\n"


@pytest.mark.parametrize("text, message", [
    ("url: [x]\nstatus: live\n", "r.yaml:1:6: error: url must be text, got a list"),
    (BASE + "final_url: [x]\n", "r.yaml:3:12: error: final_url must be text, got a list"),
    (BASE + "final_url: ftp://x\n",
     "r.yaml:3:12: error: only http:// and https:// links are allowed, got 'ftp://x'"),
    (BASE + "http_status: x\n", "r.yaml:3:14: error: http_status must be a whole number, got 'x'"),
    (BASE + "history: 5\n", "r.yaml:3:10: error: history must be a list, got '5'"),
    (BASE + "passages: {a: 1}\n", "r.yaml:3:11: error: passages must be a list, got a mapping"),
    (BASE + "archived: [x]\n",
     "r.yaml:3:11: error: archived must be a mapping of keys to values, got a list"),
    (BASE + "archived: {timestamp: x}\n", "r.yaml:3:11: error: archived is missing the required key 'url'"),
    (BASE + "archived: {url: [x]}\n", "r.yaml:3:17: error: archived url must be text, got a list"),
    (BASE + "archived: {url: 'https://w.org/a', timestamp: " + "1" * 21 + "}\n",
     "r.yaml:3:47: error: archived timestamp is 21 characters long; at most 20"),
    (BASE + "title: " + "t" * 501 + "\n", "r.yaml:3:8: error: title is 501 characters long; at most 500"),
    (BASE + "content_type: [x]\n", "r.yaml:3:15: error: content_type must be text, got a list"),
    (BASE + "digest: " + "d" * 101 + "\n", "r.yaml:3:9: error: digest is 101 characters long; at most 100"),
    (BASE + "history:\n  - {date: 2025-05-01, outcome: unchecked}\n",
     "r.yaml:4:33: error: outcome must be one of live, moved, dead, blocked, error; got 'unchecked'"),
    (BASE + "history:\n  - {date: 2025-05-01}\n",
     "r.yaml:4:5: error: a read is missing the required key 'outcome'"),
    (BASE + "passages:\n  - {sheet: Bad_Slug, figure: 1, text: abc, marks: [], value: '5'}\n",
     "r.yaml:4:13: error: sheet must be a sheet's slug, got 'Bad_Slug'"),
    (BASE + "passages:\n  - {sheet: a, figure: x, text: abc, marks: [], value: '5'}\n",
     "r.yaml:4:24: error: figure must be a whole number, got 'x'"),
    (BASE + "passages:\n  - {sheet: a, figure: 1, marks: [], value: '5'}\n",
     "r.yaml:4:5: error: a passage is missing the required key 'text'"),
    (BASE + "passages:\n  - {sheet: a, figure: 1, text: abc, marks: [3], value: '5'}\n",
     "r.yaml:4:46: error: a mark is [start, end] within the passage's 3 characters"),
    (BASE + "passages:\n  - {sheet: a, figure: 1, text: abc, marks: []}\n",
     "r.yaml:4:5: error: a passage is missing the required key 'value'"),
    (BASE + "missed:\n  - {sheet: a, figure: 1, value: [5]}\n",
     "r.yaml:4:34: error: value must be text, got a list"),
    (BASE + "missed:\n  - {sheet: a, figure: 1}\n",
     "r.yaml:4:5: error: a figure not found is missing the required key 'value'"),
    (BASE + "missed:\n  - {sheet: A, figure: 1, value: '1'}\n",
     "r.yaml:4:13: error: sheet must be a sheet's slug, got 'A'"),
])
def test_every_part_of_a_record_is_checked(text: str, message: str) -> None:
    problems = Problems()
    assert load_source(text, "r.yaml", problems) is None
    assert [str(p) for p in problems.items] == [message]


def test_an_archived_copy_without_a_timestamp_and_a_status_code_read() -> None:
    problems = Problems()
    text = BASE + "archived: {url: 'https://w.org/a'}\nhttp_status: 404\nhistory: []\n"
    record = load_source(text, "r.yaml", problems)
    assert record is not None and problems.items == []
    assert (record.archived_url, record.archived_timestamp, record.http_status, record.history) == (
        "https://w.org/a", "", 404, ())
