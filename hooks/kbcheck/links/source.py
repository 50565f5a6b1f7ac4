"""Every link a page's Markdown source contains, with its position.

Python-Markdown's own link syntax is scanned on the page's masked body (code
spans, fences and HTML comments blanked, offsets unchanged): inline links and
images with balanced brackets and parentheses, reference definitions,
``<scheme:...>`` autolinks, and (with pymdownx.magiclink) bare URLs. Raw HTML
tags are read with the standard library's :class:`html.parser.HTMLParser`,
which also yields their ``id`` and ``name`` attributes (anchors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from ..project import Page

LINK_OPEN = re.compile(r"!?\[")
REFERENCE_DEFINITION = re.compile(
    r"^[ ]{0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*(?:<(?P<angled>[^>\n]*)>|(?P<plain>\S+))", re.M
)
TITLED = re.compile(r"^(?P<dest>.*?)\s+(?P<quote>[\"'])(?:.*)(?P=quote)$", re.S)
AUTOLINK = re.compile(r"<(?P<url>(?:https?|ftp|mailto|tel):[^>\s]*)>", re.I)
BARE_URL = re.compile(r"(?<![\w/\"'=(<\[])https?://[^\s<>\"'`\])]+[^\s<>\"'`\]).,;:!?*_]", re.I)
HTML_TAG_START = re.compile(r"<[A-Za-z]")
# Attributes whose value is a URL, per tag (what a reader's browser would follow or load).
URL_ATTRIBUTES = {"a": "href", "area": "href", "img": "src", "source": "src", "video": "src", "audio": "src"}


@dataclass(frozen=True, slots=True)
class Link:
    """One link as written: where it starts in the body and its target text."""

    offset: int  # offset in page.split.body of the link's first character
    target: str  # exactly as written (angle brackets removed)
    kind: str  # "link", "image", "reference", "autolink", "html", "bare"


@dataclass(frozen=True, slots=True)
class HtmlId:
    """An ``id`` (or ``<a name>``) in raw HTML."""

    offset: int
    value: str


def _closing(text: str, start: int, opener: str, closer: str) -> int | None:
    """Index of the ``closer`` matching the ``opener`` at ``start``.

    Nesting and backslash escapes are honoured; a blank line (paragraph break)
    ends the search, as it ends any link in Python-Markdown.
    """
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index
        elif char == "\n" and text.startswith("\n", index + 1):
            return None
        index += 1
    return None


def _inline_destination(text: str, start: int) -> tuple[str, int] | None:
    """Parse ``(dest "title")`` opening at ``start``; return (dest, end) or None.

    Like Python-Markdown: parentheses nest, spaces stay in the destination
    unless a quoted title follows, and a blank line ends the attempt.
    """
    index = _closing(text, start, "(", ")")
    if index is None:
        return None
    inside = text[start + 1 : index].strip()
    if inside.startswith("<") and ">" in inside:
        return inside[1 : inside.index(">")], index + 1
    titled = TITLED.match(inside)
    return (titled["dest"] if titled else inside), index + 1


def markdown_links(page: Page) -> list[Link]:
    """Inline links and images, reference definitions, autolinks (source order)."""
    body = page.masked_body
    found: list[Link] = []
    position = 0
    while (match := LINK_OPEN.search(body, position)) is not None:
        start = match.start()
        bracket = match.end() - 1
        position = match.end()
        if (bracket > 0 and body[bracket - 1] == "\\") or body.startswith("^", bracket + 1):
            continue  # an escaped bracket or a footnote reference
        close = _closing(body, bracket, "[", "]")
        if close is None or not body.startswith("(", close + 1):
            continue
        parsed = _inline_destination(body, close + 1)
        if parsed is None:
            continue
        destination, _end = parsed
        found.append(Link(start, destination, "image" if match.group().startswith("!") else "link"))
    for match in REFERENCE_DEFINITION.finditer(body):
        if match["label"].startswith("^"):
            continue  # footnote definition
        target = match["angled"] if match["angled"] is not None else match["plain"]
        found.append(Link(match.start("label") - 1, target, "reference"))
    found.extend(Link(m.start(), m["url"], "autolink") for m in AUTOLINK.finditer(body))
    return sorted(found, key=lambda link: link.offset)


def bare_urls(page: Page) -> list[Link]:
    """Plain-text http(s) URLs (links only when pymdownx.magiclink is enabled)."""
    return [Link(m.start(), m.group(), "bare") for m in BARE_URL.finditer(page.masked_body)]


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], tuple[int, int]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs), self.getpos()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


@dataclass(frozen=True, slots=True)
class HtmlScan:
    links: list[Link]
    ids: list[HtmlId]


def html_scan(page: Page) -> HtmlScan:
    """Links (href/src) and anchors (id, a name) in the page's raw HTML."""
    body = page.masked_body
    if not HTML_TAG_START.search(body):
        return HtmlScan([], [])
    collector = _TagCollector()
    collector.feed(body)
    collector.close()
    line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
    links: list[Link] = []
    ids: list[HtmlId] = []
    for tag, attributes, (line, column) in collector.tags:
        offset = line_starts[line - 1] + column
        url_attribute = URL_ATTRIBUTES.get(tag)
        if url_attribute and attributes.get(url_attribute) is not None:
            links.append(Link(offset, str(attributes[url_attribute]).strip(), "html"))
        for key in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(key):
                ids.append(HtmlId(offset, str(attributes[key])))
    return HtmlScan(links, ids)


def page_source_links(page: Page) -> list[Link]:
    """Every link in a page's source: Markdown syntax and raw HTML, in source order."""
    return sorted(markdown_links(page) + html_scan(page).links, key=lambda link: link.offset)
