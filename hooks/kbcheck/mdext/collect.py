"""The collector: after every other tree processor, read the page's model off the element tree.

It runs before the engine rewrites ``.md`` links into URLs (MkDocs' ``relpath``
tree processor, priority 0), so links are seen as written. Raw HTML blocks are
still placeholders in the tree; their text is read with the standard library's
HTML parser, as the browser would see those tags.
"""

from __future__ import annotations

import functools
import re
import sys
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from ..links.urls import URL_ATTRIBUTES
from ..parsed import CitationUse, Heading, LinkUse, PageModel, Position, ReleasableLocator, SourceProblem, Where
from ..project import display_path
from .citations import CITATION, CitationGroup
from .sourcemap import SourceMap
from .state import DocumentState
from .textwalk import texts_outside_code
from .units import text_units

# Links the rendering makes: toc permalinks, citation superscripts.
GENERATED_CLASSES = frozenset({"headerlink", "kb-cite__link"})
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class _NoSource:
    """Locator for a page rendered outside any session (nothing to map back to)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def position(self, needle: str, occurrence: int, *, prose: bool = False) -> Position:
        return Position(self.path, 1, 1)


class _RawHtml(HTMLParser):
    """Ids, names, URLs and the visible text of one raw HTML block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.urls: list[tuple[str, str]] = []  # (tag, url)
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "a" and "name" in values:
            self.ids.append(values["name"])
        attribute = URL_ATTRIBUTES.get(tag)
        if attribute and attribute in values:
            self.urls.append((tag, values[attribute]))

    handle_startendtag = handle_starttag


@dataclass(frozen=True, slots=True)
class RawParts:
    ids: tuple[str, ...]
    urls: tuple[tuple[str, str], ...]  # (tag, url)
    text: str


@functools.lru_cache(maxsize=4096)
def raw_html_parts(fragment: str) -> RawParts:
    """What a raw HTML block holds; reference entries repeat on many pages, hence the cache."""
    parser = _RawHtml()
    parser.feed(fragment)
    parser.close()
    return RawParts(tuple(parser.ids), tuple(parser.urls), "".join(parser.text))


