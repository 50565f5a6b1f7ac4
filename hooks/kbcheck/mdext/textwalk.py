"""The rendered tree's text outside code, in reading order (what a reader sees as words)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

# Elements whose text is code or script, never prose.
NOT_TEXT = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


def texts_outside_code(element: etree.Element, skip: Callable[[etree.Element], bool] = lambda _: False) -> list[str]:
    """Every text and tail under ``element`` that is not inside code (nor inside an element ``skip`` names).

    Each element's text and its children's subtrees come first, then its children's tails.
    """
    found: list[str] = []
    _collect(element, skip, found)
    return found


def _collect(element: etree.Element, skip: Callable[[etree.Element], bool], found: list[str]) -> None:
    # A list filled by plain recursion: nested generators cost a step per level for every text.
    if element.tag not in NOT_TEXT and not skip(element):
        if element.text:
            found.append(element.text)
        for child in element:
            _collect(child, skip, found)
    found.extend(child.tail for child in element if child.tail)
