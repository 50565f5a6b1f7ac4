"""The words a reader sees on a rendered page, as one text, for the word-level checks.

The abbreviation and spelling rules read this instead of masking Markdown by
hand: the page's text units (:mod:`kbcheck.mdext.units`) other than code and
raw HTML, headings and box titles included, joined by blank lines. A finding's
offset in it maps back to the source through the unit it falls in.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..parsed import PageModel, Position

SEPARATOR = "\n\n"


@dataclass(frozen=True)
class PageText:
    model: PageModel
    text: str
    starts: tuple[int, ...]  # where each included unit starts in ``text``
    units: tuple[int, ...]  # the index in ``model.units`` of each included unit

    def _unit(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def position(self, offset: int, needle: str) -> Position:
        """Where the ``needle`` found at ``offset`` of ``text`` was written."""
        at = self._unit(offset)
        return self.model.locate_in_unit(self.units[at], offset - self.starts[at], needle)

    def in_title(self, offset: int) -> bool:
        """Whether ``offset`` falls in a heading or a box title (not running prose)."""
        return self.model.units[self.units[self._unit(offset)]].kind in ("heading", "title")


def page_text(model: PageModel) -> PageText:
    parts: list[str] = []
    starts: list[int] = []
    indexes: list[int] = []
    length = 0
    for index, unit in enumerate(model.units):
        if not unit.prose:
            continue
        starts.append(length)
        indexes.append(index)
        parts.append(unit.text)
        length += len(unit.text) + len(SEPARATOR)
    return PageText(model, SEPARATOR.join(parts), tuple(starts), tuple(indexes))
