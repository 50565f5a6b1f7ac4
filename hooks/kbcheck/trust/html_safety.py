"""Contributors' Markdown is untrusted: refuse raw HTML that runs code or loads from elsewhere.

Raw HTML is read with :mod:`html.parser` (see :mod:`.html_tags`) over the page's
masked body, so examples inside code spans, fences and HTML comments are never
reported. Markdown image destinations are found with two small patterns.

``javascript:``, ``vbscript:`` and ``data:`` in Markdown links and images and in
the link attributes the links check reads (``<a href>``, ``<img src>``...) are
its KB309; this module reports them everywhere else (``formaction``,
``srcset``, ``poster``, SVG ``xlink:href``...), so each problem is reported once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

from ..diagnostics import Diagnostic, Rule, Severity, rule
from ..links.urls import URL_ATTRIBUTES as LINK_CHECK_ATTRIBUTES
from ..markdown_scan import LineIndex, mask_code
from ..parsed import PageModel
from ..project import Page
from .html_tags import StartTag, scan

UNSAFE_ELEMENT = rule(
    "KB510", "html-unsafe-element", Severity.ERROR, "raw HTML element that runs code or embeds another document"
)
EVENT_HANDLER = rule("KB511", "html-event-handler", Severity.ERROR, "event-handler attribute (onclick=...) in raw HTML")
UNSAFE_STYLE = rule("KB512", "html-unsafe-style", Severity.ERROR, "CSS with @import, url() or expression()")
UNSAFE_URL = rule(
    "KB513", "unsafe-url", Severity.ERROR, "javascript:, vbscript: or data: in a raw-HTML attribute (links: KB309)"
)
REMOTE_RESOURCE = rule(
    "KB514", "remote-resource", Severity.ERROR, "image or media loaded from another website (privacy)"
)

HINT = "see 'Allowed HTML' in the contributing guide"

# at(offset, rule, message, hint) -> a diagnostic located in the page being checked
Locate = Callable[..., Diagnostic]

# Elements that run code, embed other documents or change where the page sends things.
UNSAFE_ELEMENTS = {
    "script": "runs code in the reader's browser",
    "iframe": "embeds another website",
    "frame": "embeds another website",
    "frameset": "embeds another website",
    "object": "embeds external content or plugins",
    "embed": "embeds external content or plugins",
    "applet": "runs a plugin",
    "portal": "embeds another website",
    "base": "changes where every link on the page points",
    "link": "loads a resource into the page",
    "meta": "can redirect or change how the page is handled",
    "form": "sends what readers type to another address",
}
UNSAFE_SCHEMES = {"javascript", "vbscript", "data"}
# Attributes holding a URL the browser may follow or load (SVG animation values included).
URL_ATTRIBUTES = {
    "href", "src", "srcset", "action", "formaction", "poster", "background", "cite", "data", "xlink:href",
    "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "codebase", "to", "from", "values", "by",
}  # fmt: skip
# Attributes whose URL is fetched as the page loads (no click needed).
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc"}
# SVG elements that load their href.
LOADING_HREF_ELEMENTS = {"use", "image", "feimage"}

DANGEROUS_CSS = re.compile(r"@import|url\s*\(|expression\s*\(", re.I)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (entities decoded, whitespace and controls dropped)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None


# Two slashes (either way round) first, controls and spaces around them ignored, as a browser does.
_SLASHES_FIRST = re.compile(r"[\x00-\x20\x7f]*[/\\][\x00-\x20\x7f]*[/\\]")


def is_remote(url: str) -> bool:
    """True for an absolute address on another host (``https://...``, ``//host/...``)."""
    if "&" not in url and ":" not in url:  # no scheme, and no entity that could spell one (most links)
        return _SLASHES_FIRST.match(url) is not None
    return is_remote_decoded(url)


def is_remote_decoded(url: str) -> bool:
    """:func:`is_remote` the long way: entities decoded, controls dropped, backslashes read as slashes."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url)).replace("\\", "/")
    return cleaned.startswith("//") or scheme_of(cleaned) in {"http", "https", "ftp"}


def _urls_in(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [candidate.strip().split(" ")[0] for candidate in value.split(",") if candidate.strip()]
    if name == "values":
        return [part.strip() for part in value.split(";")]
    return [value]


def _css_text(text: str) -> str:
    """CSS with comments removed and escapes decoded (``u\\72l(`` is ``url(``)."""

    def decode(match: re.Match[str]) -> str:
        if match.group(1):
            return chr(min(int(match.group(1), 16), 0x10FFFF) or 0xFFFD)
        return match.group(2)

    return CSS_ESCAPE.sub(decode, CSS_COMMENT.sub("", text))


def check_page(page: Page, model: PageModel | None = None) -> Iterator[Diagnostic]:
    """Every unsafe construct in one page's body, located.

    Raw HTML is read from the source (code left out) with the standard library's
    HTML parser, to name the line of each unsafe tag; Markdown images come from
    the rendered page. What is finally published is checked again as HTML
    (:mod:`kbcheck.published`).
    """
    split = page.split
    body = mask_code(split.body)
    where = LineIndex(split.body, split.body_line)

    def at(offset: int, found: Rule, message: str, hint: str = HINT) -> Diagnostic:
        line, column = where.position(offset)
        return found.at(page.display, line, column, message, hint)

    tags, styles = scan(body)
    for tag in tags:
        yield from _check_tag(tag, at)
    for style in styles:
        if match := DANGEROUS_CSS.search(_css_text(style.text)):
            css = match.group().rstrip("( ")
            yield at(style.start, UNSAFE_STYLE, f"<style> uses '{css}', which loads or runs code")
    yield from _check_markdown_images(model)


def _check_tag(tag: StartTag, at: Locate) -> Iterator[Diagnostic]:
    if tag.name in UNSAFE_ELEMENTS:
        yield at(tag.start, UNSAFE_ELEMENT, f"raw HTML <{tag.name}> is not allowed: it {UNSAFE_ELEMENTS[tag.name]}")
    for name, value in tag.attrs:
        offset = tag.attribute_offset(name)
        if name.startswith("on"):
            yield at(offset, EVENT_HANDLER, f"event-handler attribute '{name}' on <{tag.name}> runs code")
            continue
        if value is None:
            continue
        if name == "style" and (match := DANGEROUS_CSS.search(_css_text(value))):
            css = match.group().rstrip("( ")
            yield at(offset, UNSAFE_STYLE, f"style attribute on <{tag.name}> uses '{css}', which loads or runs code")
        if name not in URL_ATTRIBUTES:
            continue
        for url in _urls_in(name, value):
            scheme = scheme_of(url)
            if scheme in UNSAFE_SCHEMES and LINK_CHECK_ATTRIBUTES.get(tag.name) != name:
                yield at(offset, UNSAFE_URL, f"'{scheme}:' address in {name}= of <{tag.name}>")
            elif is_remote(url) and _loads(tag.name, name):
                yield at(offset, REMOTE_RESOURCE, _remote_message(url), _REMOTE_HINT)


def _loads(element: str, attribute: str) -> bool:
    if attribute in LOADING_ATTRIBUTES:
        return True
    return attribute in {"href", "xlink:href"} and element in LOADING_HREF_ELEMENTS


_REMOTE_HINT = "save the file under docs/assets/ and link to it with a relative path"


def _remote_message(url: str) -> str:
    return f"'{url}' is loaded from another website, which tells that site who reads this page"


def _check_markdown_images(model: PageModel | None) -> Iterator[Diagnostic]:
    """Markdown images loaded from other websites, as the rendered page holds them (unsafe schemes are KB309)."""
    for link in model.links if model is not None else []:
        if link.kind == "image" and is_remote(link.target):
            where = link.where.position
            yield REMOTE_RESOURCE.at(where.path, where.line, where.column, _remote_message(link.target), _REMOTE_HINT)
