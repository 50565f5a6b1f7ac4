"""The glossary data file (``data/glossary.yml``): schema, settings and model.

One YAML file is the single source of truth for every term. Each entry has a
``term``, an optional ``abbreviation`` and ``aliases`` (other words readers
meet for the same thing), a plain-language ``definition`` of at most two
sentences, an optional longer ``explanation`` (Markdown), the ``page`` that
covers it, and optional ``citations`` (bibliography keys).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..datafile import DataFile, load_data_file, resolve
from ..diagnostics import Severity, rule
from ..project import Project
from ..settings import register_section

# The line on the glossary page where the generated entries go.
MARKER = re.compile(r"^[ \t]*<!--[ \t]*kb:glossary[ \t]*-->[ \t]*$", re.M)
FILE_INVALID = rule(
    "KB401", "glossary-file-invalid", Severity.ERROR, "the glossary file is missing, not YAML or invalid"
)

# Characters that would turn a term into Markdown or HTML (emphasis, links, tags, code, tables).
MARKUP = re.compile(r"[<>*_`\[\]|\\{}]|&#?\w+;")
PLAIN_TEXT = {
    "type": "string",
    "minLength": 1,
    "pattern": r"^[^<>*_`\[\]|\\{}]+$",
    "description": "plain text: no Markdown or HTML characters (< > * _ ` [ ] | \\ { })",
}

register_section(
    "glossary",
    {
        "file": {"type": "string", "default": "data/glossary.yml", "description": "glossary data file"},
        "page": {"type": "string", "default": "glossary.md", "description": "docs-relative glossary page"},
        "max_sentences": {"type": "integer", "minimum": 1, "default": 2},
        "max_characters": {"type": "integer", "minimum": 20, "default": 320},
        "link_first_mention": {"type": "boolean", "default": True},
        "tooltips": {"type": "boolean", "default": True},
        "exclude": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "glob patterns of pages that get no glossary links or tooltips",
        },
        "abbreviations": {
            "type": "object",
            "additionalProperties": False,
            "default": {},
            "properties": {
                "ignore": {
                    "type": "array",
                    "items": {"type": "string"},
                    "default": ["US", "UK", "FAQ"],
                    "description": "capitalised words that need no glossary entry nor spelling out",
                },
                "exempt": {
                    "type": "array",
                    "items": {"type": "string"},
                    "default": [],
                    "description": "glob patterns of pages the abbreviation lint skips",
                },
            },
        },
    },
)

ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["term", "definition", "page"],
    "properties": {
        "term": PLAIN_TEXT,
        "id": {
            "type": "string",
            "pattern": r"^[a-z0-9][a-z0-9-]*$",
            "description": "lower-case letters, digits and hyphens (the anchor on the glossary page)",
        },
        "abbreviation": PLAIN_TEXT,
        "aliases": {"type": "array", "items": PLAIN_TEXT},
        "match": {
            "type": "array",
            "items": PLAIN_TEXT,
            "minItems": 1,
            "description": "the texts that mark this term in pages, when the term itself is too common a word",
        },
        "definition": {"type": "string", "description": "plain language, at most two sentences"},
        "explanation": {"type": "string"},
        "page": {
            "type": "string",
            "pattern": r"^[^#\s]+\.md(#[^\s]+)?$",
            "description": "docs-relative page that covers the term, e.g. ketamine/how-it-works.md",
        },
        "citations": {"type": "array", "items": {"type": "string", "pattern": r"^[\w][\w:.#$%&+?<>~/-]*$"}},
    },
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["terms"],
    "properties": {"terms": {"type": "array", "items": ENTRY_SCHEMA}},
}


def slug(text: str) -> str:
    """Anchor id for a term: lower-case ASCII words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "term"


@dataclass
class Term:
    """One glossary entry, with where it is in the data file."""

    index: int
    term: str
    id: str
    definition: str
    page: str
    abbreviation: str | None = None
    aliases: list[str] = field(default_factory=list)
    explanation: str = ""
    citations: list[str] = field(default_factory=list)
    match: list[str] | None = None
    line: int = 1
    column: int = 1

    @property
    def forms(self) -> list[str]:
        """Every text that marks this term in pages: ``match``, else the term, abbreviation, aliases."""
        if self.match is not None:
            return [text.strip() for text in self.match if text.strip()]
        found = [self.term]
        if self.abbreviation:
            found.append(self.abbreviation)
        found.extend(self.aliases)
        return [text.strip() for text in found if text and text.strip()]

    @property
    def label(self) -> str:
        """Heading text on the glossary page: 'Generalised anxiety disorder (GAD)'."""
        return f"{self.term} ({self.abbreviation})" if self.abbreviation else self.term

    @property
    def sort_key(self) -> str:
        return self.term.casefold()


@dataclass
class Glossary:
    """All usable terms plus the loaded file (for positions and load problems)."""

    file: DataFile
    terms: list[Term]
    options: dict[str, Any]

    in_use: bool = True  # the site's glossary page has the marker; otherwise nothing links to it

    @property
    def page(self) -> str:
        return self.options["page"]

    def by_id(self) -> dict[str, Term]:
        return {term.id: term for term in self.terms}


def load_glossary(project: Project) -> Glossary:
    """The project's glossary, derived once per build."""
    return project.derive("glossary", _load)


def _load(project: Project) -> Glossary:
    options = project.settings.section("glossary")
    page = project.pages.get(options["page"])
    in_use = page is not None and MARKER.search(page.split.body) is not None
    file = load_data_file(resolve(project, options["file"]), SCHEMA, FILE_INVALID, required=in_use)
    return Glossary(file, list(_terms(file)), options, in_use)


def _terms(file: DataFile) -> list[Term]:
    data = file.data
    entries = data.get("terms") if isinstance(data, dict) else None
    out = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str) or not entry["term"].strip():
            continue  # reported by the schema; nothing usable to match or show
        line, column = file.where("terms", index)
        aliases = entry.get("aliases")
        out.append(
            Term(
                index=index,
                term=entry["term"].strip(),
                id=entry["id"] if isinstance(entry.get("id"), str) else slug(entry["term"]),
                definition=_text(entry.get("definition")),
                page=_text(entry.get("page")),
                abbreviation=entry.get("abbreviation") if isinstance(entry.get("abbreviation"), str) else None,
                aliases=[a for a in _list(aliases) if isinstance(a, str)],
                explanation=_text(entry.get("explanation")),
                citations=[c for c in _list(entry.get("citations")) if isinstance(c, str)],
                match=[m for m in entry["match"] if isinstance(m, str)]
                if isinstance(entry.get("match"), list)
                else None,
                line=line,
                column=column,
            )
        )
    return out


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
