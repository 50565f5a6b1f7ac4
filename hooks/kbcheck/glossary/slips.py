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
from ..parsed import PageFindings, WordAt
from ..project import Project
from .annotate import applies_to, matcher
from .model import Glossary, load_glossary
from .pagetext import PageText

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


def deletions(word: str, most: int) -> set[str]:
    """``word`` with up to ``most`` letters left out (itself included)."""
    found = {word}
    layer = {word}
    for _ in range(most):
        layer = {variant[:i] + variant[i + 1 :] for variant in layer for i in range(len(variant))}
        found |= layer
    return found


class SlipIndex:
    """The glossary's one-word forms, indexed so a word is compared only with forms it could be a slip of.

    Two words within k edits (a swap of neighbours being one) become equal once at most
    k letters are left out of each, so a form is a candidate only when it shares such a
    variant with the word; the exact distance then decides. Every word of every page is
    looked up as the page is rendered: comparing each with every form was the dear part.
    """

    def __init__(self, targets: dict[str, str]) -> None:
        self.targets = targets
        self._by_variant: dict[str, tuple[str, ...]] = {}
        for target in targets:
            # Two edits are allowed from ten letters on, so only a form of eight or more can be two away.
            for variant in deletions(target, 2 if len(target) >= 8 else 1):
                self._by_variant[variant] = (*self._by_variant.get(variant, ()), target)
        self._slips: dict[str, list[str]] = {}  # a `mkdocs serve` rebuild meets the same words again

    def slips_of(self, word: str) -> list[str]:
        """The forms ``word`` (casefolded) is a slip of, nearest first; none for a relative ("phobic")."""
        if word not in self._slips:
            near = {t for v in deletions(word, allowed_edits(word)) for t in self._by_variant.get(v, ())}
            self._slips[word] = [s for s in closest(word, sorted(near)) if not _related(word, s)]
        return self._slips[word]


# One index per set of forms, for the process (a serve rebuild keeps the glossary).
_INDEXES: dict[tuple[str, ...], SlipIndex] = {}


def slip_index(targets: dict[str, str]) -> SlipIndex:
    key = tuple(targets)
    if key not in _INDEXES:
        if len(_INDEXES) >= 8:  # the glossary changed many times: start afresh
            _INDEXES.clear()
        _INDEXES[key] = SlipIndex(targets)
    return _INDEXES[key]


def _targets(project: Project) -> dict[str, str]:
    """The glossary's one-word forms a slip can be of, casefolded, with the form as written."""

    def find(project: Project) -> dict[str, str]:
        return {
            form.casefold(): form
            for term in load_glossary(project).terms
            for form in term.forms
            if re.fullmatch(r"[A-Za-z]+", form) and len(form) >= MIN_LENGTH and sum(ch.isupper() for ch in form) < 2
        }

    return project.derive("glossary.slip_targets", find)


def _index(project: Project) -> SlipIndex:
    return project.derive("glossary.slip_index", lambda p: slip_index(_targets(p)))


def check_prose(project: Project, path: str, text: PageText, findings: PageFindings) -> None:
    """The words of a just-rendered page that are a slip away from a glossary term, and where each is first written.

    Whether one is a slip depends on the other pages (a word the site uses twice is a word),
    so they are judged in :func:`check_misspellings`. The glossary is in use (the caller checks).
    """
    glossary = load_glossary(project)
    targets = _targets(project)
    if not targets:
        return
    index = _index(project)
    term_for = matcher(project).term_for
    exempt = glossary.options["abbreviations"]["exempt"]
    judged = applies_to(glossary, path) and not any(fnmatch(path, pattern) for pattern in exempt)
    for word in {word.casefold() for word in set(WORD.findall(text.text)) if _not_abbreviation(word)}:
        if not index.slips_of(word) or word in targets or term_for(word) is not None:
            continue
        if not judged:
            findings.slips[word] = None
            continue
        match = _first_use(text.text, word)
        findings.slips[word] = WordAt(match.group(), text.position(match.start(), match.group()))


def _first_use(text: str, word: str) -> re.Match[str]:
    """The first place ``word`` (casefolded) is written in ``text`` as a word, not an abbreviation."""
    pattern = re.compile(rf"(?<![\w\u2011]){re.escape(word)}(?![\w])", re.IGNORECASE)  # words are ASCII letters
    return next(match for match in pattern.finditer(text) if _not_abbreviation(match.group()))


def check_misspellings(project: Project) -> Iterator[Diagnostic]:
    """KB412 on every page the glossary applies to."""
    glossary = load_glossary(project)
    targets = _targets(project)
    if glossary.file.data is None or not glossary.in_use or not targets:
        return
    index = _index(project)
    # How many pages (or the glossary) use each word a slip away from a term: only a word used once is a slip.
    used_on = Counter[str]()
    first: dict[str, WordAt | None] = {}
    for model in project.rendered.values():
        found = model.findings.slips if model.findings is not None else {}
        used_on.update(found.keys())
        for word, written in found.items():
            first.setdefault(word, written)
    for term in glossary.terms:
        text = " ".join([term.term, term.definition, term.explanation, *term.forms])
        used_on.update({match.group().casefold(): 2 for match in _words(text)})
    slips = [(found, word) for word, found in first.items() if used_on[word] == 1 and found is not None]
    for found, word in slips:
        shown = [targets[s] for s in index.slips_of(word)]
        where, written = found.position, found.word
        yield MISSPELT.at(
            where.path,
            where.line,
            where.column,
            f"'{written}' is not a word the site uses elsewhere; {did_you_mean(shown)}",
            f"correct the spelling (the glossary defines '{shown[0]}')",
        )
