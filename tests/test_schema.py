"""The JSON Schemas for editors: shipped as generated, equal to what the loader accepts (keys,
required keys, types, enums, patterns), and agreeing with it on valid and invalid files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import generator.read.figures as figures
from generator.authoring.schema import DATE_PATTERN, FILES, SCHEMAS, schema_text
from generator.problems import Problems
from generator.read.dates import DateError, parse_partial_date
from generator.read.figures import load_figures, load_series_info

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


class Yaml12Loader(yaml.SafeLoader):
    """What an editor's YAML 1.2 reader makes of a file: no dates (2025-05-07 is text), only
    true/false as booleans (NO is text), so the schema is tested on what editors see."""


_YAML_1_2 = {  # the core schema's plain scalars (those PyYAML reads otherwise, from YAML 1.1)
    "tag:yaml.org,2002:bool": (r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    "tag:yaml.org,2002:int": (r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    "tag:yaml.org,2002:float": (r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
}
Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in (*_YAML_1_2, "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _tag, (_pattern, _first) in _YAML_1_2.items():
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def instance(text: str) -> Any:
    """The file as JSON: mapping keys become text, as a JSON object's are."""
    def json_like(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): json_like(v) for k, v in value.items()}
        if isinstance(value, list):
            return [json_like(v) for v in value]
        return value
    return json_like(yaml.load(text, Loader=Yaml12Loader))  # (a SafeLoader)


def schema_errors(name: str, text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMAS[name]())
    return [e.message for e in validator.iter_errors(instance(text))]


def loader_errors(name: str, text: str) -> list[str]:
    problems = Problems()
    if name == "figures":
        load_figures(text, "f.yaml", problems)
    else:
        load_series_info(text, "s.yaml", "s", problems)
    return [p.message for p in problems.errors]


def test_the_shipped_schemas_are_the_generated_ones_and_valid_schemas() -> None:
    for name, file in FILES.items():
        assert (REPO / file).read_text(encoding="utf-8") == schema_text(name), \
            f"{file} is stale: run factsheet schema --write"
        jsonschema.Draft202012Validator.check_schema(SCHEMAS[name]())


def test_factsheet_schema_prints_it() -> None:
    run = subprocess.run([sys.executable, "-m", "generator", "schema", "series"], cwd="/",
                         capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout) == (0, schema_text("series"))


def test_the_schema_has_the_loaders_keys_required_keys_enums_and_patterns() -> None:
    schema = SCHEMAS["figures"]()
    top = schema["properties"]
    figure = top["figures"]["items"]
    event = top["events"]["items"]
    reference = top["references"]["additionalProperties"]
    for mapping, keys, required in ((schema, figures.TOP_KEYS, ()),
                                    (figure, figures.FIGURE_KEYS, figures.FIGURE_REQUIRED),
                                    (event, figures.EVENT_KEYS, figures.EVENT_REQUIRED),
                                    (reference, figures.REFERENCE_KEYS, ())):
        assert tuple(mapping["properties"]) == keys
        assert tuple(mapping.get("required", ())) == required
        assert mapping["additionalProperties"] is False
    assert tuple(SCHEMAS["series"]()["properties"]) == figures.SERIES_KEYS
    assert figure["properties"]["qualifier"]["enum"] == list(figures.QUALIFIERS)
    assert figure["properties"]["series"]["pattern"] == figures.SLUG.pattern
    assert figure["properties"]["series"]["not"]["enum"] == sorted(figures.RESERVED_SERIES)
    assert top["tags"]["items"]["pattern"] == figures.SLUG.pattern
    for name, longest in (("label", figures.LONGEST["label"]), ("unit", figures.LONGEST["unit"]),
                          ("by", figures.LONGEST["by"]), ("note", figures.LONGEST["note"])):
        assert figure["properties"][name]["maxLength"] == longest


