"""Regular expressions from the settings: checked where they are written, run with a time bound.

A pattern such as ``(a+)+$`` backtracks exponentially: with Python's ``re``
one search on a long anchor never returns. Patterns from ``mkdocs.yml`` are
therefore (1) compiled by both ``re`` and the ``regex`` package, so a typo is one
located diagnostic; (2) refused when a repetition contains another repetition
or an alternation (the shapes that backtrack exponentially in ``re``; the
"star height" test of safe-regex tools), read from the standard library's own
parse tree; (3) tried on adversarial inputs with a timeout; and (4) run by the
``regex`` engine with a timeout per search (:class:`SettingPattern`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]  # the parser's opcodes
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

import regex

SEARCH_TIMEOUT = 0.1  # seconds per search; real patterns take microseconds
PROBE_TIMEOUT = 0.05
_PROBE_LENGTH = 48  # 2**48 steps for a nested quantifier: far past any timeout
# Long runs of one kind of character followed by one that breaks the match:
# the inputs on which nested or overlapping quantifiers backtrack.
PROBES = [
    *(char * _PROBE_LENGTH + end for char in "a0 -_./A:=@x" for end in ("\x00", "!")),
    "ab" * (_PROBE_LENGTH // 2) + "\x00",
    "a " * (_PROBE_LENGTH // 2) + "\x00",
    "a." * (_PROBE_LENGTH // 2) + "\x00",
]


def pattern_problem(text: str) -> str | None:
    """Why ``text`` cannot be used as a settings pattern, or None."""
    try:
        re.compile(text)
        compiled = regex.compile(text)
    except (re.error, regex.error) as exc:
        position = f" at position {exc.pos}" if getattr(exc, "pos", None) is not None else ""
        return f"'{text}' is not a valid regular expression: {exc.msg}{position}"  # type: ignore[union-attr]
    if _nested_repetition(sre_parser.parse(text)):
        return (
            f"'{text}' repeats a part that itself repeats or alternates, which can take exponential "
            "time on a non-matching input"
        )
    for probe in PROBES:
        try:
            compiled.search(probe, timeout=PROBE_TIMEOUT)
        except TimeoutError:
            return (
                f"'{text}' takes too long on a {len(probe)}-character input (nested or overlapping "
                "repetition backtracks exponentially)"
            )
    return None


_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)  # POSSESSIVE_REPEAT never backtracks


def _children(op: Any, value: Any) -> list[Any]:  # noqa: PLR0911 - one return per node kind
    """The sub-patterns of one parse-tree node."""
    if op in _REPEATS or op == getattr(sre, "POSSESSIVE_REPEAT", None):
        return [value[2]]
    if op == sre.SUBPATTERN:
        return [value[3]]
    if op == sre.BRANCH:
        return list(value[1])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [value[1]]
    if op == sre.GROUPREF_EXISTS:
        return [part for part in value[1:] if part is not None]
    if op == getattr(sre, "ATOMIC_GROUP", None):
        return []  # an atomic group never backtracks into itself
    return []


def _contains_choice(tree: Any) -> bool:
    """Whether a sub-pattern holds a repetition (of more than one) or an alternation."""
    for op, value in tree:
        if op == sre.BRANCH or (op in _REPEATS and value[1] > 1):
            return True
        if any(_contains_choice(child) for child in _children(op, value)):
            return True
    return False


def _nested_repetition(tree: Any) -> bool:
    for op, value in tree:
        if op in _REPEATS and value[1] > 1 and _contains_choice(value[2]):
            return True
        if any(_nested_repetition(child) for child in _children(op, value)):
            return True
    return False


@dataclass(frozen=True)
class SettingPattern:
    """A validated settings pattern whose searches are bounded in time."""

    source: str
    compiled: regex.Pattern[str]

    def search(self, text: str) -> bool:
        """Whether the pattern occurs in ``text``; a search over the time bound counts as no match."""
        try:
            return self.compiled.search(text, timeout=SEARCH_TIMEOUT) is not None
        except TimeoutError:
            return False


def compile_setting(text: str) -> SettingPattern | None:
    """The bounded pattern for ``text``, or None when it is unusable (settings report why)."""
    if pattern_problem(text) is not None:
        return None
    return SettingPattern(text, regex.compile(text))


def compile_all(texts: list[str]) -> list[SettingPattern]:
    return [found for found in map(compile_setting, texts) if found is not None]
