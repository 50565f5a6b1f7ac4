"""KB40x: checks of the glossary data file and of the generated glossary page."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity, rule
from ..project import Project
from .bibkeys import known_keys
from .matcher import normalise
from .model import MARKER, Glossary, Term, load_glossary
from .slips import check_misspellings
from .text import plain_text, sentences

DUPLICATE = rule("KB402", "glossary-duplicate", Severity.ERROR, "a glossary term, id or alias is listed twice")
ALIAS_SHARED = rule("KB403", "glossary-alias-shared", Severity.ERROR, "one alias or abbreviation names two terms")
EMPTY = rule("KB404", "glossary-empty-definition", Severity.ERROR, "a glossary entry has an empty definition")
TOO_LONG = rule("KB405", "glossary-definition-too-long", Severity.ERROR, "a definition is over the length limit")
MISSING_TARGET = rule("KB406", "glossary-missing-target", Severity.ERROR, "an entry points at a missing page or anchor")
UNUSED = rule("KB407", "glossary-unused", Severity.INFO, "no page uses a glossary term")
UNKNOWN_CITATION = rule(
    "KB410", "glossary-unknown-citation", Severity.ERROR, "an entry cites a key not in the bibliography"
)
NO_MARKER = rule("KB411", "generated-page-marker", Severity.WARNING, "the glossary or FAQ page lacks its marker line")


def check_glossary(project: Project) -> Iterator[Diagnostic]:
    """Every KB40x finding about the glossary file and page."""
    glossary = load_glossary(project)
    yield from glossary.file.problems
    if glossary.file.data is None:
        return
    yield from _duplicates(glossary)
    for term in glossary.terms:
        yield from _definition(glossary, term)
        yield from _citations(project, glossary, term)
    if not glossary.in_use:
        # No glossary page with the marker: nothing links to the entries, so their targets and use do not matter.
        yield from check_marker(project, glossary.page, MARKER, "glossary")
        return
    for term in glossary.terms:
        yield from _target(project, glossary, term)
    yield from _unused(project, glossary)
    yield from check_misspellings(project)


def check_marker(project: Project, page_path: str, marker: re.Pattern[str], what: str) -> Iterator[Diagnostic]:
    """The generated page holds its marker line (else its entries never appear)."""
    page = project.pages.get(page_path)
    if page is not None and not marker.search(page.split.body):
        line = "<!-- kb:" + what + " -->"
        yield NO_MARKER.at(
            page.display,
            page.split.body_line,
            1,
            f"the {what} page has no '{line}' marker line",
            f"add the line {line} where the generated {what} should appear",
        )


def _at(glossary: Glossary, term: Term, *key: str | int) -> tuple[int, int]:
    return glossary.file.where("terms", term.index, *key) if key else (term.line, term.column)


def _duplicates(glossary: Glossary) -> Iterator[Diagnostic]:
    shown = glossary.file.display
    ids: dict[str, Term] = {}
    owners: dict[str, Term] = {}
    for term in glossary.terms:
        if term.id in ids and normalise(ids[term.id].term) != normalise(term.term):
            line, column = _at(glossary, term, "id") if term.id != _auto_id(term) else _at(glossary, term, "term")
            yield DUPLICATE.at(
                shown,
                line,
                column,
                f"id '{term.id}' is also used by '{ids[term.id].term}' (line {ids[term.id].line})",
                "give one of them a distinct 'id'",
            )
        ids.setdefault(term.id, term)
        seen_here: set[str] = set()
        for position, form in _forms(term):
            key = normalise(form)
            line, column = _at(glossary, term, *position)
            if key in seen_here:
                yield DUPLICATE.at(
                    shown, line, column, f"'{form}' is listed twice in the entry '{term.term}'", "remove the repeat"
                )
                continue
            seen_here.add(key)
            other = owners.get(key)
            if other is None:
                owners[key] = term
            elif normalise(other.term) == key and position == ("term",):
                yield DUPLICATE.at(
                    shown,
                    line,
                    column,
                    f"the term '{form}' is defined twice (also at line {other.line})",
                    "merge the two entries",
                )
            else:
                yield ALIAS_SHARED.at(
                    shown,
                    line,
                    column,
                    f"'{form}' names both '{other.term}' (line {other.line}) and '{term.term}'",
                    "keep it on one entry only, so a mention links to one definition",
                )


def _auto_id(term: Term) -> str:
    from .model import slug  # noqa: PLC0415

    return slug(term.term)


def _forms(term: Term) -> Iterator[tuple[tuple[str | int, ...], str]]:
    yield ("term",), term.term
    if term.match is not None:
        for index, form in enumerate(term.match):
            if normalise(form) != normalise(term.term):
                yield ("match", index), form
        return
    if term.abbreviation:
        yield ("abbreviation",), term.abbreviation
    for index, alias in enumerate(term.aliases):
        yield ("aliases", index), alias


def _definition(glossary: Glossary, term: Term) -> Iterator[Diagnostic]:
    shown = glossary.file.display
    if not plain_text(term.definition):
        line, column = _at(glossary, term, "definition")
        yield EMPTY.at(
            shown, line, column, f"'{term.term}' has an empty definition", "write one or two plain sentences"
        )
        return
    line, column = _at(glossary, term, "definition")
    limit_sentences = glossary.options["max_sentences"]
    limit_characters = glossary.options["max_characters"]
    count = sentences(term.definition)
    length = len(plain_text(term.definition))
    if count > limit_sentences or length > limit_characters:
        yield TOO_LONG.at(
            shown,
            line,
            column,
            f"the definition of '{term.term}' has {count} sentences and {length} characters; "
            f"the limit is {limit_sentences} sentences and {limit_characters} characters",
            "move detail into 'explanation'",
        )


def _target(project: Project, glossary: Glossary, term: Term) -> Iterator[Diagnostic]:
    if not term.page:
        return
    from .. import links  # noqa: PLC0415 - links imports this package for anchors

    path, _, fragment = term.page.partition("#")
    line, column = _at(glossary, term, "page")
    if path not in project.pages:
        close = difflib.get_close_matches(path, sorted(project.pages), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "write a docs-relative path such as ketamine/how-it-works.md"
        yield MISSING_TARGET.at(
            glossary.file.display, line, column, f"'{term.term}' points at '{path}', which is not a page", hint
        )
    elif fragment and fragment not in links.anchors(project, path):
        yield MISSING_TARGET.at(
            glossary.file.display, line, column, f"'{term.term}' points at '#{fragment}', which '{path}' does not have"
        )


def _citations(project: Project, glossary: Glossary, term: Term) -> Iterator[Diagnostic]:
    keys = known_keys(project)
    if keys is None:
        return
    for index, key in enumerate(term.citations):
        if key not in keys:
            close = difflib.get_close_matches(key, sorted(keys), n=1)
            line, column = _at(glossary, term, "citations", index)
            yield UNKNOWN_CITATION.at(
                glossary.file.display,
                line,
                column,
                f"'{term.term}' cites '{key}', which is not in the bibliography",
                f"did you mean '{close[0]}'?" if close else None,
            )


def _unused(project: Project, glossary: Glossary) -> Iterator[Diagnostic]:
    used = {term for model in project.rendered.values() for term in model.terms}
    for term in glossary.terms:
        if term.id not in used:
            yield UNUSED.at(
                glossary.file.display,
                term.line,
                term.column,
                f"no page mentions '{term.term}'",
                "link it from a page, or remove the entry",
            )
