"""Bibliography file checks: one located diagnostic per problem, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from citation_data import bibliography_json, record
from conftest import ROOT
from kbcheck.citations import rules
from kbcheck.citations.bibliography import load_bibliography

TODAY = dt.date(2026, 6, 1)


def problems(tmp_path: Path, text: str) -> list[tuple[str, int, int, str]]:
    path = tmp_path / "bib.json"
    path.write_text(text, encoding="utf-8")
    return [(d.code, d.line, d.column, d.message) for d in load_bibliography(path, TODAY).problems]


def test_valid_records_load_without_problems(tmp_path: Path) -> None:
    """Complete records give no diagnostics and are indexed by id."""
    path = tmp_path / "bib.json"
    path.write_text(bibliography_json(record("a2020"), record("b2021")), encoding="utf-8")
    loaded = load_bibliography(path, TODAY)
    assert loaded.problems == []
    assert list(loaded.records) == ["a2020", "b2021"]
    assert loaded.records["b2021"].line == 30


def test_invalid_json_reports_line_and_column(tmp_path: Path) -> None:
    """A syntax error names the line and column the json module found."""
    assert problems(tmp_path, '[\n  {"id": "a",\n   "title" "x"}\n]\n') == [
        ("KB201", 3, 12, "invalid JSON: Expecting ':' delimiter")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("{}", "must be a JSON array"), ("[]", "the bibliography is empty"), ('"x"', "must be a JSON array")],
)
def test_wrong_top_level(tmp_path: Path, text: str, message: str) -> None:
    """Not an array, or an empty one, is one KB201."""
    (found,) = problems(tmp_path, text)
    assert found[0] == "KB201"
    assert message in found[3]


def test_entry_that_is_not_an_object(tmp_path: Path) -> None:
    """A string inside the array is KB202 at its own line."""
    text = '[\n  "just text",\n' + bibliography_json(record("a"))[1:]
    assert problems(tmp_path, text) == [("KB202", 2, 3, "entry 1 is a string, not a record object")]


def test_duplicate_ids_report_both_lines(tmp_path: Path) -> None:
    """Each occurrence of a duplicated id is reported, naming the other line."""
    found = problems(tmp_path, bibliography_json(record("a"), record("a")))
    assert sorted((f[0], f[1]) for f in found) == [("KB203", 3), ("KB203", 31)]
    assert any("used again at line 31" in f[3] for f in found)
    assert any("first used at line 3" in f[3] for f in found)


@pytest.mark.parametrize("field", ["title", "author", "issued", "evidence", "type"])
def test_missing_required_field(tmp_path: Path, field: str) -> None:
    """Each required field, when absent, is KB204 naming it."""
    found = problems(tmp_path, bibliography_json(record("a", **{field: None})))
    assert ("KB204", 2, 3, f"record 'a' lacks '{field}'") in found


def test_needs_an_identifier_and_a_container(tmp_path: Path) -> None:
    """No DOI/PMID/URL, or no container-title/publisher, is KB204."""
    found = problems(tmp_path, bibliography_json(record("a", DOI=None, container_title=None)))
    messages = {f[3] for f in found}
    assert "record 'a' needs at least one of: DOI, PMID, URL" in messages
    assert "record 'a' needs at least one of: container-title, publisher" in messages


def test_organisation_author_and_url_only_record_are_valid(tmp_path: Path) -> None:
    """An organisation as `literal` author and a URL instead of a DOI are accepted."""
    item = record("org", type="report", author=[{"literal": "Agency"}], DOI=None, URL="https://example.org/r")
    assert problems(tmp_path, bibliography_json(item)) == []


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("DOI", "https://doi.org/10.1/x", "KB205"),
        ("DOI", "10.12/x", "KB205"),
        ("PMID", "12a34", "KB205"),
        ("PMCID", "5729569", "KB205"),
        ("issued", {"date-parts": [[1850]]}, "KB206"),
        ("issued", {"date-parts": [[2028]]}, "KB206"),
        ("evidence", "rtc", "KB207"),
        ("id", "my key", "KB208"),
        ("author", [{"given": "Only"}], "KB209"),
    ],
)
def test_malformed_values_point_at_the_field(tmp_path: Path, field: str, value: object, code: str) -> None:
    """Bad identifiers, years, evidence kinds, ids and authors get their own code at the field's line."""
    found = problems(tmp_path, bibliography_json(record("a", **{field: value})))
    assert [f[0] for f in found] == [code]
    text = bibliography_json(record("a", **{field: value}))
    expected_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(f'"{field}"'))
    assert found[0][1] == expected_line


def test_unknown_evidence_suggests_the_closest_kind(tmp_path: Path) -> None:
    """A misspelt evidence kind gets a did-you-mean hint."""
    path = tmp_path / "bib.json"
    path.write_text(bibliography_json(record("a", evidence="systematic-reveiw")), encoding="utf-8")
    (diagnostic,) = load_bibliography(path, TODAY).problems
    assert diagnostic.hint == "did you mean 'systematic-review'?"


def test_missing_file_is_not_an_error_by_itself(tmp_path: Path) -> None:
    """A project without a bibliography loads as empty; the checks decide whether that matters."""
    loaded = load_bibliography(tmp_path / "nope.json", TODAY)
    assert not loaded.exists
    assert loaded.problems == []


def test_real_bibliography_has_a_known_evidence_kind_on_every_record() -> None:
    """Every record of the project carries an evidence kind readers can see."""
    records = json.loads((ROOT / "data/bibliography.json").read_text(encoding="utf-8"))
    assert records
    assert all(r.get("evidence") in rules.EVIDENCE_LABELS for r in records)
