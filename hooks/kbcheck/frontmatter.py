"""Front-matter checks: every page declares title, description, review date and type."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from fnmatch import fnmatch
from typing import Any

from .diagnostics import Diagnostic, Severity, rule
from .project import Page, Project
from .settings import register_section
from .yamlloc import LocatedYaml, YamlError

MISSING = rule("KB101", "front-matter-missing", Severity.ERROR, "page has no YAML front matter")
INVALID_YAML = rule("KB102", "front-matter-invalid", Severity.ERROR, "front matter is not valid YAML or not a mapping")
MISSING_KEY = rule("KB103", "front-matter-missing-key", Severity.ERROR, "a required front-matter key is missing")
BAD_VALUE = rule("KB104", "front-matter-bad-value", Severity.ERROR, "a front-matter value is invalid")
UNKNOWN_KEY = rule("KB105", "front-matter-unknown-key", Severity.WARNING, "front-matter key not known to the site")

# Review dates outside these years are typos; later date arithmetic assumes them.
MIN_YEAR, MAX_YEAR = 1900, 2999

# Keys MkDocs and Material for MkDocs themselves understand.
ENGINE_KEYS = frozenset({"title", "description", "template", "hide", "icon", "status", "subtitle", "search", "tags"})
# Keys this project defines (documented in the contributing guide).
PROJECT_KEYS = frozenset({"reviewed", "type", "audience", "author", "review_status", "reviewer", "next_review"})

register_section(
    "front_matter",
    {
        "required": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["title", "description", "reviewed", "type"],
        },
        "types": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["clinical", "general", "reference", "site"],
        },
        "audiences": {"type": "array", "items": {"type": "string"}, "default": ["patient", "clinician", "all"]},
        "description_max": {"type": "integer", "minimum": 1, "default": 160},
        "allowed_keys": {"type": "array", "items": {"type": "string"}, "default": []},
        "exempt": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "glob patterns (docs-relative) of pages without front-matter requirements",
        },
    },
)


def check(project: Project) -> Iterator[Diagnostic]:
    options = project.settings.section("front_matter")
    for page in project.pages.values():
        if any(fnmatch(page.path, pattern) for pattern in options["exempt"]):
            continue
        yield from check_page(page, options, today=dt.date.today(), policies=project.settings.policies)


def check_page(page: Page, options: dict[str, Any], today: dt.date, policies: bool = True) -> Iterator[Diagnostic]:
    """Front matter that cannot be read always; with the site's policies, required and valid fields."""
    loaded = page.front_matter
    if loaded is None:
        if not policies:
            return
        yield MISSING.at(
            page.display,
            1,
            1,
            "page has no front matter",
            "start the file with a '---' block holding " + ", ".join(options["required"]),
        )
        return
    if isinstance(loaded, YamlError):
        message = f"front matter is not valid YAML: {loaded.message}"
        yield INVALID_YAML.at(page.display, loaded.line, loaded.column, message)
        return
    if not isinstance(loaded.data, dict):
        line, column = loaded.where()
        yield INVALID_YAML.at(page.display, line, column, "front matter must be a mapping of 'key: value' lines")
        return
    if not policies:
        return
    yield from _missing_keys(page, loaded, options)
    yield from _bad_values(page, loaded, options, today)
    yield from _unknown_keys(page, loaded, options)


def _missing_keys(page: Page, loaded: LocatedYaml, options: dict[str, Any]) -> Iterator[Diagnostic]:
    for key in options["required"]:
        value = loaded.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            yield MISSING_KEY.at(
                page.display,
                page.split.front_matter_line,
                1,
                f"front matter lacks required key '{key}'",
                f"add a line '{key}: ...'",
            )


def _bad_values(page: Page, loaded: LocatedYaml, options: dict[str, Any], today: dt.date) -> Iterator[Diagnostic]:
    data = loaded.data

    def bad(key: str, message: str, hint: str | None = None) -> Diagnostic:
        line, column = loaded.where(key)
        return BAD_VALUE.at(page.display, line, column, message, hint)

    for key in ("title", "description", "author", "review_status"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            yield bad(key, f"'{key}' must be text, not {type(data[key]).__name__}")
    description = data.get("description")
    if isinstance(description, str) and len(description) > options["description_max"]:
        yield bad(
            "description",
            f"description is {len(description)} characters; the limit is {options['description_max']}",
            "search engines cut longer descriptions; shorten it",
        )
    for key in ("reviewed", "next_review"):
        if key in data and data[key] is not None:
            problem = _date_problem(data[key], today if key == "reviewed" else None)
            if problem:
                yield bad(key, f"'{key}' {problem}", "write an ISO date such as 2026-11-24")
    for key, allowed in (("type", options["types"]), ("audience", options["audiences"])):
        value = data.get(key)
        if value is not None and value not in allowed:
            close = difflib.get_close_matches(str(value), allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(allowed)}"
            yield bad(key, f"'{key}: {value}' is not one of {', '.join(allowed)}", hint)


def _date_problem(value: Any, not_after: dt.date | None) -> str | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return f"is '{value}', not a valid ISO date (YYYY-MM-DD)"
    if not isinstance(value, dt.date):
        return f"is {value!r}, not a date"
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return f"is {value.isoformat()}, outside the years {MIN_YEAR}..{MAX_YEAR}"
    if not_after and value > not_after:
        return f"is {value.isoformat()}, a date in the future"
    return None


def _unknown_keys(page: Page, loaded: LocatedYaml, options: dict[str, Any]) -> Iterator[Diagnostic]:
    known = ENGINE_KEYS | PROJECT_KEYS | set(options["allowed_keys"])
    for key in loaded.data:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), sorted(known), n=1)
        line, column = loaded.where(key)
        yield UNKNOWN_KEY.at(
            page.display,
            line,
            column,
            f"unknown front-matter key '{key}'",
            f"did you mean '{close[0]}'?" if close else "see the contributing guide for the allowed keys",
        )
