"""The published HTML, checked whatever produced it: an allowlist read with an HTML5 parser.

Source checks read Markdown, snippets and data files; each can be walked
around (an attribute list, an include, a comment closed by ``--!>``, a cached
fragment). This module reads the *final* HTML of a page the way a browser does
(lexbor, a WHATWG HTML parser, through selectolax) and holds it to rules:

- in the page content (``<article class="md-content__inner">``, where
  everything contributors write ends up) only elements and attributes on the
  allowlists below, URLs with a web, mail or in-page scheme, images and media
  from this site only (``data:image`` allowed in ``<img>``), CSS without
  ``url()``, ``@import`` or ``expression()``;
- on the whole page (the theme's output included): no ``on*`` attribute, no
  ``javascript:``/``vbscript:``/``data:`` URL (``data:image`` in ``<img>``
  excepted), no embedded documents, and a ``<script>`` only when it is data
  (JSON, JSON-LD), loads a same-site file, or is inline *outside* the content
  (the theme's configuration and palette code: contributors cannot place
  anything there).

The parser gives no source positions, so findings name the page and quote the
offending tag; the build maps them to sources where it can.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .diagnostics import Diagnostic, Severity, rule
from .safe_files import list_files, read_text

UNSAFE_ELEMENT = rule(
    "KB515", "published-unsafe-element", Severity.ERROR, "the published page has an element outside the allowlist"
)
UNSAFE_ATTRIBUTE = rule(
    "KB516", "published-unsafe-attribute", Severity.ERROR, "the published page has an attribute outside the allowlist"
)
UNSAFE_URL = rule(
    "KB517", "published-unsafe-url", Severity.ERROR, "the published page has a URL with an unsafe scheme or origin"
)
SITE_UNREADABLE = rule("KB518", "published-unreadable", Severity.ERROR, "a built HTML file cannot be read")

HINT = "see 'Allowed HTML' in the contributing guide"


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CONTENT_CLASS = "md-content__inner"

# Elements Markdown, pymdown-extensions (tabs, details, task lists, emoji,
# footnotes, highlighting) and this project's renderers produce in page content.
CONTENT_ELEMENTS = words(
    "a abbr article aside b bdi bdo blockquote br caption cite code col colgroup data dd del details dfn div dl dt "
    "em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img input ins kbd label li mark nav ol p picture pre "
    "q rp rt ruby s samp section small source span strong sub summary sup table tbody td tfoot th thead time tr u "
    "ul var wbr audio video track "
    # inline SVG icons (emoji, Material icons): drawing elements only
    "svg g path circle ellipse line polyline polygon rect title desc defs lineargradient radialgradient stop "
    "clippath mask symbol"
)
GLOBAL_ATTRIBUTES = words("class id title lang dir role hidden tabindex translate style")
ELEMENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    name: words(value)
    for name, value in {
        "a": "href rel target hreflang type download name",
        "abbr": "",
        "img": "src srcset alt width height loading decoding sizes",
        "source": "src srcset type media sizes",
        "video": "src poster controls width height preload muted loop playsinline",
        "audio": "src controls preload muted loop",
        "track": "src kind srclang label default",
        "blockquote": "cite",
        "q": "cite",
        "del": "cite datetime",
        "ins": "cite datetime",
        "time": "datetime",
        "data": "value",
        "td": "colspan rowspan headers align",
        "th": "colspan rowspan headers scope abbr align",
        "col": "span",
        "colgroup": "span",
        "ol": "start reversed type",
        "li": "value",
        "details": "open name",
        "input": "type checked disabled name",
        "label": "for",
        "table": "align",
    }.items()
}
SVG_ATTRIBUTES = words(
    "viewbox xmlns width height fill fill-rule clip-rule fill-opacity stroke stroke-width stroke-linecap "
    "stroke-linejoin stroke-opacity opacity d points cx cy r rx ry x y x1 y1 x2 y2 transform focusable "
    "preserveaspectratio offset stop-color stop-opacity gradientunits gradienttransform clip-path mask id "
    "version xmlns:xlink"
)
SVG_ELEMENTS = words(
    "svg g path circle ellipse line polyline polygon rect title desc defs lineargradient radialgradient stop "
    "clippath mask symbol"
)
INPUT_TYPES = frozenset({"checkbox", "radio"})  # task lists and content tabs
# Elements that are never acceptable anywhere on a published page.
EMBEDDING = words("iframe frame frameset object embed applet portal noscript")
# Attributes holding URLs (the browser follows or loads them).
URL_ATTRIBUTES = words(
    "href src srcset action formaction poster background cite data xlink:href longdesc lowsrc dynsrc ping "
    "manifest codebase icon"
)
LOADING = frozenset({"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc"})
WEB_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
DATA_TYPES = frozenset({"application/json", "application/ld+json"})  # read by code, never run

_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # what the URL parser trims from both ends
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_DANGER = re.compile(r"@import|url\s*\(|expression\s*\(|image-set\s*\(|-moz-binding|behavior\s*:", re.I)


def scheme(url: str) -> str | None:
    """The scheme a browser would read from ``url`` (lower case), None for a relative URL."""
    cleaned = _URL_NOISE.sub("", url).strip(_C0_AND_SPACE)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _same_site(url: str) -> bool:
    """A relative URL (no scheme, not ``//host``): it loads from this site."""
    cleaned = _URL_NOISE.sub("", url).strip()
    return scheme(cleaned) is None and not cleaned.startswith(("//", "\\\\", "/\\", "\\/"))


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value]


