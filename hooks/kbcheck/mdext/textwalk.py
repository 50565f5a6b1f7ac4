"""The rendered tree's text outside code, in reading order (what a reader sees as words)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator

# Elements whose text is code or script, never prose.
NOT_TEXT = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


def texts_outside_code(
    element: etree.Element, skip: Callable[[etree.Element], bool] = lambda _: False
) -> Iterator[str]:
    """Every text and tail under ``element`` that is not inside code (nor inside an element ``skip`` names)."""
    if element.tag not in NOT_TEXT and not skip(element):
        if element.text:
            yield element.text
        for child in element:
            yield from texts_outside_code(child, skip)
    for child in element:
        if child.tail:
            yield child.tail