def _properties(schema: dict[str, Any], where: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    for name, value in schema.get("properties", {}).items():
        found.append((f"{where}{name}", value))
        for inner in (value, value.get("items", {}), value.get("additionalProperties") or {}):
            if isinstance(inner, dict) and inner is not value:
                found.extend(_properties(inner, f"{where}{name}."))
    return found


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_property_is_described_with_an_example(name: str) -> None:
    properties = _properties(SCHEMAS[name]())
    keys = (figures.TOP_KEYS, figures.FIGURE_KEYS, figures.EVENT_KEYS, figures.REFERENCE_KEYS) \
        if name == "figures" else (figures.SERIES_KEYS,)
    assert len(properties) == sum(map(len, keys))
    for where, schema in properties:
        assert len(schema.get("description", "")) > 10, where
        assert schema.get("examples"), where


@pytest.mark.parametrize("text", ["2025", "2025-05", "2025-05-07", "2024-02-29", "0999", "2025-00",
                                  "2025-13", "2025-05-32", "2025-5", "25", "2025-05-07T10:00",
                                  "May 2025", "2025-05-00"])
def test_the_date_pattern_reads_dates_as_the_loader_does(text: str) -> None:
    try:
        parse_partial_date(text)
        loader = True
    except DateError:
        loader = False
    assert bool(re.search(DATE_PATTERN, text)) == loader


def _valid_files() -> list[Path]:
    # (source records are not written by hand: factsheet sources writes them, and their
    # checks are tests/test_source_records.py's)
    return sorted(p for p in [*REPO.glob("content/*/*.yaml"), *FIXTURES.rglob("*.yaml")]
                  if p.parent.name != "sources")


@pytest.mark.parametrize("path", _valid_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_each_valid_file_validates(path: Path) -> None:
    name = "series" if path.parent.name == "series" else "figures"
    text = path.read_text(encoding="utf-8")
    assert loader_errors(name, text) == []
    assert schema_errors(name, text) == []


FIGURE = "figures:\n  - label: Troops\n    value: 100\n    source: 1\n"


@pytest.mark.parametrize(("name", "text"), [
    ("figures", "colour: red\n"),
    ("figures", "- a list\n"),
    ("figures", "tags: [North Korea]\n"),
    ("figures", "tags: [index]\n"),
    ("figures", "tags: north-korea\n"),
    ("figures", "title: ''\n"),
    ("figures", "title: '   '\n"),
    ("figures", "title: [a, b]\n"),
    ("figures", "title:\n"),
    ("figures", "summary: {a: b}\n"),
    ("figures", "figures: {label: x}\n"),
    ("figures", "figures:\n  - label: Troops\n    value: 100\n"),
    ("figures", "figures:\n  - value: 100\n    source: 1\n"),
    ("figures", FIGURE + "    colour: red\n"),
    ("figures", FIGURE.replace("100", "'100'")),
    ("figures", FIGURE.replace("100", "n/a")),
    ("figures", FIGURE.replace("100", "NO")),
    ("figures", FIGURE.replace("100", "[1, 2, 3]")),
    ("figures", FIGURE.replace("100", "[1]")),
    ("figures", FIGURE.replace("100", "[1, two]")),
    ("figures", FIGURE + "    qualifier: roughly\n"),
    ("figures", FIGURE + "    qualifier: About\n"),
    ("figures", FIGURE.replace("source: 1", "source: one")),
    ("figures", FIGURE.replace("source: 1", "source: '1'")),
    ("figures", FIGURE.replace("source: 1", "source: []")),
    ("figures", FIGURE.replace("source: 1", "source: [1, x]")),
    ("figures", FIGURE + "    as_of: 2025-13\n"),
    ("figures", FIGURE + "    as_of: May 2025\n"),
    ("figures", FIGURE + "    as_of: 25\n"),
    ("figures", FIGURE + "    unit: " + "x" * 41 + "\n"),
    ("figures", FIGURE + "    by: [a]\n"),
    ("figures", FIGURE + "    series: North Korea\n"),
    ("figures", FIGURE + "    series: index\n"),
    ("figures", FIGURE + "    note: ''\n"),
    ("figures", "events:\n  - date: 2024\n"),
    ("figures", "events:\n  - title: x\n"),
    ("figures", "events:\n  - {date: 2024-5, title: x}\n"),
    ("figures", "events:\n  - {date: 2024, title: x, place: y}\n"),
    ("figures", "references:\n  one: {title: x}\n"),
    ("figures", "references:\n  1: {author: x}\n"),
    ("figures", "references:\n  1:\n"),
    ("figures", "references: [1]\n"),
    ("series", "colour: red\n"),
    ("series", "title: [a]\n"),
    ("series", "unit: ''\n"),
    ("series", "- a list\n"),
])
def test_each_invalid_file_is_refused_by_both(name: str, text: str) -> None:
    assert loader_errors(name, text), "the loader accepted it"
    assert schema_errors(name, text), "the schema accepted it"


@pytest.mark.parametrize("text", [
    "",  # (the loader: "the figures file is empty"; to an editor, no document at all)
    FIGURE.replace("100", "1e3"), FIGURE.replace("100", "0x1F"), FIGURE.replace("100", "[5, 3]"),
    FIGURE + "    as_of: 2025-02-30\n",
])
def test_what_only_the_check_refuses(text: str) -> None:
    """The schema's descriptions say so: these need `factsheet check`."""
    assert loader_errors("figures", text)
    assert schema_errors("figures", text) == []


def test_the_editor_settings_map_the_content_files_to_the_schemas() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./schemas/figures.schema.json": ["content/articles/**/*.yaml"],
                                        "./schemas/series.schema.json": ["content/series/**/*.yaml"]}
    for path in _valid_files():
        if path.is_relative_to(REPO / "content"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            kind = "series" if path.parent.name == "series" else "figures"
            assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