def _css_problem(css: str) -> bool:
    decoded = _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), css)
    return bool(_CSS_DANGER.search(_CSS_COMMENT.sub("", decoded)))


def _quote(node: LexborNode) -> str:
    attributes = "".join(
        f' {key}="{value}"' if value is not None else f" {key}" for key, value in node.attributes.items()
    )
    text = f"<{node.tag}{attributes}>"
    return text if len(text) <= 100 else text[:97] + "...>"


class _Page:
    """The findings of one page."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.found: list[Diagnostic] = []

    def add(self, problem: Diagnostic) -> None:
        self.found.append(problem)

    def at(self, rule_: object, node: LexborNode, message: str) -> None:
        self.add(rule_.at(self.display, 1, 1, f"{message}: {_quote(node)}", HINT))  # type: ignore[attr-defined]


def _check_url(page: _Page, node: LexborNode, name: str, value: str, content: bool) -> None:
    for url in _urls(name, value):
        found = scheme(url)
        data_image = found == "data" and node.tag == "img" and name in {"src", "srcset"}
        if data_image and re.match(r"\s*data:image/", _URL_NOISE.sub("", url), re.I):
            continue
        if found is not None and found not in WEB_SCHEMES:
            page.at(UNSAFE_URL, node, f"'{found}:' URL in '{name}'")
        elif content and name in LOADING and not _same_site(url):
            page.at(UNSAFE_URL, node, f"'{name}' loads from another website (privacy)")


def _check_script(page: _Page, node: LexborNode, content: bool) -> None:
    kind = (node.attributes.get("type") or "").strip().lower()
    src = node.attributes.get("src")
    if kind in DATA_TYPES and src is None:
        return  # data, never run
    if src is not None and _same_site(src) and not content:
        return  # a file of this site (the theme's bundle, javascripts/)
    if src is None and not content:
        return  # inline theme code outside the content
    page.at(UNSAFE_ELEMENT, node, "script in the page content" if content else "script from another website")


def _check_attributes(page: _Page, node: LexborNode, content: bool, *, allowlist: bool) -> None:
    tag = node.tag
    svg = tag in SVG_ELEMENTS
    for written, value in node.attributes.items():
        name = written.lower()
        text = value or ""
        if name.startswith("on"):
            page.at(UNSAFE_ATTRIBUTE, node, f"event-handler attribute '{name}'")
            continue
        if name in URL_ATTRIBUTES:
            _check_url(page, node, name, text, content)
        if not allowlist:
            continue
        allowed = (
            name in GLOBAL_ATTRIBUTES
            or name.startswith(("aria-", "data-"))
            or name in ELEMENT_ATTRIBUTES.get(tag, ())
            or (svg and name in SVG_ATTRIBUTES)
        )
        if not allowed:
            page.at(UNSAFE_ATTRIBUTE, node, f"attribute '{name}' is not allowed on <{tag}>")
        elif name == "style" and _css_problem(text):
            page.at(UNSAFE_ATTRIBUTE, node, "CSS with url(), @import or expression()")
        elif tag == "input" and name == "type" and text.strip().lower() not in INPUT_TYPES:
            page.at(UNSAFE_ELEMENT, node, "only checkbox and radio inputs are allowed")


def _nodes(node: LexborNode) -> Iterator[LexborNode]:
    yield from node.traverse(include_text=False)


def _check_node(page: _Page, node: LexborNode, content: bool) -> None:
    tag = node.tag
    if not tag or tag.startswith(("-", "_")) or tag == "#text":  # comments, doctype
        return
    before = len(page.found)
    if tag == "script":
        _check_script(page, node, content)
    elif tag in EMBEDDING or (tag == "template" and content):
        page.at(UNSAFE_ELEMENT, node, f"<{tag}> embeds or hides content")
    elif content and tag not in CONTENT_ELEMENTS:
        page.at(UNSAFE_ELEMENT, node, f"<{tag}> is not allowed in page content")
    # A refused element is one finding; only its handlers and URLs are named as well.
    _check_attributes(page, node, content, allowlist=content and len(page.found) == before)


def check_html(html: str, page_display: str) -> list[Diagnostic]:
    """Findings for one page's final HTML, reported against ``page_display``.

    Two linear passes: the whole page under the rules for the theme's output,
    then the content region(s) under the allowlists (findings are de-duplicated).
    """
    page = _Page(page_display)
    tree = LexborHTMLParser(html)
    if tree.root is None:
        return page.found
    for node in _nodes(tree.root):
        _check_node(page, node, content=False)
    for region in tree.css(f"article.{CONTENT_CLASS}"):
        for index, node in enumerate(_nodes(region)):
            if index:  # the first node is the region itself (the theme's article)
                _check_node(page, node, content=True)
    return list(dict.fromkeys(page.found))  # the parser may clone an element (misnested tags): report it once


def check_site(site_dir: str | Path) -> list[Diagnostic]:
    """Findings for every HTML file of a built site (symlinks are reported, never followed out)."""
    site = Path(site_dir)
    shown = site.as_posix().rstrip("/") or "."
    listing = list_files(site, site, shown, skip_hidden=False)
    found = list(listing.problems)
    for file in listing.files:
        if file.suffix.lower() not in {".html", ".htm"}:
            continue
        display = f"{shown}/{file.relative_to(site).as_posix()}"
        text = read_text(file, display, SITE_UNREADABLE)
        if isinstance(text, Diagnostic):
            found.append(text)
            continue
        found.extend(check_html(text, display))
    return found
