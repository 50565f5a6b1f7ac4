"""Small text helpers shared by the glossary and the FAQ.

- :func:`plain_text`: what a reader sees of a short Markdown text, without
  markup or citation markers (tooltips, structured data);
- :func:`escape_markdown`: show any text literally inside generated Markdown;
- :func:`sentences`: how many sentences a definition has.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

import markdown

# Pandoc citations as written by contributors: [@key], [@a; @b], [@a, p. 4], [see @a].
CITATION = re.compile(r"\s*\[(?:[^\[\]@]*?)@[\w][^\[\]]*\]")
CITATION_KEY = re.compile(r"@([\w][\w:.#$%&+?<>~/-]*\w|\w)")
# Characters Python-Markdown (with tables) lets a backslash escape; < > & become entities instead.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
# Sentence ends: ., ! or ? then a space or the end, not after common abbreviations.
SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\betc)[.!?]+[\"')\]]*(?=\s|$)")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@lru_cache(maxsize=4096)
def plain_text(text: str) -> str:
    """The visible text of a short Markdown snippet, on one line, citations removed."""
    without_citations = CITATION.sub("", text)
    rendered = markdown.markdown(without_citations)
    collector = _TextCollector()
    collector.feed(rendered)
    collector.close()
    return re.sub(r"\s+", " ", "".join(collector.parts)).strip()


def citation_keys(text: str) -> list[str]:
    """Bibliography keys cited in a Markdown text, in order."""
    return [key for group in CITATION.finditer(text) for key in CITATION_KEY.findall(group.group())]


def escape_markdown(text: str) -> str:
    """Text that Python-Markdown shows exactly as given (no emphasis, links or tags)."""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sentences(text: str) -> int:
    """Number of sentences in a plain-language definition (at least 1 for any text)."""
    plain = plain_text(text)
    if not plain:
        return 0
    ends = SENTENCE_END.findall(plain)
    trailing = 0 if re.search(r"[.!?][\"')\]]*$", plain) else 1
    return len(ends) + trailing
