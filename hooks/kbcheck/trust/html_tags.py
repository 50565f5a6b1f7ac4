"""Start tags and style text of an HTML (or Markdown-with-HTML) string, with offsets.

The standard library's :class:`html.parser.HTMLParser` does the tokenizing, so
quoting, entities (``&#106;avascript:``), upper-case names and tags spread over
several lines are understood the way a browser reads them. This module only
turns its (line, column) positions back into string offsets, so the safety
checks can report ``path:line:col`` and the renderer can rewrite a tag in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True, slots=True)
class StartTag:
    """One start tag: name and attributes as the parser read them, and where it is."""

    name: str  # lower case
    attrs: tuple[tuple[str, str | None], ...]  # names lower case, values unescaped
    start: int  # offset of "<"
    text: str  # the tag exactly as written

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def get(self, name: str) -> str | None:
        """The value of attribute ``name`` (None when absent or valueless)."""
        return next((value for key, value in self.attrs if key == name), None)

    def attribute_offset(self, name: str) -> int:
        """Offset of attribute ``name`` in the source (the tag's start when not found)."""
        match = re.search(rf"[\s\"'/]({re.escape(name)})\s*(?:=|[\s/>])", self.text, re.I)
        return self.start + match.start(1) if match else self.start


@dataclass(frozen=True, slots=True)
class StyleText:
    """The text inside a ``<style>`` element."""

    start: int
    text: str


class _Collector(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.tags: list[StartTag] = []
        self.styles: list[StyleText] = []
        self._in_style = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(StartTag(tag, tuple(attrs), self._offset(), self.get_starttag_text() or ""))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(StartTag(tag, tuple(attrs), self._offset(), self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(StyleText(self._offset(), data))


def scan(text: str) -> tuple[list[StartTag], list[StyleText]]:
    """Every start tag and every ``<style>`` body in ``text``, in source order."""
    # A browser also ends a comment at "--!>" (HTML5); html.parser only at "-->". Same length, so
    # every offset still points into ``text``.
    readable = text.replace("--!>", "--> ")
    collector = _Collector(readable)
    try:
        collector.feed(readable)
        collector.close()
    except AssertionError:  # html.parser gives up on some malformed declarations ("<![ x")
        pass  # what was read so far is kept; the published-HTML check reads the whole page
    return collector.tags, collector.styles
