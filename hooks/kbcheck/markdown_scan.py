"""Source-level view of a Markdown page: front matter split, code masking, positions.

Checks search Markdown with regular expressions, but must never look inside
fenced code, inline code spans or HTML comments. :func:`mask_code` returns a
copy of the text of the same length in which those regions are blanked with
spaces (newlines kept), so every offset found in the mask is also the offset
in the original and maps to the true line and column.

Fences follow Python-Markdown/SuperFences: ``` or ~~~ (3 or more), possibly
indented inside lists and admonitions, closed by a fence of the same character
and at least the same length.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<rest>.*)$")
BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True, slots=True)
class SplitPage:
    """A page's source split into front matter and body."""

    front_matter: str | None  # the YAML text, without the --- lines
    front_matter_line: int  # line of the first YAML line (2 when present)
    body: str
    body_line: int  # line number (1-based) of the body's first line


def split_front_matter(text: str) -> SplitPage:
    """Split ``---`` YAML front matter (MkDocs' rule) from the body."""
    match = FRONT_MATTER.match(text)
    if not match:
        return SplitPage(None, 1, text, 1)
    body = text[match.end() :]
    return SplitPage(match.group("yaml"), 2, body, text.count("\n", 0, match.end()) + 1)


class LineIndex:
    """Maps string offsets to 1-based (line, column)."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._first = first_line

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + self._first, offset - self._starts[index] + 1


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _mask_fences(text: str) -> str:
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence is None:
            match = FENCE_OPEN.match(line.rstrip("\r\n"))
            if match and not (match["fence"][0] == "`" and "`" in match["rest"]):
                fence = match["fence"]
                out.append(_blank(line))
                continue
            out.append(line)
            continue
        stripped = line.strip()
        if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            fence = None
        out.append(_blank(line))
    return "".join(out)


INLINE_START = re.compile(r"<!--|`+")
COMMENT_END = re.compile(r"--!?>")


def _mask_inline(text: str) -> str:
    """Blank HTML comments and inline code spans in one left-to-right pass.

    A run of N backticks opens a span closed by the next run of exactly N
    backticks within the same paragraph; an unmatched run is literal text.
    Whichever construct starts first wins, as in CommonMark.
    """
    chars = list(text)
    position = 0
    while (match := INLINE_START.search(text, position)) is not None:
        start = match.start()
        if match.group() == "<!--":
            # A browser ends a comment at the first "-->" or "--!>" (HTML5).
            close = COMMENT_END.search(text, match.end())
            end = len(text) if close is None else close.end()
        else:
            end = _code_span_end(text, match)
            if end is None:
                position = match.end()
                continue
        for index in range(start, end):
            if chars[index] != "\n":
                chars[index] = " "
        position = end
    return "".join(chars)


def _code_span_end(text: str, opening: re.Match[str]) -> int | None:
    width = len(opening.group())
    paragraph_end = text.find("\n\n", opening.end())
    limit = len(text) if paragraph_end < 0 else paragraph_end
    for run in BACKTICKS.finditer(text, opening.end(), limit):
        if len(run.group()) == width:
            return run.end()
    return None


@functools.lru_cache(maxsize=1024)  # pure: reused across concerns and `mkdocs serve` rebuilds
def mask_code(text: str) -> str:
    """Blank fenced code, inline code and HTML comments, keeping every offset."""
    return _mask_inline(_mask_fences(text))


def line_of(text: str, offset: int) -> int:
    """1-based line number of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1