class Collector(Treeprocessor):
    def __init__(self, md: Markdown, state: DocumentState, sink: Callable[[PageModel], None]) -> None:
        super().__init__(md)
        self.state = state
        self.sink = sink

    def run(self, root: etree.Element) -> None:
        state = self.state
        path = state.page_path or "<page>"
        locator = ReleasableLocator(state.source_map or _NoSource(state.page_display), state.page_display)
        model = PageModel(path, locator=locator)
        seen: Counter[str] = Counter()

        def where(needle: str) -> Where:
            needle = needle or "]()"  # an empty link target: find the empty parentheses
            found = Where(locator, needle, seen[needle])
            seen[needle] += 1
            return found

        for element in root.iter():
            self._element(element, model, where)
        for written in (found for text in texts_outside_code(root) for found in _REFERENCE.findall(text)):
            label = written[written.rindex("[") + 1 : -1] or written[1 : written.index("]")]
            model.problems.append(
                SourceProblem(
                    "link-reference-undefined",
                    f"reference link '{written}' has no definition, so it is shown as text",
                    f"add a line '[{label}]: target.md' to the page, or fix the label",
                    where(written),
                )
            )
        for index, block in enumerate(self.md.htmlStash.rawHtmlBlocks):
            if not isinstance(block, str):
                continue
            parts = raw_html_parts(block)
            model.anchors.update(parts.ids)
            if index in state.generated_html:  # reference entries the citations made
                model.generated_links.extend(url for _, url in parts.urls)
            else:
                model.links.extend(LinkUse(url, "html", where(url)) for _, url in parts.urls)
        model.anchors.update(state.generated_ids)
        for element in root.iter():  # reading order, which is the numbering order
            group = state.citations.get(element)
            if isinstance(group, CitationGroup):
                model.citations.extend(
                    CitationUse(item.key, item.locator, where(sys.intern(f"@{item.key}"))) for item in group.items
                )
        model.problems.extend(SourceProblem(p.kind, p.message, p.hint, where(p.written)) for p in state.pending)
        model.defer_units(functools.partial(text_units, root, self._citation_keys, self._raw_text))
        model.terms = list(state.glossary_terms)
        if state.includes is not None:
            model.problems.extend(self._include_problems())
            project_root = state.project.config.root if state.project else Path.cwd()
            model.included = [display_path(file, project_root) for file in state.includes.files]
        self.sink(model)
        model.read_units()  # still unread: the prose is judged later, and the tree goes with this render

    def _raw_text(self, index: int) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        block = blocks[index] if 0 <= index < len(blocks) else None
        return raw_html_parts(block).text if isinstance(block, str) else ""

    def _citation_keys(self, element: etree.Element) -> tuple[str, ...] | None:
        group = self.state.citations.get(element)
        return tuple(dict.fromkeys(item.key for item in group.items)) if isinstance(group, CitationGroup) else None

    def _element(self, element: etree.Element, model: PageModel, where: Callable[[str], Where]) -> None:
        identifier = element.get("id")
        if identifier:
            model.anchors.add(identifier)
        tag = element.tag
        if tag == "a":
            name = element.get("name")
            if name:
                model.anchors.add(name)
            href = element.get("href")
            if href is not None:
                classes = (element.get("class") or "").split()
                if element in self.state.generated_links or GENERATED_CLASSES.intersection(classes):
                    model.generated_links.append(sys.intern(href))  # the same few targets, page after page
                else:
                    model.links.append(LinkUse(href, "link", where(href)))
        elif tag == "img":
            src = element.get("src")
            if src is not None:
                model.links.append(LinkUse(src, "image", where(src)))
            alt = element.get("alt") or ""
            if re.search(CITATION, alt):
                cited = re.search(CITATION, alt)
                assert cited is not None
                model.problems.append(
                    SourceProblem(
                        "citation",
                        f"citation '{cited.group(0)}' in an image's alt text is shown as plain text",
                        "cite the source in the sentence or caption next to the image",
                        where(cited.group(0)),
                    )
                )
        elif tag in HEADINGS and identifier:
            text = "".join(_visible_text(element)).strip()
            model.headings.append(Heading(HEADINGS[tag], text, identifier, where(text)))

    def _include_problems(self) -> list[SourceProblem]:
        state = self.state
        assert state.includes is not None
        root = state.project.config.root if state.project else Path.cwd()
        files = {display_path(file, root): lines for file, lines in state.includes.files.items()}
        found: list[SourceProblem] = []
        for problem in state.includes.problems:
            position = _directive(problem.target, state.page_display, state.first_line, state.original, files)
            fixed = _Fixed(position)
            found.append(
                SourceProblem(problem.kind, problem.message, problem.hint, Where(fixed, "", 0), problem.target)
            )
        return found


# What Python-Markdown leaves as text when "[text][label]" names no definition.
_REFERENCE = re.compile(r"(?<!\\)\[[^\[\]\n]+\]\[[^\[\]\n]*\]")


def _visible_text(element: etree.Element) -> list[str]:
    """Text of a heading without its permalink."""
    parts = [element.text or ""]
    for child in element:
        if "headerlink" not in (child.get("class") or "").split():
            parts.extend(_visible_text(child))
        parts.append(child.tail or "")
    return parts


class _Fixed:
    def __init__(self, position: Position) -> None:
        self._position = position

    def position(self, needle: str, occurrence: int, *, prose: bool = False) -> Position:
        return self._position


def _directive(target: str, page: str, first_line: int, original: list[str], files: dict[str, list[str]]) -> Position:
    """The include line naming ``target``: in the page first, then in the included files."""
    for index, line in enumerate(original):
        at = line.find(target)
        if at >= 0:
            return Position(page, first_line + index, at + 1)
    for shown, lines in files.items():
        for index, line in enumerate(lines):
            at = line.find(target)
            if at >= 0:
                return Position(shown, index + 1, at + 1)
    return Position(page, first_line, 1)


__all__ = ["Collector", "SourceMap", "raw_html_parts"]
