"""KB408-KB409: capitalised abbreviations in pages.

An abbreviation here is a word of 2 to 6 capital letters, optionally followed
by a plural "s" (GAD, SSRIs). Not counted: words with digits or followed by a
hyphen and a digit (CG113, GAD-7, DSM-5), Roman numerals the glossary does not
define (III), words in the ``abbreviations.ignore`` setting. Read from the
rendered page's text (:mod:`kbcheck.glossary.pagetext`), so code, link targets,
HTML tags and URLs are never words.

- KB408: the glossary defines no term, abbreviation or alias for it.
- KB409: its first use in the page's prose (headings aside) is not spelled
  out: neither written as "full name (GAD)" or "GAD (full name)", nor preceded
  on the page by the glossary's full name of the term.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from fnmatch import fnmatch

from ..diagnostics import Diagnostic, Severity, rule
from ..parsed import PageFindings, WordAt
from ..project import Project
from .annotate import applies_to, matcher
from .matcher import normalise
from .model import Term, load_glossary
from .pagetext import PageText
from .slips import closest, did_you_mean, known_abbreviations

UNDEFINED = rule(
    "KB408", "abbreviation-undefined", Severity.WARNING, "a capitalised abbreviation is not in the glossary"
)
NOT_SPELLED_OUT = rule(
    "KB409", "abbreviation-before-expansion", Severity.WARNING, "an abbreviation is used before it is spelled out"
)

TOKEN = re.compile(r"(?<![\w\u2011-])(?P<word>[A-Z]{2,6})(?P<plural>s?)(?![\w\u2011])(?!-\d)")
ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")


def check_prose(project: Project, path: str, text: PageText, findings: PageFindings) -> None:
    """KB409 on a just-rendered page, and what KB408 needs: the undefined words, the page's usage.

    The glossary is in use (the caller checks).
    """
    glossary = load_glossary(project)
    options = glossary.options["abbreviations"]
    ignored = set(options["ignore"])
    known = _known(project)
    # How often the site uses each abbreviation ranks the suggestions for an undefined one.
    findings.abbreviation_usage.update(word for word, _ in TOKEN.findall(text.text) if word in known)
    exempt = any(fnmatch(path, pattern) for pattern in options["exempt"])
    if path in project.pages and applies_to(glossary, path) and not exempt:
        _page(project, text, ignored, _words_in_terms(project), findings)


def check_abbreviations(project: Project) -> Iterator[Diagnostic]:
    """KB408 for every page the glossary applies to (KB409 was found as each page was rendered)."""
    known = _known(project)
    pending = [model.findings for model in project.rendered.values() if model.findings is not None]
    if not any(findings.undefined for findings in pending):
        return
    usage = Counter[str]()
    for findings in pending:
        usage.update(findings.abbreviation_usage)
    add = "add a glossary entry (or an alias of one), or list it under extra.kb.glossary.abbreviations.ignore"
    for findings in pending:
        for found in findings.undefined:
            where, word = found.position, found.word
            suggestions = closest(word, known, fold=False, usage=usage)
            if suggestions:
                yield UNDEFINED.at(
                    where.path,
                    where.line,
                    where.column,
                    f"'{word}' is not defined in the glossary; {did_you_mean(suggestions)}",
                    f"correct the spelling; if '{word}' is meant, {add}",
                )
                continue
            yield UNDEFINED.at(where.path, where.line, where.column, f"'{word}' is not defined in the glossary", add)


def _known(project: Project) -> set[str]:
    glossary = load_glossary(project)
    ignored = glossary.options["abbreviations"]["ignore"]
    return project.derive("glossary.known_abbreviations", lambda p: known_abbreviations(glossary, ignored))


def _page(project: Project, text: PageText, ignored: set[str], words: dict[str, Term], findings: PageFindings) -> None:
    body = text.text
    flat_before = FlatPrefix(body)
    term_for = matcher(project).term_for
    reported: set[str] = set()
    for token in TOKEN.finditer(body):
        word = token.group("word")
        if word in ignored or word in reported:
            continue
        term = term_for(token.group())  # the abbreviation is a form of a term: GAD, NMDAR
        if term is None and words.get(word) is None and ROMAN.match(word):
            continue
        if term is None and words.get(word) is None:
            reported.add(word)
            findings.undefined.append(WordAt(word, text.position(token.start(), token.group())))
            continue
        if term is None or text.in_title(token.start()):
            # Part of a named term ("Schedule III", "AMPA receptor"): the glossary knows no expansion.
            # In a heading: the first prose use must spell it out.
            continue
        reported.add(word)
        if not _spelled_out(body, token, _full_forms(term.forms, word), flat_before):
            path, line, column = _located(text, token)
            findings.diagnostics.append(
                NOT_SPELLED_OUT.at(
                    path,
                    line,
                    column,
                    f"'{word}' is used before it is spelled out on this page",
                    f"write it in full at first use, e.g. '{term.term} ({word})'",
                )
            )


def _located(text: PageText, token: re.Match[str]) -> tuple[str, int, int]:
    # Only for a finding: mapping back to the source is the dear part.
    where = text.position(token.start(), token.group())
    return where.path, where.line, where.column


def _words_in_terms(project: Project) -> dict[str, Term]:
    """Capitalised words inside multi-word forms ("NMDA" in "NMDA receptor"): defined, not expandable."""
    return project.derive("glossary.words_in_terms", _find_words_in_terms)


def _find_words_in_terms(project: Project) -> dict[str, Term]:
    by_word: dict[str, Term] = {}
    for term in load_glossary(project).terms:
        for form in term.forms:
            for word in re.findall(r"\b[A-Z]{2,}\b", form):
                by_word.setdefault(word, term)
    return by_word


def _full_forms(forms: list[str], word: str) -> list[str]:
    """The term's written-out names: its forms that do not contain the abbreviation itself."""
    return [normalise(form) for form in forms if not re.search(rf"\b{re.escape(word)}s?\b", form)]


