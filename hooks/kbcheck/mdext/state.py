"""What the extension's processors share while one document is converted."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..project import Project

if TYPE_CHECKING:
    from .snippets import IncludeLog
    from .sourcemap import SourceMap


@dataclass(frozen=True, slots=True)
class Pending:
    """A problem found while rendering, located later by searching ``written`` in the source."""

    kind: str
    message: str
    hint: str | None
    written: str


@dataclass
class DocumentState:
    """Per document: reset by the extension before each conversion."""

    project: Project | None = None
    page_path: str | None = None
    reuse_between_builds: bool = False  # the session's: keep what the next build can reuse
    original: list[str] = field(default_factory=list)
    first_line: int = 1
    includes: IncludeLog | None = None
    source_map: SourceMap | None = None
    citations: dict[etree.Element, Any] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)  # cited key -> its number on the page
    pending: list[Pending] = field(default_factory=list)
    generated_links: set[etree.Element] = field(default_factory=set)
    generated_html: set[int] = field(default_factory=set)  # htmlStash indexes we stored
    generated_ids: set[str] = field(default_factory=set)
    glossary_terms: list[str] = field(default_factory=list)  # term ids explained on the page, in order

    @property
    def page_display(self) -> str:
        if self.project is not None and self.page_path in self.project.pages:
            return self.project.pages[self.page_path].display
        return self.page_path or "<page>"
