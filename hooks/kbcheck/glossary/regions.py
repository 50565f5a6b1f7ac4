"""Where in a page's Markdown glossary terms may be linked: prose only.

:func:`prose_mask` returns one flag per character of the Markdown text: 1
where the character is not prose, so a term there must never be linked or
counted. Not prose: code (spans and fences), HTML comments and tags, raw HTML
blocks, headings (ATX and setext), admonition, details and tab title lines,
link text and link targets (and anything else in square brackets, such as
citations), bare URLs, attribute lists ``{#id}``, snippet include lines, and
abbreviation or reference definitions.
"""

from __future__ import annotations

import functools
import re

from ..markdown_scan import mask_code

HEADING = re.compile(r"^[ \t]*#{1,6}(?:[ \t].*)?$", re.M)
SETEXT_UNDERLINE = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$")
CONTAINER_TITLE = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?|===[!+]{0,2})[ \t].*$", re.M)
DEFINITION_LINE = re.compile(r"^[ \t]*(?:\*\[[^\]\n]*\]:|\[[^\]\n]+\]:[ \t]|-+8<-+).*$", re.M)
# [text](target), [text][ref], ![alt](src), [@citation], [^note], [anything]: nested once, may wrap a line.
BRACKETS = re.compile(
    r"!?\[(?:[^\[\]\n]|\n(?![ \t]*\n)|\[(?:[^\[\]\n]|\n(?![ \t]*\n))*\])*\](?:\([^)\n]*\)|\[[^\]\n]*\])?"
)
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>)\]]+")
TAG = re.compile(r"</?[A-Za-z][^<>]*>|&#?\w+;")
ATTR_LIST = re.compile(r"\{[:#.][^{}\n]*\}|\{[ \t]*[\w-]+=[^{}\n]*\}")
HTML_BLOCK_START = re.compile(r"^<(?:[A-Za-z][\w-]*)(?:[\s/>]|$)")
# Only the parts of links and citations a reader does not see as text.
LINK_TARGET = re.compile(r"\]\([^)\n]*\)|\]\[[^\]\n]*\]|\[[^\[\]]*@[\w][^\[\]]*\]|\[\^[^\]\n]*\]")


def prose_mask(text: str, *, link_text: bool = False) -> bytes:
    """One byte per character of ``text``: 1 where the character is not prose.

    With ``link_text``, the visible text of links counts as prose (their
    targets and citations still do not).
    """
    brackets = LINK_TARGET if link_text else BRACKETS
    return _mask(text, (HEADING, CONTAINER_TITLE, DEFINITION_LINE, brackets, URL, TAG, ATTR_LIST), True)


def tooling_mask(text: str) -> bytes:
    """1 where a character is not text a reader sees (code, tags, URLs, link targets...)."""
    return _mask(text, (DEFINITION_LINE, LINK_TARGET, URL, TAG, ATTR_LIST), False)


# A pure function of the text: kept for the process, so `mkdocs serve` rebuilds and the
# concerns that ask for the same page's mask (terms, abbreviations, slips) compute it once.
@functools.lru_cache(maxsize=1024)
def _mask(text: str, patterns: tuple[re.Pattern[str], ...], setext: bool) -> bytes:
    mask = bytearray(len(text))
    masked = mask_code(text)
    for index, (original, blanked) in enumerate(zip(text, masked, strict=True)):
        if original != blanked:
            mask[index] = 1
    for pattern in patterns:
        for match in pattern.finditer(masked):
            mask[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    _mask_lines(masked, mask, setext=setext)
    return bytes(mask)


def _mask_lines(text: str, mask: bytearray, *, setext: bool) -> None:
    """Setext headings and raw HTML blocks, which need the lines around them."""
    offset = 0
    previous: tuple[int, str] | None = None
    in_html_block = False
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        blank = not content.strip()
        if in_html_block and blank:
            in_html_block = False
        if not in_html_block and HTML_BLOCK_START.match(content):
            in_html_block = True
        if in_html_block:
            mask[offset : offset + len(content)] = b"\x01" * len(content)
        elif setext and SETEXT_UNDERLINE.match(content) and previous is not None and previous[1].strip():
            start, before = previous
            if not re.match(r"^[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|>|\|)", before):
                mask[start : start + len(before)] = b"\x01" * len(before)
        previous = (offset, content)
        offset += len(line)


def is_free(mask: bytes | bytearray, start: int, end: int) -> bool:
    """True when no character in ``[start, end)`` is masked."""
    return not any(mask[start:end])
