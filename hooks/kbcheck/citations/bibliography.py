"""The bibliography: a CSL-JSON file read with :mod:`json`, checked with :mod:`jsonschema`.

Records keep the line and column of their opening brace and of each field, so
every problem is reported as ``data/bibliography.json:LINE:COL``. The standard
json parser does the parsing; :func:`_locate` only walks the already-valid text
with the same parser's scanners to learn where each record and field starts.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from .. import jsonload
from ..diagnostics import Diagnostic
from ..markdown_scan import LineIndex
from ..project import display_path
from . import rules

KEY_PATTERN = r"[A-Za-z0-9_](?:[A-Za-z0-9_:.\-]*[A-Za-z0-9_])?"
# Fields readers and verification rely on; `evidence` is this project's own.
REQUIRED = ("id", "type", "title", "author", "issued", "evidence")
ONE_OF = (("container-title", "publisher"), ("DOI", "PMID", "URL"))
IDENTIFIERS = {"DOI", "PMID", "PMCID"}
FIELD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": f"^{KEY_PATTERN}$"},
        "type": {"type": "string", "minLength": 1},
        "title": {"type": "string", "minLength": 1},
        "container-title": {"type": "string", "minLength": 1},
        "publisher": {"type": "string", "minLength": 1},
        "author": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "anyOf": [{"required": ["family"]}, {"required": ["literal"]}],
                "properties": {
                    "family": {"type": "string"},
                    "given": {"type": "string"},
                    "literal": {"type": "string"},
                },
            },
        },
        "issued": {
            "type": "object",
            "required": ["date-parts"],
            "properties": {
                "date-parts": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "array", "minItems": 1, "items": {"type": ["integer", "string"]}},
                }
            },
        },
        "DOI": {
            "type": "string",
            "pattern": r"^10\.\d{4,9}/\S+$",
            "description": "10.NNNN/suffix, no https://doi.org/",
        },
        "PMID": {"type": "string", "pattern": r"^[1-9][0-9]{0,8}$", "description": "digits only"},
        "PMCID": {"type": "string", "pattern": r"^PMC[0-9]+$", "description": "PMC followed by digits"},
        "URL": {"type": "string", "pattern": r"^https?://\S+$"},
        "evidence": {"enum": list(rules.EVIDENCE_LABELS)},
    },
}
_VALIDATOR = jsonschema.Draft202012Validator(FIELD_SCHEMA)
_SPACE = re.compile(r"[ \t\n\r]*")


@dataclass
class Record:
    """One bibliography entry and where it sits in the file."""

    id: str
    data: dict[str, Any]
    line: int
    column: int
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)

    def where(self, name: str) -> tuple[int, int]:
        return self.fields.get(name, (self.line, self.column))

    @property
    def year(self) -> int | None:
        try:
            return int(self.data["issued"]["date-parts"][0][0])
        except (KeyError, IndexError, TypeError, ValueError):
            return None


@dataclass
class Bibliography:
    """Every record by id, in file order, plus the problems found reading them."""

    path: Path
    display: str
    exists: bool
    records: dict[str, Record] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    def suggest(self, key: str) -> str | None:
        close = difflib.get_close_matches(key, list(self.records), n=1, cutoff=0.6)
        return close[0] if close else None


def load_bibliography(path: Path, today: dt.date | None = None) -> Bibliography:
    """Read, locate and validate a CSL-JSON bibliography; never raises on bad input."""
    shown = display_path(path)
    if not path.is_file():
        return Bibliography(path, shown, exists=False)
    bibliography = Bibliography(path, shown, exists=True)
    problem = bibliography.problems.append
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problem(rules.UNREADABLE.at(shown, 1, 1, f"cannot read the bibliography: {exc}"))
        return bibliography
    data = jsonload.loads(text)
    if isinstance(data, jsonload.JsonProblem):
        problem(rules.UNREADABLE.at(shown, data.line, data.column, data.message))
        return bibliography
    if not isinstance(data, list):
        problem(rules.UNREADABLE.at(shown, 1, 1, "the bibliography must be a JSON array of CSL-JSON records"))
        return bibliography
    if not data:
        problem(rules.UNREADABLE.at(shown, 1, 1, "the bibliography is empty", "add CSL-JSON records to the array"))
        return bibliography
    index = LineIndex(text)
    places = _locate(text)
    first_line: dict[str, int] = {}
    next_year = (today or dt.date.today()).year + 1
    for number, item in enumerate(data):
        start, keys = places[number] if number < len(places) else (0, {})
        line, column = index.position(start)
        if not isinstance(item, dict):
            kind = type(item).__name__.replace("dict", "object").replace("str", "string")
            problem(rules.BAD_RECORD.at(shown, line, column, f"entry {number + 1} is a {kind}, not a record object"))
            continue
        fields = {name: index.position(offset) for name, offset in keys.items()}
        record = Record(str(item.get("id", "")), item, line, column, fields)
        problems = list(_record_problems(record, shown, next_year))
        bibliography.problems.extend(problems)
        if not isinstance(item.get("id"), str) or not item["id"]:
            continue
        if record.id in bibliography.records:
            earlier = first_line[record.id]
            id_line, id_column = record.where("id")
            message = f"duplicate id '{record.id}' (first used at line {earlier})"
            problem(rules.DUPLICATE_ID.at(shown, id_line, id_column, message, "give each record its own id"))
            first = bibliography.records[record.id]
            line_1, column_1 = first.where("id")
            message = f"duplicate id '{record.id}' (used again at line {id_line})"
            problem(rules.DUPLICATE_ID.at(shown, line_1, column_1, message, "give each record its own id"))
            continue
        first_line[record.id] = record.where("id")[0]
        bibliography.records[record.id] = record
    return bibliography


def _record_problems(record: Record, shown: str, next_year: int) -> list[Diagnostic]:
    name = f"record '{record.id}'" if record.id else "record"
    found = []
    for key in REQUIRED:
        value = record.data.get(key)
        if value in (None, "", []):
            hint = "copy it from the publication's own page; never fill it in from memory"
            if key == "evidence":
                hint = "one of: " + ", ".join(rules.EVIDENCE_LABELS)
            found.append(rules.MISSING_FIELD.at(shown, record.line, record.column, f"{name} lacks '{key}'", hint))
    for group in ONE_OF:
        if not any(record.data.get(key) for key in group):
            message = f"{name} needs at least one of: {', '.join(group)}"
            found.append(rules.MISSING_FIELD.at(shown, record.line, record.column, message))
    for error in _VALIDATOR.iter_errors(record.data):
        found.append(_schema_problem(record, name, error, shown))
    year = record.year
    if "issued" in record.data and year is not None and not 1900 <= year <= next_year:
        line, column = record.where("issued")
        message = f"{name}: year {year} is outside 1900..{next_year}"
        found.append(rules.BAD_YEAR.at(shown, line, column, message))
    elif "issued" in record.data and year is None:
        line, column = record.where("issued")
        found.append(rules.BAD_YEAR.at(shown, line, column, f"{name}: 'issued' has no readable year"))
    return found


def _schema_problem(record: Record, name: str, error: jsonschema.ValidationError, shown: str) -> Diagnostic:
    path = list(error.absolute_path)
    top = str(path[0]) if path else ""
    line, column = record.where(top)
    value = error.instance
    if top == "id":
        return rules.BAD_ID.at(
            shown, line, column, f"id {value!r} has spaces or odd characters", "use letters, digits and _ : . -"
        )
    if top in IDENTIFIERS and error.validator in {"pattern", "type"}:
        hint = FIELD_SCHEMA["properties"][top]["description"]
        return rules.BAD_IDENTIFIER.at(shown, line, column, f"{name}: malformed {top} {value!r}", hint)
    if top == "evidence":
        close = difflib.get_close_matches(str(value), list(rules.EVIDENCE_LABELS), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "one of: " + ", ".join(rules.EVIDENCE_LABELS)
        return rules.BAD_EVIDENCE.at(shown, line, column, f"{name}: unknown evidence kind {value!r}", hint)
    if top == "issued":
        return rules.BAD_YEAR.at(shown, line, column, f"{name}: 'issued' must be {{\"date-parts\": [[YEAR]]}}")
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    if error.validator == "anyOf" and top == "author":
        return rules.BAD_FIELD.at(shown, line, column, f"{name}: {where} needs 'family' or 'literal'")
    message = error.message if len(error.message) <= 120 else error.message[:117] + "..."
    return rules.BAD_FIELD.at(shown, line, column, f"{name}: {where or 'record'}: {message}")


def _locate(text: str) -> list[tuple[int, dict[str, int]]]:
    """Offsets of each top-level array element and of each member name of object elements.

    Only called on text that :func:`json.loads` accepted, so the walk cannot fail;
    it reuses the json module's own string and value scanners.
    """
    decoder = json.JSONDecoder()
    places: list[tuple[int, dict[str, int]]] = []
    position = _SPACE.match(text, 0).end() + 1  # past '['
    while True:
        position = _SPACE.match(text, position).end()
        if text[position] == "]":
            return places
        start, keys = position, {}
        if text[position] == "{":
            position = _SPACE.match(text, position + 1).end()
            while text[position] != "}":
                name, after = json.decoder.scanstring(text, position + 1)  # type: ignore[attr-defined]
                keys.setdefault(name, position)
                position = _SPACE.match(text, _SPACE.match(text, after).end() + 1).end()  # past ':'
                _, position = decoder.raw_decode(text, position)
                position = _SPACE.match(text, position).end()
                if text[position] == ",":
                    position = _SPACE.match(text, position + 1).end()
            position += 1
        else:
            _, position = decoder.raw_decode(text, position)
        places.append((start, keys))
        position = _SPACE.match(text, position).end()
        if text[position] == ",":
            position += 1
