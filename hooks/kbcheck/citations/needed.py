"""'Citation needed': figures and 'studies show' on clinical pages that cite nothing.

The unit is a paragraph, a list item or a table row. A unit is covered when it
cites a source itself, or, for list items and table rows, when the paragraph that
introduces the list or table does (writers cite a trial once, then list its
details). Summary boxes (``!!! abstract "Key points"`` by default) restate the
cited body and are skipped. Only digits with a unit count as figures, which keeps
false alarms low: years, step numbers and "DSM-5" never match.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

_NUMBER = r"\d+(?:[.,]\d+)?(?:\s?(?:to|-|–)\s?\d+(?:[.,]\d+)?)?"
FIGURE = re.compile(
    rf"""(?xi)
    (?P<percent>{_NUMBER}\s?(?:%|per\s?cent\b))
  | (?P<dose>\b{_NUMBER}\s?(?:mg|mcg|µg|μg|ng|ml|mmol|iu)(?:\s?(?:/|per)\s?(?:kg|day|dose|hour|h)\b)?\b)
  | (?P<sample>\bn\s?=\s?\d[\d,]*|\b\d[\d,]*\s+(?:people|persons|patients|adults|children|participants
        |volunteers|veterans|subjects|users|women|men|trials|studies|responders)\b)
  | (?P<duration>\b{_NUMBER}\s?(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b)
    """
)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_TABLE_ROW = re.compile(r"^\s*\|")
_ADMONITION = re.compile(r"^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s*(?P<kind>[\w-]+)")
_SNIPPET = re.compile(r"^\s*-{1,2}8<-{1,2}")


@dataclass(frozen=True, slots=True)
class Unit:
    """A paragraph, list item or table row: its span in the body and its kind."""

    start: int
    end: int
    kind: str  # "paragraph" | "list item" | "table row"


def units(masked: str, skip_admonitions: set[str]) -> Iterator[Unit | None]:
    """Units in order; ``None`` marks a heading (a new section, so no lead-in paragraph)."""
    offset = 0
    current: list[int] | None = None  # [start, end, kind index]
    kinds = ("paragraph", "list item", "table row")
    skip_indent: int | None = None
    for line in masked.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        text = line.rstrip("\r\n")
        indent = len(text) - len(text.lstrip())
        if skip_indent is not None and (not text.strip() or indent > skip_indent):
            continue
        skip_indent = None
        boundary = not text.strip() or _HEADING.match(text) or _ADMONITION.match(text) or _SNIPPET.match(text)
        starts_unit = _LIST_ITEM.match(text) or _TABLE_ROW.match(text)
        if current and (boundary or starts_unit or kinds[current[2]] == "table row"):
            yield Unit(current[0], current[1], kinds[current[2]])
            current = None
        if _HEADING.match(text):
            yield None
        admonition = _ADMONITION.match(text)
        if admonition and admonition["kind"].lower() in skip_admonitions:
            skip_indent = len(admonition["indent"])
        if boundary:
            continue
        if current is None:
            kind = 1 if _LIST_ITEM.match(text) else 2 if _TABLE_ROW.match(text) else 0
            current = [start, offset, kind]
        else:
            current[1] = offset
    if current:
        yield Unit(current[0], current[1], kinds[current[2]])


def uncited_figures(
    masked: str, cited_offsets: list[int], phrases: list[str], skip_admonitions: set[str]
) -> Iterator[tuple[int, str, str]]:
    """(offset, kind of unit, what was stated) for each uncovered unit stating a figure or a phrase.

    ``cited_offsets`` must be sorted (the offsets of the page's citation brackets).
    """
    phrase = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.I) if phrases else None
    lead_in_cited = False
    for unit in units(masked, {kind.lower() for kind in skip_admonitions}):
        if unit is None:
            lead_in_cited = False
            continue
        index = bisect.bisect_left(cited_offsets, unit.start)
        cited = index < len(cited_offsets) and cited_offsets[index] < unit.end
        if unit.kind == "paragraph":
            lead_in_cited = cited
        if cited or (unit.kind != "paragraph" and lead_in_cited):
            continue
        found = FIGURE.search(masked, unit.start, unit.end)
        said = phrase.search(masked, unit.start, unit.end) if phrase else None
        first = min((m for m in (found, said) if m), key=lambda m: m.start(), default=None)
        if first is not None:
            yield first.start(), unit.kind, " ".join(first.group().split())
