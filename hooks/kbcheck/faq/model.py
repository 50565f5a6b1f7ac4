"""The FAQ data file (``data/faq.yml``): schema, settings and model.

Questions are grouped (stigma and misconceptions, safety, the treatment,
access and legal status). Each has a stable ``id`` (its anchor), the
``question``, a short Markdown ``answer`` with ``[@key]`` citations, and
``more``: the page or pages that go deeper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..datafile import DataFile, load_data_file, resolve
from ..diagnostics import Severity, rule
from ..project import Project
from ..settings import register_section

# The line on the FAQ page where the generated questions go.
MARKER = re.compile(r"^[ \t]*<!--[ \t]*kb:faq[ \t]*-->[ \t]*$", re.M)
FILE_INVALID = rule("KB420", "faq-file-invalid", Severity.ERROR, "the FAQ file is missing, not YAML or invalid")

ANCHOR = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$", "description": "lower-case letters, digits, hyphens"}
PAGE_REF = {
    "type": "string",
    "pattern": r"^[^#\s]+\.md(#[^\s]+)?$",
    "description": "docs-relative page, optionally with an anchor: safety/side-effects.md#bladder",
}
QUESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "question", "answer", "more"],
    "properties": {
        "id": ANCHOR,
        "question": {
            "type": "string",
            "minLength": 3,
            "pattern": r"^[^<>*_`\[\]|\\{}\n]+$",
            "description": "one line of plain text (no Markdown or HTML)",
        },
        "answer": {"type": "string", "minLength": 1, "pattern": r"\S", "description": "short Markdown; no raw HTML"},
        "more": {"oneOf": [PAGE_REF, {"type": "array", "items": PAGE_REF, "minItems": 1}]},
    },
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["groups"],
    "properties": {
        "groups": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "title", "questions"],
                "properties": {
                    "id": ANCHOR,
                    "title": {"type": "string", "minLength": 1, "pattern": r"^[^<>*_`\[\]|\\{}\n]+$"},
                    "questions": {"type": "array", "items": QUESTION_SCHEMA},
                },
            },
        }
    },
}

register_section(
    "faq",
    {
        "file": {"type": "string", "default": "data/faq.yml", "description": "FAQ data file"},
        "page": {"type": "string", "default": "faq.md", "description": "docs-relative FAQ page"},
    },
)


@dataclass
class Question:
    """One question with its place in the data file."""

    group: int
    index: int
    id: str
    question: str
    answer: str
    more: list[str] = field(default_factory=list)


@dataclass
class Group:
    index: int
    id: str
    title: str
    questions: list[Question] = field(default_factory=list)


@dataclass
class Faq:
    file: DataFile
    groups: list[Group]
    page: str
    in_use: bool = True  # the site's FAQ page has the marker

    @property
    def questions(self) -> list[Question]:
        return [question for group in self.groups for question in group.questions]

    def where(self, question: Question, *key: str | int) -> tuple[int, int]:
        return self.file.where("groups", question.group, "questions", question.index, *key)


def load_faq(project: Project) -> Faq:
    """The project's FAQ, derived once per build."""
    return project.derive("faq", _load)


def _load(project: Project) -> Faq:
    options = project.settings.section("faq")
    page = project.pages.get(options["page"])
    in_use = page is not None and MARKER.search(page.split.body) is not None
    file = load_data_file(resolve(project, options["file"]), SCHEMA, FILE_INVALID, required=in_use)
    data = file.data if isinstance(file.data, dict) else {}
    groups = []
    for group_index, raw in enumerate(_list(data.get("groups"))):
        if not isinstance(raw, dict) or not isinstance(raw.get("title"), str):
            continue
        group = Group(group_index, str(raw.get("id") or ""), raw["title"].strip())
        for index, item in enumerate(_list(raw.get("questions"))):
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                continue
            more = item.get("more")
            group.questions.append(
                Question(
                    group=group_index,
                    index=index,
                    id=str(item.get("id") or ""),
                    question=item["question"].strip(),
                    answer=item["answer"].strip() if isinstance(item.get("answer"), str) else "",
                    more=[m for m in ([more] if isinstance(more, str) else _list(more)) if isinstance(m, str)],
                )
            )
        groups.append(group)
    return Faq(file, groups, options["page"], in_use)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
