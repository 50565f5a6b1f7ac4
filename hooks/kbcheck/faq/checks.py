"""KB42x: checks of the FAQ data file and of the FAQ page."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity, rule
from ..glossary.bibkeys import known_keys
from ..glossary.checks import check_marker
from ..glossary.text import citation_keys, plain_text
from ..project import Project
from .model import MARKER, Faq, Question, load_faq

DUPLICATE = rule("KB421", "faq-duplicate", Severity.ERROR, "two FAQ questions or groups share an id or a question")
UNKNOWN_CITATION = rule(
    "KB422", "faq-unknown-citation", Severity.ERROR, "an answer cites a key not in the bibliography"
)
MISSING_TARGET = rule(
    "KB423", "faq-missing-target", Severity.ERROR, "an answer's 'more' link points at a missing page or anchor"
)
UNCITED = rule("KB424", "faq-answer-uncited", Severity.WARNING, "an answer has no citation")


def check(project: Project) -> Iterator[Diagnostic]:
    """Every KB42x finding."""
    faq = load_faq(project)
    yield from faq.file.problems
    if faq.file.data is None:
        return
    yield from _duplicates(faq)
    for question in faq.questions:
        yield from _citations(project, faq, question)
    if not faq.in_use:
        yield from check_marker(project, faq.page, MARKER, "faq")
        return
    for question in faq.questions:
        yield from _targets(project, faq, question)


def _duplicates(faq: Faq) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for group in faq.groups:
        if group.id in seen and group.id:
            line, column = faq.file.where("groups", group.index, "id")
            yield DUPLICATE.at(
                faq.file.display, line, column, f"id '{group.id}' is used twice", "ids must be unique on the page"
            )
        seen.setdefault(group.id, group.title)
    texts: dict[str, Question] = {}
    for question in faq.questions:
        if question.id and question.id in seen:
            line, column = faq.where(question, "id")
            yield DUPLICATE.at(
                faq.file.display, line, column, f"id '{question.id}' is used twice", "ids must be unique on the page"
            )
        seen.setdefault(question.id, question.question)
        key = question.question.casefold()
        if key in texts:
            line, column = faq.where(question, "question")
            yield DUPLICATE.at(
                faq.file.display,
                line,
                column,
                f"the question '{question.question}' is asked twice",
                "merge the answers",
            )
        texts.setdefault(key, question)


def _citations(project: Project, faq: Faq, question: Question) -> Iterator[Diagnostic]:
    cited = citation_keys(question.answer)
    line, column = faq.where(question, "answer")
    if not cited and plain_text(question.answer):
        yield UNCITED.at(
            faq.file.display,
            line,
            column,
            f"the answer to '{question.question}' cites no source",
            "cite the bibliography for each clinical statement: [@key]",
        )
    keys = known_keys(project)
    if keys is None:
        return
    for key in cited:
        if key not in keys:
            close = difflib.get_close_matches(key, sorted(keys), n=1)
            yield UNKNOWN_CITATION.at(
                faq.file.display,
                line,
                column,
                f"'{key}' is not in the bibliography",
                f"did you mean '{close[0]}'?" if close else None,
            )


def _targets(project: Project, faq: Faq, question: Question) -> Iterator[Diagnostic]:
    from .. import links  # noqa: PLC0415 - links imports the glossary (and so this) for anchors

    for index, target in enumerate(question.more):
        path, _, fragment = target.partition("#")
        line, column = faq.where(question, "more", index) if len(question.more) > 1 else faq.where(question, "more")
        if path not in project.pages:
            close = difflib.get_close_matches(path, sorted(project.pages), n=1)
            yield MISSING_TARGET.at(
                faq.file.display,
                line,
                column,
                f"'{path}' is not a page",
                f"did you mean '{close[0]}'?" if close else None,
            )
        elif fragment and fragment not in links.anchors(project, path):
            yield MISSING_TARGET.at(faq.file.display, line, column, f"'{path}' has no anchor '#{fragment}'")
