"""Figures ledger: a number in a cited sentence must be one its sources' ledger holds.

``data/figures.yml`` maps a bibliography record id to the figures the site
quotes from it, each with where it stands in the source (see the contributing
guide). A cited sentence is the text from the previous sentence end, line start,
table-cell border or citation up to a citation. Its numbers are compared with
the ledger figures of the records that citation names, after normalising how a
figure is written, so "33.33%", "33 in 100" and "one in three" are the same
figure and a rounded "1.8" matches "-1.83". A sentence is checked only when
every record it cites has ledger entries; the others are not audited yet.
Sentences are read from the rendered page's prose units (:mod:`kbcheck.mdext.units`),
so FAQ answers and glossary definitions are checked too, and code never is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .citations.bibliography import KEY_PATTERN
from .citations.model import bibliography
from .datafile import DataFile, load_data_file, resolve
from .diagnostics import Diagnostic, Severity, rule
from .parsed import PageFindings, PageModel, TextUnit
from .project import Project
from .settings import register_section

LEDGER_INVALID = rule("KB430", "figures-ledger-invalid", Severity.ERROR, "the figures ledger cannot be used as it is")
# A warning, so --strict fails: every record the site quotes figures from has ledger entries.
NOT_IN_LEDGER = rule(
    "KB431", "figure-not-in-ledger", Severity.WARNING, "a cited sentence states a figure its sources' ledger lacks"
)
LEDGER_UNUSED = rule("KB432", "figure-unused", Severity.INFO, "a ledger figure no cited sentence states")
# Info, not error: tests and forks copy data/ with a smaller bibliography.
UNKNOWN_RECORD = rule("KB433", "figures-unknown-record", Severity.INFO, "the figures ledger names no known record")

register_section(
    "figures",
    {"file": {"type": "string", "default": "data/figures.yml", "description": "the figures ledger"}},
)

_ENTRY = {
    "type": "object",
    "required": ["figure", "locator", "measures"],
    "additionalProperties": False,
    "properties": {
        "figure": {"type": "string", "minLength": 1, "description": "the number as the source writes it"},
        "locator": {"type": "string", "minLength": 1, "description": "table, figure, page or section"},
        "measures": {"type": "string", "minLength": 1, "description": "what the number counts or measures"},
    },
}
SCHEMA = {
    "type": ["object", "null"],
    "propertyNames": {"pattern": f"^{KEY_PATTERN}$"},
    "additionalProperties": {"type": "array", "items": _ENTRY},
}

WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
# "1,148" and "25 441" are one number; a space or comma before three digits joins them.
_NUMBER = r"\d{1,3}(?:[,\u2009\u202f ]\d{3})+(?![\d.])|\d+(?:\.\d+)?|\.\d+"
_TOKEN = rf"(?:{_NUMBER}|{'|'.join(WORDS)})"
FRACTION = re.compile(rf"(?<![\w.])(?P<n>{_TOKEN})\s+(?:in|out\s+of)\s+(?P<m>{_TOKEN})(?![\w.])", re.I)
PERCENT = re.compile(rf"(?<![\w.])(?P<v>{_NUMBER})\s?%")
# A number not glued to a word ("CAPS-5", "NG116", "2R"); a "95%" before "CI" is a level, not a figure.
PLAIN = re.compile(rf"(?<![A-Za-z\d.])(?<![A-Za-z]-)(?P<v>-?(?:{_NUMBER}))(?![\d.]*[A-Za-z])")
CI_LEVEL = re.compile(r"\b95\s?%\s*(?:CI|confidence|credible|CrI)", re.I)
SEPARATORS = re.compile(r"[,\u2009\u202f ]")
BOUNDARY = re.compile(r"[.!?](?=\s)|\n|\|")
YEAR = range(1900, 2101)


@dataclass(frozen=True)
class Figure:
    """One number as written: its value, its written decimals, and whether it is a share of 100."""

    value: Decimal
    decimals: int | None  # None: derived from "n in m", compared with ``tolerance``
    percent: bool
    tolerance: Decimal = Decimal(0)
    start: int = 0

    def matches(self, other: Figure) -> bool:
        if self.percent != other.percent:
            return False
        if self.decimals is None or other.decimals is None:
            exact, derived = (other, self) if self.decimals is None else (self, other)
            return abs(exact.value - derived.value) <= max(derived.tolerance, Decimal("0.5"))
        fine, coarse = (self, other) if self.decimals >= other.decimals else (other, self)
        if abs(fine.value).quantize(Decimal(1).scaleb(-coarse.decimals)) == abs(coarse.value):
            return True
        return _rounded_whole(self.value, other.value) or _rounded_whole(other.value, self.value)


def _rounded_whole(written: Decimal, exact: Decimal) -> bool:
    """ "Over 25,000" for 25 441: a whole number ending in zeros may round or floor the exact one."""
    digits = str(int(written)) if written == written.to_integral() and written >= 100 else ""
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros < 2:
        return False
    step = Decimal(10) ** zeros
    return written in ((exact / step).to_integral() * step, (exact // step) * step)


def _number(token: str) -> Decimal:
    return Decimal(WORDS[token.lower()]) if token.lower() in WORDS else Decimal(SEPARATORS.sub("", token))


def _decimals(token: str) -> int:
    return len(token.split(".")[1]) if "." in token else 0


def figures_in(text: str, *, words: bool = False) -> list[Figure]:
    """Every figure a text states, normalised; offsets point into ``text``.

    Number words count only inside "n in m", unless ``words`` (ledger figures
    written as words, "six"): in prose "one trial" is not a figure.
    """
    found: list[Figure] = []
    taken = [False] * len(text)
    for match in CI_LEVEL.finditer(text):
        taken[match.start() : match.end()] = [True] * (match.end() - match.start())
    for match in FRACTION.finditer(text):
        n, m = _number(match["n"]), _number(match["m"])
        if m <= 10 or m % 10 == 0:  # "1 in 3", "27 in 100"; not "the two in 403 people"
            share = n * 100 / m
            found.append(Figure(share, None, True, min(Decimal(50) / m, Decimal("2.5")), match.start()))
            taken[match.start() : match.end()] = [True] * (match.end() - match.start())
    for match in PERCENT.finditer(text):
        if not taken[match.start()]:
            found.append(Figure(_number(match["v"]), _decimals(match["v"]), True, start=match.start()))
            taken[match.start() : match.end()] = [True] * (match.end() - match.start())
    for match in PLAIN.finditer(text):
        if taken[match.start()]:
            continue
        value = _number(match["v"])
        if value == value.to_integral() and int(value) in YEAR:
            continue
        found.append(Figure(value.copy_abs(), _decimals(match["v"]), False, start=match.start("v")))
    if words:
        for match in re.finditer(rf"\b(?:{'|'.join(WORDS)})\b", text, re.I):
            if not taken[match.start()]:
                found.append(Figure(_number(match.group()), 0, False, start=match.start()))
    return sorted(found, key=lambda f: f.start)


def load_ledger(project: Project) -> DataFile:
    """The ledger file, validated; loaded once per build."""

    def load(project: Project) -> DataFile:
        path = resolve(project, project.settings.section("figures")["file"])
        return load_data_file(path, SCHEMA, LEDGER_INVALID, required=False)

    return project.derive("figures.ledger", load)


def _ledger_figures(ledger: DataFile) -> dict[str, list[tuple[int, list[Figure]]]]:
    data = ledger.data if isinstance(ledger.data, dict) else {}
    return {
        key: [
            (i, figures_in(entry["figure"], words=True)) for i, entry in enumerate(entries) if isinstance(entry, dict)
        ]
        for key, entries in data.items()
        if isinstance(entries, list)
    }


@dataclass(frozen=True)
class CitedSentence:
    """The text a citation backs: ``text[start:end]`` of a unit, and the keys cited."""

    keys: tuple[str, ...]
    start: int
    end: int


def cited_sentences(unit: TextUnit) -> Iterator[CitedSentence]:
    """For each citation, the sentence before it (back to a sentence end, line, cell or citation)."""
    previous_end = 0
    for citing in unit.citations:
        ends = [m.end() for m in BOUNDARY.finditer(unit.text, previous_end, citing.offset)]
        start = max([previous_end, *ends])
        # The rendering moves a full stop or comma in front of the citation (AMA style).
        end = start + len(unit.text[start : citing.offset].rstrip(".,;:"))
        yield CitedSentence(citing.keys, start, end)
        previous_end = citing.offset


def _unknown_records(project: Project, ledger: DataFile, held: dict[str, Any]) -> Iterator[Diagnostic]:
    known = bibliography(project).records
    for key in held:
        if known and key not in known:
            line, column = ledger.where(key)
            hint = "use an id from the bibliography"
            yield UNKNOWN_RECORD.at(ledger.display, line, column, f"unknown record id '{key}'", hint)


def _held(project: Project) -> dict[str, list[tuple[int, list[Figure]]]] | None:
    """The figures of every ledger entry, read once per project (None: no usable ledger)."""
    ledger = load_ledger(project)
    if ledger.data is None:
        return None
    return project.derive("figures.held", lambda p: _ledger_figures(ledger))


def check_prose(project: Project, model: PageModel, findings: PageFindings) -> None:
    """KB431 on a just-rendered page; which ledger figures its sentences state is kept for KB432."""
    held = _held(project)
    if held is None:
        return
    ledger = load_ledger(project)
    for index, unit in enumerate(model.units):
        for sentence in cited_sentences(unit):
            if not sentence.keys or not all(held.get(key) for key in sentence.keys):
                continue  # a record without ledger entries is not audited yet
            entries = [(key, i, f) for key in sentence.keys for i, figures in held[key] for f in figures]
            for figure in figures_in(unit.text[sentence.start : sentence.end]):
                hits = {(key, i) for key, i, known in entries if figure.matches(known)}
                findings.ledger_used |= hits
                if not hits:
                    offset = sentence.start + figure.start
                    where = model.locate_in_unit(index, offset, _written(unit.text, offset))
                    shown = f"{figure.value:.4g}{'%' if figure.percent else ''}"
                    message = f"figure {shown} is not in the figures ledger of {', '.join(sentence.keys)}"
                    hint = f"check it on the source and add it to {ledger.display} with its locator, or correct it"
                    findings.diagnostics.append(NOT_IN_LEDGER.at(where.path, where.line, where.column, message, hint))


def not_in_ledger(project: Project) -> list[Diagnostic]:
    """KB431 on every rendered page: as found when the page was rendered, or now if it was not then."""
    found: list[Diagnostic] = []
    for model in project.rendered.values():
        findings = model.findings
        if findings is None:
            findings = PageFindings()
            check_prose(project, model, findings)
        found.extend(d for d in findings.diagnostics if d.code == NOT_IN_LEDGER.code)
    return found


def check(project: Project) -> Iterator[Diagnostic]:
    """The ledger's own problems and KB432; KB431 was found as each page was rendered."""
    ledger = load_ledger(project)
    yield from ledger.problems
    held = _held(project)
    if held is None:
        return
    yield from _unknown_records(project, ledger, held)
    used: set[tuple[str, int]] = set()
    cited: set[str] = set()
    for model in project.rendered.values():
        cited.update(model.cited_keys)
        if model.findings is not None:
            used |= model.findings.ledger_used
    for key, figures in held.items():
        if key not in cited:  # an uncited record is the bibliography check's concern
            continue
        for i, _ in figures:
            if (key, i) not in used:
                line, column = ledger.where(key, i)
                yield LEDGER_UNUSED.at(
                    ledger.display, line, column, f"{key}: figure {i + 1} is stated by no cited sentence"
                )


_WRITTEN = re.compile(r"-?[\w.,\u2009\u202f]*\w%?")


def _written(text: str, offset: int) -> str:
    """The figure as written at ``offset`` ("88.89%", "1,148"), to find it in the source."""
    found = _WRITTEN.match(text, offset)
    return found.group().rstrip(".,") if found else text[offset : offset + 1]
