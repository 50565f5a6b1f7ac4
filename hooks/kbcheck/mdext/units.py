"""The prose of a rendered page as text units: paragraphs, list items, table rows, headings and titles.

Checks that reason about sentences (is this figure cited? is it in its
source's ledger?) read these units instead of scanning Markdown: a unit is what
Python-Markdown made a block, so a fence, a list inside a quote or an included
snippet is what the reader sees. Code, raw HTML, footnote numbers and the text
the rendering adds (summary and status lines, the References list) are left out;
each citation is kept as its offset and keys.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markdown.util import AMP_SUBSTITUTE, STX

from ..parsed import Citing, TextUnit

# Blocks that hold other blocks: their children are units of their own.
CONTAINERS = frozenset(
    {"div", "blockquote", "details", "section", "article", "aside", "ul", "ol", "dl", "table", "thead", "tbody",
     "tfoot", "figure", "main", "nav", "header", "footer"}
)  # fmt: skip
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
PARAGRAPHS = frozenset({"p"})
# Blocks whose own words are one unit, though they may hold paragraphs (a loose list or
# definition list) and nested blocks (which come after them as units of their own).
ITEMS = {"li": "list item", "dt": "paragraph", "dd": "paragraph", "figcaption": "paragraph"}
# Never prose: code and scripts.
SKIPPED = frozenset({"pre", "code", "kbd", "samp", "script", "style", "svg", "math", "hr"})
# What the rendering adds: the page's summary and review status, the References list.
GENERATED = frozenset({"kb-summary", "kb-status", "kb-references-box", "kb-references", "headerlink"})
# Inside a unit: blocks are units of their own, and a superscript that is no citation is a footnote number.
INLINE_SKIPPED = CONTAINERS | PARAGRAPHS | ITEMS.keys() | {"sup"}
# Python-Markdown's placeholders for raw HTML and entities: not words.
_PLACEHOLDER = re.compile(STX + r"[a-z]+:?\d*\x03")

_BLOCK_PLACEHOLDER = re.compile(STX + r"wzxhzdk:(\d+)\x03")


@dataclass(frozen=True)
class Readers:
    """What the walk needs from the conversion: a citation element's keys, a raw HTML block's text."""

    citation_keys: Callable[[etree.Element], tuple[str, ...] | None]
    raw_text: Callable[[int], str]


def text_units(
    root: etree.Element,
    citation_keys: Callable[[etree.Element], tuple[str, ...] | None],
    raw_text: Callable[[int], str] = lambda _: "",
) -> list[TextUnit]:
    """Every unit under ``root`` in reading order.

    Code blocks and raw HTML blocks are units too ("code", "raw"), never checked
    as prose: they keep the count of a phrase's appearances in step with the
    source, so a finding is located at the right one.
    """
    units: list[TextUnit] = []
    _visit(list(root), Box(), units, Readers(citation_keys, raw_text))
    return units


@dataclass(frozen=True)
class Box:
    """The admonitions and details blocks around a unit: their classes, and their titles (outermost first)."""

    classes: frozenset[str] = frozenset()
    titles: tuple[str, ...] = ()

    def inside(self, element: etree.Element) -> Box:
        title = next((c for c in element if c.tag == "summary" or "admonition-title" in _classes(c)), None)
        text = " ".join(_PLACEHOLDER.sub("", "".join(title.itertext())).split()) if title is not None else ""
        return Box(self.classes | _classes(element), (*self.titles, text))


def _classes(element: etree.Element) -> frozenset[str]:
    return frozenset((element.get("class") or "").split())


def _has_class(element: etree.Element, name: str) -> bool:
    classes = element.get("class")
    return classes is not None and name in classes.split()


def _left_out(element: etree.Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str) or tag in SKIPPED:
        return True
    classes = element.get("class")
    return (classes is not None and not GENERATED.isdisjoint(classes.split())) or (
        element.get("data-search-exclude") is not None
    )


def _visit(children: list[etree.Element], boxes: Box, units: list[TextUnit], keys: Readers) -> None:
    for child in children:
        if child.tag == "pre":
            units.append(TextUnit("code", "".join(child.itertext()), (), boxes.classes, boxes.titles))
            continue
        if _left_out(child):
            continue
        tag = child.tag
        raw = _BLOCK_PLACEHOLDER.fullmatch((child.text or "").strip()) if tag == "p" and not len(child) else None
        if raw is not None:  # a raw HTML block (a highlighted fence is one too)
            units.append(TextUnit("raw", keys.raw_text(int(raw.group(1))), (), boxes.classes, boxes.titles))
            continue
        if tag in HEADINGS:
            units.append(_unit("heading", [child], boxes, keys))
        elif tag == "summary" or _has_class(child, "admonition-title"):  # the title of a box
            units.append(_unit("title", [child], boxes, keys))
        elif tag in PARAGRAPHS:
            units.append(_unit("paragraph", [child], boxes, keys))
        elif tag in ITEMS:
            own = [child, *(p for p in child if p.tag in PARAGRAPHS)]
            units.append(_unit(ITEMS[tag], own, boxes, keys))
            _visit([block for block in child if block.tag not in PARAGRAPHS], boxes, units, keys)
        elif tag == "tr":
            units.append(_unit("table row", list(child), boxes, keys, separator=" | "))
        elif tag in CONTAINERS:
            inner = boxes.inside(child) if tag == "details" or _has_class(child, "admonition") else boxes
            _visit(list(child), inner, units, keys)


def _unit(kind: str, parts: list[etree.Element], boxes: Box, keys: Readers, separator: str = "\n") -> TextUnit:
    pieces: list[str] = []
    citations: list[Citing] = []
    length = 0

    def add(text: str | None) -> None:
        nonlocal length
        if text:
            if STX in text:  # placeholders and entities start with it; most text has none
                text = _PLACEHOLDER.sub("", text.replace(AMP_SUBSTITUTE, "&"))
            pieces.append(text)
            length += len(text)

    def inline(element: etree.Element) -> None:
        add(element.text)
        for child in element:
            cited = keys.citation_keys(child)
            if cited is not None:
                citations.append(Citing(length, cited))
            elif child.tag not in INLINE_SKIPPED and not _left_out(child):
                inline(child)
            add(child.tail)

    for index, part in enumerate(parts):
        if index:
            add(separator)
        inline(part)
    return TextUnit(kind, "".join(pieces), tuple(citations), boxes.classes, boxes.titles)
