"""Find glossary terms in text: whole words, plurals, case variants and aliases.

Matching rules (documented for contributors in the contributing guide):

- Every form of a term matches: the term, its abbreviation and its aliases.
- Whole words only: a match may not touch a letter or digit on either side, may
  not follow a hyphen ("non-NMDA"), and may not be followed by a hyphen and a
  digit ("GAD-7" is a questionnaire, not GAD). "FDA-approved" does match FDA.
- Case: a word written with two or more capitals in the glossary (GAD, NMDA,
  mTOR, SSRIs) must appear with exactly those capitals; every other word
  matches in any case ("Placebo", "placebo"). So "sad" never matches SAD.
- Plurals of the last word match too: NMDARs, SSRIs, receptors, analyses,
  half-lives, therapies.
- A space in a form matches any run of spaces or one line break; a hyphen also
  matches a space ("treatment resistant").
- Where forms overlap, the longest match wins ("social anxiety disorder" over
  "anxiety disorder"); matches never overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .model import Term

WORD_SPLIT = re.compile(r"([ \t]+|-)")
SPACE = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
BEFORE = r"(?<![\w\u2011-])"
AFTER = r"(?![\w\u2011])(?!-\d)"


def _is_acronym(word: str) -> bool:
    return sum(ch.isupper() for ch in word) >= 2


def _plural(word: str, acronym: bool) -> str:
    """Regex for a last word with its plural, keeping the word's case rule."""
    if acronym:
        return re.escape(word) + "(?:s)?"
    lower = word.lower()
    if lower.endswith("sis"):
        stem, ending = word[:-3], "(?:sis|ses)"
    elif lower.endswith("fe"):
        stem, ending = word[:-2], "(?:fe|ves)"
    elif re.search(r"[^aeiou]y$", lower):
        stem, ending = word[:-1], "(?:y|ies)"
    elif re.search(r"(?:s|x|z|ch|sh)$", lower):
        stem, ending = word, "(?:es)?"
    else:
        stem, ending = word, "(?:s)?"
    return "(?i:" + re.escape(stem) + ending + ")"


def form_pattern(form: str) -> str:
    """The regex (without boundaries) for one form of a term and its variants."""
    parts = [part for part in WORD_SPLIT.split(form.strip()) if part]
    words = [index for index, part in enumerate(parts) if not WORD_SPLIT.fullmatch(part)]
    out = []
    for index, part in enumerate(parts):
        if part == "-":
            out.append(r"(?:[-\u2011]|[ \t]+)")
        elif WORD_SPLIT.fullmatch(part):
            out.append(SPACE)
        else:
            acronym = _is_acronym(part)
            if index == words[-1]:
                out.append(_plural(part, acronym))
            else:
                out.append(re.escape(part) if acronym else "(?i:" + re.escape(part) + ")")
    return "".join(out)


_FIRST_WORD = re.compile(r"[\s\u2011-]+")


def form_start(form: str) -> str:
    """How a mention of ``form`` begins: its first word case-folded, then cut to four characters.

    Folded before it is cut, as the page marker folds the text it compares ("İ" folds to two).
    """
    return _FIRST_WORD.split(form.strip(), maxsplit=1)[0].casefold()[:4]


def normalise(text: str) -> str:
    """Key that identifies a form whatever its spacing, hyphens and (checked) case."""
    return re.sub(r"[\s\u2011-]+", " ", text).strip().casefold()


def _singulars(surface: str) -> Iterator[str]:
    yield surface
    lower = surface.casefold()
    for plural, singular in (("ses", "sis"), ("ves", "fe"), ("ies", "y"), ("es", ""), ("s", "")):
        if lower.endswith(plural):
            yield surface[: len(surface) - len(plural)] + singular


@dataclass(frozen=True, slots=True)
class Match:
    """One mention of a term in a text."""

    start: int
    end: int
    term: Term
    text: str


class Matcher:
    """Finds mentions of any of a list of terms (built once per glossary)."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = list(terms)
        self._by_form: dict[str, Term] = {}
        patterns: list[tuple[str, str]] = []
        for term in self.terms:
            for form in term.forms:
                key = normalise(form)
                if key in self._by_form:
                    continue  # a duplicate form: the checks report it; the first term keeps it
                self._by_form[key] = term
                patterns.append((form, form_pattern(form)))
        # Longest first, so alternation prefers "social anxiety disorder" to "anxiety disorder".
        patterns.sort(key=lambda item: len(item[0]), reverse=True)
        self._patterns = patterns
        self._regex = self._compile(patterns)
        # The forms by the start of their first word (see :meth:`match_at_word`), and the
        # pattern of each set of forms asked for so far.
        self._forms_by_start: dict[str, set[str]] = {}
        for form, _ in patterns:
            self._forms_by_start.setdefault(form_start(form), set()).add(form)
        self.starts = frozenset(self._forms_by_start) - {""}
        self._narrowed: dict[tuple[str, ...], re.Pattern[str] | None] = {}

    @staticmethod
    def _compile(patterns: list[tuple[str, str]]) -> re.Pattern[str] | None:
        alternatives = "|".join(pattern for _, pattern in patterns)
        return re.compile(f"{BEFORE}(?:{alternatives}){AFTER}") if patterns else None

    def term_for(self, surface: str) -> Term | None:
        """The term a matched text names (after undoing a plural)."""
        for candidate in _singulars(surface):
            term = self._by_form.get(normalise(candidate))
            if term is not None:
                return term
        return None

    def match_at_word(self, text: str, position: int, starts: tuple[str, ...]) -> Match | None:
        """The mention starting exactly at ``position`` (what :meth:`find` would find there), if any.

        ``starts`` are the starts of forms (:func:`form_start`) the word at ``position`` begins with.

        Every mention of a form begins with its form's start, so only those forms can match
        there: the pattern tried holds a few alternatives instead of all of them.
        """
        regex = self._narrowed.get(starts, False)
        if regex is False:
            forms = set().union(*(self._forms_by_start.get(start, ()) for start in starts))
            regex = self._narrowed[starts] = self._compile([item for item in self._patterns if item[0] in forms])
        return self._match(regex, text, position) if regex is not None else None

    def _match(self, regex: re.Pattern[str], text: str, position: int) -> Match | None:
        found = regex.match(text, position)
        if found is None:
            return None
        term = self.term_for(found.group())
        return Match(found.start(), found.end(), term, found.group()) if term is not None else None

    def find(self, text: str) -> list[Match]:
        """Every mention in ``text``, in order (where prose is, the rendered tree decides)."""
        if self._regex is None:
            return []
        found = []
        for match in self._regex.finditer(text):
            term = self.term_for(match.group())
            if term is not None:
                found.append(Match(match.start(), match.end(), term, match.group()))
        return found
