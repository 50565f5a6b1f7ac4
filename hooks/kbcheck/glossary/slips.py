"""KB412 and "did you mean": words a slip away from a glossary term or abbreviation.

A word is a likely slip when it is within a small edit distance of a glossary
term (one letter for short words, two from ten letters on; a swap of two
neighbours counts as one) and the site uses it nowhere else: not on another
page, not in the glossary. "dissociaton" on one page is a slip of
"Dissociation"; "dissociative", written on several pages, is a word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch

from ..diagnostics import Diagnostic, Severity, rule
from ..project import Project
from .annotate import applies_to, matcher
from .model import Glossary, load_glossary
from .pagetext import PageText, page_text

MISSPELT = rule("KB412", "glossary-term-misspelt", Severity.WARNING, "a word is one slip away from a glossary term")

WORD = re.compile(r"(?<![\w\u2011])[A-Za-z]{5,}(?![\w])")
MIN_LENGTH = 5


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit); ``limit + 1`` once over it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, right in enumerate(b, 1):
            cost = left != right
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and left == b[j - 2] and a[i - 2] == right:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    return 2 if len(word) >= 10 else 1


def closest(word: str, candidates: Iterable[str], *, fold: bool = True, usage: Counter[str] | None = None) -> list[str]:
    """The candidates a slip away from ``word``, nearest first; equally near ones by how often the site uses them."""
    key = word.casefold() if fold else word
    limit = allowed_edits(key)
    scored = [
        (distance(key, candidate.casefold() if fold else candidate, limit), candidate)
        for candidate in candidates
        if candidate != word
    ]
    near = [(score, candidate) for score, candidate in scored if score <= limit]
    near.sort(key=lambda item: (item[0], -(usage or Counter())[item[1]], item[1]))
    return [candidate for _, candidate in near]


def did_you_mean(suggestions: list[str]) -> str:
    """'did you mean 'SSRI'?' or, for two equally likely, 'did you mean 'SSRI' or 'SNRI'?'."""
    return "did you mean " + " or ".join(f"'{s}'" for s in suggestions[:2]) + "?"


def known_abbreviations(glossary: Glossary, ignored: Iterable[str]) -> set[str]:
    """Capitalised forms the site defines (GAD, SSRI) or deliberately leaves alone."""
    found = set(ignored)
    for term in glossary.terms:
        for form in term.forms:
            found.update(re.findall(r"\b[A-Z]{2,6}\b", form))
    return found


# English endings: a word that differs from a term only by one is a relative, not a slip
# ("phobic" / "phobia", "intravenously" / "intravenous", "placebos" / "placebo").
ENDINGS = (
    "ously", "ous", "ically", "ical", "ics", "ic", "ias", "ia", "ally", "al", "ly", "ives", "ive", "ers", "er",
    "ed", "ing", "ions", "ion", "ism", "ists", "ist", "ations", "ation", "ised", "ized", "ise", "ize", "ies",
    "es", "s", "y", "e",
)  # fmt: skip


def _stems(word: str) -> set[str]:
    return {word} | {word[: -len(end)] for end in ENDINGS if word.endswith(end) and len(word) - len(end) >= 4}


def _related(word: str, form: str) -> bool:
    """Whether ``word`` is the term with another ending (an inflection or derivation), not a slip."""
    return word.startswith(form) or form.startswith(word) or bool(_stems(word) & _stems(form))


def _not_abbreviation(word: str) -> bool:
    return word.islower() or sum(ch.isupper() for ch in word) < 2  # most words: no counting


def _words(text: str) -> Iterator[re.Match[str]]:
    return (match for match in WORD.finditer(text) if _not_abbreviation(match.group()))


# The terms a word is a slip of, for the process: a word used once is compared with every
# term, and a `mkdocs serve` rebuild meets the same words again.
_SLIPS: dict[tuple[str, ...], dict[str, list[str]]] = {}


def _slips_of(word: str, targets: dict[str, str]) -> list[str]:
    known = _SLIPS.setdefault(tuple(targets), {})
    if len(_SLIPS) > 8:  # the glossary changed many times: start afresh
        _SLIPS.clear()
        known = _SLIPS.setdefault(tuple(targets), {})
    if word not in known:
        known[word] = [s for s in closest(word, targets) if not _related(word, s)]
    return known[word]


def check_misspellings(project: Project) -> Iterator[Diagnostic]:
    """KB412 on every page the glossary applies to."""
    glossary = load_glossary(project)
    if glossary.file.data is None or not glossary.in_use:
        return
    targets = {
        form.casefold(): form
        for term in glossary.terms
        for form in term.forms
        if re.fullmatch(r"[A-Za-z]+", form) and len(form) >= MIN_LENGTH and sum(ch.isupper() for ch in form) < 2
    }
    if not targets:
        return
    exempt = glossary.options["abbreviations"]["exempt"]
    # One pass over the pages, each page's text dropped after it: on how many pages (or in the
    # glossary) each word is used, and the first page using it. Only a word used once can be a slip.
    used_on = Counter[str]()
    first_use: dict[str, str] = {}
    for path, model in sorted(project.rendered.items()):
        found = {word.casefold() for word in set(WORD.findall(page_text(model).text)) if _not_abbreviation(word)}
        used_on.update(found)
        for word in found:
            first_use.setdefault(word, path)
    for term in glossary.terms:
        text = " ".join([term.term, term.definition, term.explanation, *term.forms])
        used_on.update({match.group().casefold(): 2 for match in _words(text)})
    term_for = matcher(project).term_for
    findings: list[tuple[str, int, str, list[str], PageText]] = []
    for word, path in first_use.items():
        if used_on[word] > 1 or word in targets or term_for(word) is not None:
            continue
        if not applies_to(glossary, path) or any(fnmatch(path, pattern) for pattern in exempt):
            continue
        suggestions = _slips_of(word, targets)
        if suggestions:
            text = page_text(project.rendered[path])
            offset = next(m.start() for m in _words(text.text) if m.group().casefold() == word)
            findings.append((path, offset, word, suggestions, text))
    for _, offset, word, suggestions, text in sorted(findings, key=lambda finding: finding[:2]):
        written = text.text[offset : offset + len(word)]
        shown = [targets[s] for s in suggestions]
        where = text.position(offset, written)
        yield MISSPELT.at(
            where.path,
            where.line,
            where.column,
            f"'{written}' is not a word the site uses elsewhere; {did_you_mean(shown)}",
            f"correct the spelling (the glossary defines '{shown[0]}')",
        )
