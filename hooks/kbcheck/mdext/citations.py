"""Citations in Python-Markdown: ``[@key]`` becomes a numbered superscript, and the page gets its References.

An inline processor (running after code spans and backslash escapes, so
neither ever holds a citation) turns each bracket into a placeholder
``<sup>``; a tree processor then numbers the sources in order of first
citation, writes the links, moves a following full stop or comma in front (AMA
style), and appends the reference list. Unknown keys stay visible as
``[@key]``; the checks report them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from ..citations.model import bibliography
from ..citations.render import anchor_id, hover_texts, reference_content
from ..citations.scanner import CiteItem, parse_items
from .charrefs import charrefs
from .state import DocumentState, Pending
from .textwalk import texts_outside_code

# Content may span lines but not a blank line; not a link ``[@x](url)`` or ``[@x][ref]``.
CITATION = r"\[(?=[ \t]*-?@)(?P<body>(?:[^\[\]\n]|\n(?![ \t]*\n))*)\](?!\(|\[(?![ \t]*-?@))"
_LOCATOR_LABEL = re.compile(r"^(pp?|ch|chap|para|fig|figs|tab|vol|sec)\.\s*", re.I)


@dataclass(frozen=True, slots=True)
class CitationGroup:
    items: tuple[CiteItem, ...]
    written: str  # the bracket as written, to locate it in the source


class CitationInline(InlineProcessor):
    def __init__(self, md: Markdown, state: DocumentState) -> None:
        super().__init__(CITATION, md)
        self.state = state

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None, int | None]:  # type: ignore[override]
        project = self.state.project
        if project is None or not bibliography(project).exists:
            return None, None, None  # a project without a bibliography has no citations: text stays text
        items, problem = parse_items(m.group("body"))
        if problem is not None:
            self.state.pending.append(Pending("citation", problem.message, problem.hint, m.group(0)))
            return None, None, None
        element = etree.Element("sup")
        self.state.citations[element] = CitationGroup(tuple(items), m.group(0))
        return element, m.start(0), m.end(0)


class CitationTree(Treeprocessor):
    """Numbers and the References list (after inline processing, before toc, so the list gets its permalink)."""

    def __init__(self, md: Markdown, state: DocumentState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        project = self.state.project
        if project is None or not bibliography(project).exists:
            return  # no bibliography, no citations: "[@name]" is just text there
        self._unread_brackets(root)
        groups = self.state.citations
        if not groups:
            return
        records = bibliography(project).records
        numbers = self.state.numbers
        for element in root.iter("sup"):
            group = groups.get(element)
            for item in group.items if group else ():
                if item.key in records:
                    numbers.setdefault(item.key, len(numbers) + 1)
        if numbers:
            self._append_references(root, numbers)

    def _unread_brackets(self, root: etree.Element) -> None:
        """A ``[@`` left in the text that no citation or reported problem accounts for was never closed."""
        left = sum(len(_OPEN.findall(text)) for text in texts_outside_code(root, _unknown_key))
        reported = sum(1 for problem in self.state.pending if problem.kind == "citation")
        for _ in range(max(left - reported, 0)):
            self.state.pending.append(
                Pending("citation", "citation bracket is never closed", "end it with ']' in the same paragraph", "[@")
            )

    def _append_references(self, root: etree.Element, numbers: dict[str, int]) -> None:
        """The References heading and list; each entry's formatted text goes in as raw HTML."""
        project = self.state.project
        assert project is not None
        records = bibliography(project).records
        heading = etree.Element("h2", {"id": "references", "data-search-exclude": ""})
        heading.text = "References"
        listing = etree.Element("ol", {"class": "kb-references", "data-search-exclude": ""})
        stash = self.md.htmlStash
        for key, number in numbers.items():
            item = etree.SubElement(listing, "li", {"id": anchor_id(key), "class": "kb-ref"})
            item.text = stash.store(charrefs(reference_content(project, records[key], f"reference {number}")))
            self.state.generated_html.add(len(stash.rawHtmlBlocks) - 1)
        # Footnotes (added earlier, at the end) stay last, as in the written order.
        position = len(root)
        if position and root[-1].tag == "div" and "footnote" in (root[-1].get("class") or "").split():
            position -= 1
        page = project.pages.get(self.state.page_path or "")
        if page is not None and page.meta.get("type") == "reference":
            # Reference pages (glossary, FAQ) are read by looking things up: their sources stay
            # one click away instead of filling screens (a link to an entry opens the box).
            box = etree.Element("details", {"class": "kb-references-box", "id": "references"})
            summary = etree.SubElement(box, "summary")
            summary.text = f"References ({len(numbers)} sources)"
            box.append(listing)
            root.insert(position, box)
            return
        root.insert(position, heading)
        root.insert(position + 1, listing)


class CitationFill(Treeprocessor):
    """Superscript links in place of the placeholders (after toc, so heading ids never hold numbers)."""

    def __init__(self, md: Markdown, state: DocumentState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        groups = self.state.citations
        if not groups or self.state.project is None:
            return
        hover = hover_texts(self.state.project)
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in [element for element in root.iter() if element in groups]:
            _fill(element, groups[element], self.state.numbers, hover, parents[element])
            _tidy_punctuation(element, parents[element])


_OPEN = re.compile(r"\[[ \t]*-?@")


def _unknown_key(element: etree.Element) -> bool:
    return "kb-cite-unknown" in (element.get("class") or "")  # "[@key]" we show as text on purpose


def _fill(
    element: etree.Element,
    group: CitationGroup,
    numbers: dict[str, int],
    hover: dict[str, str],
    parent: etree.Element,
) -> None:
    known = sorted((numbers[item.key], item) for item in group.items if item.key in numbers)
    unknown = [item for item in group.items if item.key not in numbers]
    if known:
        element.set("class", "kb-cite")
        element.set("data-search-exclude", "")
        runs = _runs(known)
        for index, run in enumerate(runs):
            link = _link(run, hover)
            if index < len(runs) - 1:
                link.tail = ","
            element.append(link)
    else:
        element.tag = "span"
    anchor = element
    for item in unknown:
        span = element if (not known and item is unknown[0]) else etree.Element("span")
        span.set("class", "kb-cite-unknown")
        span.set("title", "Unknown source")
        span.text = f"[@{item.key}]"
        if span is not element:
            span.tail, anchor.tail = anchor.tail, None
            parent.insert(list(parent).index(anchor) + 1, span)
            anchor = span


def _runs(known: list[tuple[int, CiteItem]]) -> list[list[tuple[int, CiteItem]]]:
    """Consecutive numbers without locators form one run; a run of 3+ shows as a range."""
    runs: list[list[tuple[int, CiteItem]]] = []
    for number, item in known:
        last = runs[-1] if runs else None
        if last and not item.locator and not last[-1][1].locator and number == last[-1][0] + 1:
            last.append((number, item))
        elif last and number == last[-1][0] and not item.locator and not last[-1][1].locator:
            continue  # the same source twice in one bracket
        else:
            runs.append([(number, item)])
    split: list[list[tuple[int, CiteItem]]] = []
    for run in runs:
        split.extend([run] if len(run) >= 3 else [[entry] for entry in run])
    return split


def _link(run: list[tuple[int, CiteItem]], hover: dict[str, str]) -> etree.Element:
    first, item = run[0]
    if len(run) == 1:
        locator = _LOCATOR_LABEL.sub(r"\1", item.locator).replace(" ", "")
        text = f"{first}({locator})" if locator else str(first)
        # The accessible name starts with the visible "3(p4)" (WCAG 2.5.3, label
        # in name), then spells the locator out for listeners.
        label = f"Reference {text}" + (f", {item.locator}" if item.locator else "")
        title = hover[item.key] + (f" {item.locator}" if item.locator else "")
    else:
        text = f"{first}–{run[-1][0]}"
        label = f"References {text}"  # contains the visible "1–3" (WCAG 2.5.3)
        title = "; ".join(f"{number}. {hover[entry.key]}" for number, entry in run)
    attributes = {"class": "kb-cite__link", "href": f"#{anchor_id(item.key)}", "aria-label": charrefs(label)}
    link = etree.Element("a", {**attributes, "title": charrefs(title)})
    link.text = charrefs(text)
    return link


def _tidy_punctuation(element: etree.Element, parent: etree.Element) -> None:
    """AMA: the superscript follows a full stop or comma, with no space before it."""
    siblings = list(parent)
    index = siblings.index(element)
    before = siblings[index - 1].tail if index else parent.text
    moved = ""
    if element.tail and element.tail[0] in ".,":
        moved, element.tail = element.tail[0], element.tail[1:]
    if before is None and not moved:
        return
    text = before or ""
    if index or text.rstrip(" \t"):  # after an element (a term link) or words: no space before the number
        text = text.rstrip(" \t")
    text += moved
    if index:
        siblings[index - 1].tail = text
    else:
        parent.text = text
