from __future__ import annotations

import pytest

from generator.model import FigureSet
from generator.problems import Problems
from generator.read.figures import load_figures

from .conftest import messages

GOOD = """\
title: A title
summary: One sentence.
tags: [north-korea, russia]
figures:
  - label: Shells
    value: 6000000
    qualifier: up to
    unit: shells
    as_of: 2025-05
    source: 1
    quote: up to six million shells
    note: estimate
  - label: Troops
    value: [10000, 12000]
    source: [1, 2]
events:
  - date: 2022
    end: 2023-03
    title: Shipments begin
    source: 1
references:
  1: {title: Report, publisher: Stars and Stripes}
  3: {url: "https://example.com/new", title: Extra}
"""


def load(text: str) -> tuple[FigureSet | None, list[str]]:
    problems = Problems()
    figure_set = load_figures(text, "f.yaml", problems)
    return figure_set, messages(problems)


def test_good_file_loads() -> None:
    figure_set, problems = load(GOOD)
    assert problems == []
    assert figure_set is not None
    assert figure_set.tags == ("north-korea", "russia")
    shells, troops = figure_set.figures
    assert (shells.value, shells.qualifier, shells.unit, shells.as_of and shells.as_of.iso) == (
        (6000000,), "up to", "shells", "2025-05")
    assert shells.at("quote") == (11, 12)
    assert (troops.value, troops.sources) == ((10000, 12000), (1, 2))
    event = figure_set.events[0]
    assert (event.date.iso, event.end and event.end.iso, event.sources) == ("2022", "2023-03", (1,))
    assert [(r.number, r.url, r.title, r.publisher) for r in figure_set.references] == [
        (1, "", "Report", "Stars and Stripes"), (3, "https://example.com/new", "Extra", ""),
    ]


def figure(**fields: str) -> str:
    base = {"label": "Troops", "value": "100", "source": "1"} | fields
    lines = [f"    {k}: {v}" for k, v in base.items() if v != "-"]
    return "figures:\n  -\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize(("fields", "message"), [
    ({"value": "'100'"}, "f.yaml:4:12: error: figure 'Troops': value must be a number written in "
                         "digits (e.g. 6000000 or 2.5), got quoted text '100'"),
    ({"value": "n/a"}, "f.yaml:4:12: error: figure 'Troops': value must be a number written in "
                       "digits (e.g. 6000000 or 2.5), got 'n/a'"),
    ({"value": ".nan"}, "f.yaml:4:12: error: figure 'Troops': value must be a number written in "
                        "digits (e.g. 6000000 or 2.5), got '.nan'"),
    ({"value": "0x1F"}, "f.yaml:4:12: error: figure 'Troops': value must be a number written in "
                        "digits (e.g. 6000000 or 2.5), got '0x1F'"),
    ({"value": "1e3"}, "f.yaml:4:12: error: figure 'Troops': value must be a number written in "
                       "digits (e.g. 6000000 or 2.5), got '1e3'"),
    ({"value": "NO"}, "f.yaml:4:12: error: figure 'Troops': value must be a number written in "
                      "digits (e.g. 6000000 or 2.5), got 'NO'"),
    ({"value": "9" * 5000}, "f.yaml:4:12: error: figure 'Troops': value has 5000 digits before the point "
                            "and 0 after; at most 18 and 12 are accepted (longer numbers lose their last "
                            "digits in spreadsheets and JSON readers)"),
    ({"value": "[5, 3]"}, "f.yaml:4:12: error: figure 'Troops': a range must have low < high, "
                          "got [5, 3]"),
    ({"value": "[1, 2, 3]"}, "f.yaml:4:12: error: figure 'Troops': a range is written [low, high], "
                             "got 3 items"),
    ({"qualifier": "roughly"}, "f.yaml:6:16: error: figure 'Troops': qualifier must be one of "
                               "about, up to, at least, more than, less than, nearly; got 'roughly'"),
    ({"source": "one"}, "f.yaml:5:13: error: figure 'Troops': source must be a whole number, "
                        "got 'one'"),
    ({"as_of": "2024-02-30"}, "f.yaml:6:12: error: figure 'Troops': as_of: '2024-02-30' is not a "
                              "day of the calendar"),
    ({"label": "-"}, "f.yaml:3:5: error: a figure is missing the required key 'label'"),
    ({"colour": "red"}, "f.yaml:6:5: error: unknown key 'colour' in a figure; expected one of: "
                        "label, value, qualifier, unit, as_of, source, quote, note, series, by"),
    ({"label": "[a, b]"}, "f.yaml:3:12: error: label must be text, got a list"),
])
def test_figure_errors_name_the_line_and_the_problem(fields: dict[str, str], message: str) -> None:
    figure_set, problems = load(figure(**fields))
    assert problems == [message]
    assert figure_set is not None  # (the rest of the file is still checked against the article)


@pytest.mark.parametrize(("text", "message"), [
    ("a: 1\na: 2\n", "f.yaml:2:1: error: duplicate key 'a' (first on line 1)"),
    ("figures: &x []\nevents: *x\n", "f.yaml:2:9: error: YAML aliases (*name) are not allowed; "
                                     "write the value out"),
    ("title: !!python/object/apply:os.system [echo]\n", "f.yaml:1:8: error: YAML tags such as "
     "'tag:yaml.org,2002:python/object/apply:os.system' are not allowed"),
    ("title: !custom x\n", "f.yaml:1:8: error: YAML tags such as '!custom' are not allowed"),
    ("figures: [\n", "f.yaml:2:1: error: invalid YAML: while parsing a flow node did not find "
                     "expected node content"),
    ("- just\n- a list\n", "f.yaml:1:1: error: the figures file must be a mapping of keys to "
                           "values, got a list"),
    ("tags: [North Korea]\n", "f.yaml:1:8: error: tag 'North Korea' must be lower-case letters, "
                              "digits and hyphens (e.g. north-korea)"),
    ("events:\n  - {date: 2024-05, end: 2024-01, title: x}\n",
     "f.yaml:2:26: error: event 'x': end 2024-01 is before its date 2024-05"),
    ("references:\n  4: {title: Only a title}\n", None),
    ("summary: \"bidi \\u202e 21\"\n", "f.yaml:1:10: error: summary contains the control "
                                       "character U+202E"),
])
def test_file_level_errors(text: str, message: str | None) -> None:
    _, problems = load(text)
    if message is None:
        assert problems == []
    else:
        assert any(p.startswith(message) for p in problems), problems


def test_duplicate_key_message() -> None:
    _, problems = load("title: a\ntitle: b\n")
    assert problems == ["f.yaml:2:1: error: duplicate key 'title' (first on line 1)"]


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8))
    _, problems = load(bomb)
    assert problems and all("aliases" in p for p in problems)


def test_every_problem_of_a_file_at_once() -> None:
    text = "figures:\n  - {label: A, value: x, source: 1}\n  - {label: B, value: 2, source: y}\n"
    _, problems = load(text)
    assert len(problems) == 2
