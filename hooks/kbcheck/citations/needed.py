"""'Citation needed': figures and 'studies show' on clinical pages that cite nothing.

The unit is a paragraph, a list item or a table row of the rendered page. A unit is covered when it
cites a source itself, or, for list items and table rows, when the paragraph that
introduces the list or table does (writers cite a trial once, then list its
details). Summary boxes (``!!! abstract "Key points"`` by default) restate the
cited body and are skipped. Only digits with a unit count as figures, which keeps
false alarms low: years, step numbers and "DSM-5" never match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..parsed import TextUnit

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


def uncited_figures(
    units: list[TextUnit], phrases: list[str], skip_boxes: set[str]
) -> Iterator[tuple[int, int, str, str]]:
    """(unit index, offset in its text, kind of unit, what was stated) for each uncovered unit stating a figure.

    ``units`` are a rendered page's text units in reading order; a unit inside a
    box (admonition or details) of a class in ``skip_boxes`` is a summary and is skipped.
    """
    phrase = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.I) if phrases else None
    lead_in_cited = False
    for index, unit in enumerate(units):
        if unit.kind == "heading":  # a new section: no lead-in paragraph
            lead_in_cited = False
            continue
        if unit.kind == "title" or not unit.prose or skip_boxes & unit.boxes:
            continue
        cited = bool(unit.citations)
        if unit.kind == "paragraph":
            lead_in_cited = cited
        if cited or (unit.kind != "paragraph" and lead_in_cited):
            continue
        found = FIGURE.search(unit.text)
        said = phrase.search(unit.text) if phrase else None
        first = min((m for m in (found, said) if m), key=lambda m: m.start(), default=None)
        if first is not None:
            yield index, first.start(), unit.kind, " ".join(first.group().split())
