"""Per-build models: the bibliography, the renderer and who cites what (derived once per project)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..project import Project
from .bibliography import Bibliography, load_bibliography
from .csl import EntryRenderer
from .entry_cache import EntryCache
from .scanner import CiteGroup, CiteItem, ScanProblem, scan


@dataclass
class PageCitations:
    """The citations of one page body: groups, unreadable brackets, keys in first-cited order."""

    groups: list[CiteGroup]
    problems: list[ScanProblem]
    order: list[str] = field(default_factory=list)

    @classmethod
    def from_masked(cls, masked: str) -> PageCitations:
        groups, problems = scan(masked)
        order = list(dict.fromkeys(item.key for group in groups for item in group.items))
        return cls(groups, problems, order)

    def shifted(self, offset: int) -> PageCitations:
        """The same citations in a text that starts ``offset`` characters later."""
        if not offset:
            return self
        groups = [
            CiteGroup(
                group.start - offset,
                group.end - offset,
                tuple(CiteItem(item.key, item.locator, item.offset - offset) for item in group.items),
            )
            for group in self.groups
        ]
        problems = [ScanProblem(problem.offset - offset, problem.message, problem.hint) for problem in self.problems]
        return PageCitations(groups, problems, self.order)


@dataclass
class Usage:
    """Citations of every page, and for each key the pages citing it (in page order)."""

    pages: dict[str, PageCitations]
    cited_by: dict[str, list[str]]


def options(project: Project) -> dict[str, Any]:
    return project.settings.section("citations")


def bibliography(project: Project) -> Bibliography:
    """The project's bibliography, loaded once per build."""
    return project.derive(
        "citations.bibliography",
        lambda p: load_bibliography((p.config.root / options(p)["bibliography"]).resolve()),
    )


def renderer(project: Project) -> EntryRenderer:
    """Formats entries with the configured CSL style, each record once per build (or from the cache)."""

    def make(p: Project) -> EntryRenderer:
        cache = options(p)["render_cache"]
        return EntryRenderer(
            bibliography(p).records, options(p)["style"], EntryCache(p.config.root / cache if cache else None)
        )

    return project.derive("citations.renderer", make)


def usage(project: Project) -> Usage:
    """Who cites what, from the page sources (code and comments excluded)."""
    return project.derive("citations.usage", _usage)


def _usage(project: Project) -> Usage:
    pages = {path: PageCitations.from_masked(page.masked_body) for path, page in project.pages.items()}
    cited_by: dict[str, list[str]] = {}
    for path, found in pages.items():
        for key in found.order:
            cited_by.setdefault(key, []).append(path)
    return Usage(pages, cited_by)
