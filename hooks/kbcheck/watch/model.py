"""The watch list: one PubMed query per clinical page, kept in ``data/evidence-watch.yml``.

Kept in a data file rather than in each page's front matter, so adding or
tuning a query never touches a page (or its review date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..datafile import DataFile, load_data_file
from ..diagnostics import Diagnostic, Severity, rule
from ..project import Project
from ..trust.review import parse_date

INVALID = rule(
    "KB503", "evidence-watch-invalid", Severity.ERROR, "the evidence-watch file is unreadable or names no page"
)
NO_QUERY = rule("KB504", "evidence-watch-no-query", Severity.WARNING, "a clinical page has no evidence-watch query")

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["pages"],
    "properties": {
        "pages": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["query"],
                "properties": {"query": {"type": "string", "minLength": 3}},
            },
        }
    },
}
# Randomised trials, systematic reviews, meta-analyses and guidelines (PubMed publication types).
PUBLICATION_TYPES = (
    '"randomized controlled trial"[pt] OR "systematic review"[pt] OR "meta-analysis"[pt] '
    'OR "guideline"[pt] OR "practice guideline"[pt]'
)


@dataclass(frozen=True)
class Watch:
    """One page to watch: its query and the date since which new evidence counts."""

    page: str  # docs-relative
    display: str  # docs/anxiety/gad.md
    title: str
    query: str
    since: dt.date

    @property
    def full_query(self) -> str:
        return f"({self.query}) AND ({PUBLICATION_TYPES})"


@dataclass
class WatchList:
    file: DataFile
    watches: list[Watch] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def load_watch_list(project: Project, path: Path, clinical_types: list[str]) -> WatchList:
    """The pages to watch, with problems (unknown page, no review date, clinical page without a query)."""
    file = load_data_file(path, SCHEMA, INVALID)
    found = WatchList(file, problems=list(file.problems))
    if file.data is None:
        return found
    entries = file.data.get("pages") or {}
    for page_path, entry in entries.items():
        line, column = file.where("pages", page_path)
        page = project.pages.get(page_path)
        if page is None:
            found.problems.append(INVALID.at(file.display, line, column, f"'{page_path}' is not a page in docs/"))
            continue
        since = parse_date(page.meta.get("reviewed"))
        if since is None or not isinstance(entry, dict) or not isinstance(entry.get("query"), str):
            found.problems.append(INVALID.at(file.display, line, column, f"'{page_path}' has no usable query or date"))
            continue
        title = str(page.meta.get("title") or page_path)
        found.watches.append(Watch(page_path, page.display, title, entry["query"].strip(), since))
    for page_path, page in sorted(project.pages.items()):
        if page.meta.get("type") in clinical_types and page_path not in entries:
            found.problems.append(
                NO_QUERY.at(
                    file.display,
                    1,
                    1,
                    f"the clinical page '{page_path}' has no query",
                    f"add '{page_path}: {{query: ...}}' under 'pages'",
                )
            )
    return found