def _spelled_out(body: str, token: re.Match[str], full_forms: list[str], flat_before: FlatPrefix) -> bool:
    """Whether the first prose use of an abbreviation is explained where a reader meets it."""
    word = re.escape(token.group("word"))
    before = body[: token.start()]
    after = body[token.end() :]
    line_before = before[before.rfind("\n") + 1 :]  # the pattern cannot cross a line: search only this one
    if re.search(r"\w[^\n(]*\($", line_before) and re.match(r"s?[),;:]", after):
        return True  # "generalised anxiety disorder (GAD)"
    if re.match(r"[ \t]*\([^)\n]*\w[^)\n]*\)", after):
        return True  # "GAD (generalised anxiety disorder)"
    paragraph = re.split(r"\n[ \t]*\n", after, maxsplit=1)[0]
    if re.search(
        rf"\b{word}s? (?:is|are) (?:short for|an abbreviation for)|\b{word}s? stands? for", token.group() + paragraph
    ):
        return True  # "AMPA is short for ..."
    sentence = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    context = flat_before.upto(token.start()) + " " + _flat(sentence)
    return any(form in context for form in full_forms)  # full name earlier on the page, or in the same sentence


_SPACES = re.compile(r"[\s\u2011-]+")


def _flat(text: str) -> str:
    return _SPACES.sub(" ", text).casefold()


class FlatPrefix:
    """``_flat(text[:end])`` for an ``end`` that only grows: each part of ``text`` is flattened once.

    A page's abbreviations are looked up in the text before each first use, in page order.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._end = 0
        self._flat = ""

    def upto(self, end: int) -> str:
        if end < self._end:  # not asked in page order: flattened afresh
            return _flat(self._text[:end])
        if end > self._end:
            part = _flat(self._text[self._end : end])
            # A run of spaces across the cut is flattened on both sides: it is one space.
            if part.startswith(" ") and self._flat.endswith(" "):
                part = part[1:]
            self._flat += part
            self._end = end
        return self._flat
