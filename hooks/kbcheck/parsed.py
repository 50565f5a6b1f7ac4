"""The typed model of one rendered page: what the checks read from the one parse.

Python-Markdown (with every configured extension and ours) renders a page; our
extension's collector walks the finished element tree and the raw HTML it
holds, and fills a :class:`PageModel`. Positions are mapped back to the source
file the text came from (the page, or a snippet it includes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Position:
    """Where something was written: a file as shown in reports, 1-based line and column."""

    path: str
    line: int
    column: int


class Locator(Protocol):
    def position(self, needle: str, occurrence: int) -> Position: ...


@dataclass(frozen=True, slots=True)
class Where:
    """The ``occurrence``-th (0-based) appearance of ``needle`` in the page's source, found only when asked."""

    locator: Locator
    needle: str
    occurrence: int

    @property
    def position(self) -> Position:
        return self.locator.position(self.needle, self.occurrence)


@dataclass(frozen=True, slots=True)
class LinkUse:
    """A link or image target in the rendered page, as written."""

    target: str
    kind: str  # "link", "image" or "html" (raw HTML: href/src)
    where: Where
    generated: bool = False  # made by the rendering (glossary, citations, permalinks), not written


@dataclass(frozen=True, slots=True)
class CitationUse:
    """One cited key (``[@key, p. 4]``) in the rendered page."""

    key: str
    locator: str
    where: Where


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the rendered page with the id the toc extension gave it."""

    level: int
    text: str
    id: str
    where: Where


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """Something in the source the renderer could not use (a bad citation, a missing include)."""

    kind: str  # "citation", "include-missing", "include-outside", "include-recursive", "include-range"...
    message: str
    hint: str | None
    where: Where
    subject: str = ""  # what the problem is about, as written (an include's path)


@dataclass
class PageModel:
    """Everything the checks need from one rendered page."""

    path: str  # docs-relative: "anxiety/gad.md"
    links: list[LinkUse] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    citations: list[CitationUse] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    included: list[str] = field(default_factory=list)  # snippet files included, as shown in reports

    @property
    def cited_keys(self) -> list[str]:
        """Keys in order of first citation (the numbering order)."""
        return list(dict.fromkeys(use.key for use in self.citations))
