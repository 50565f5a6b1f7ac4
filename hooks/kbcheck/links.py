"""Links checks and rendering (to be implemented)."""

from __future__ import annotations

from collections.abc import Iterator

from .diagnostics import Diagnostic
from .project import Project


def check(project: Project) -> Iterator[Diagnostic]:
    """Source checks for this concern."""
    yield from ()


def render_markdown(project: Project, page_path: str, markdown: str) -> str:
    """Transform a page's Markdown (front matter already removed) before rendering."""
    return markdown


def page_links(project: Project) -> dict[str, list[str]]:
    """Docs-relative page -> the pages it links to (resolved .md paths, in order)."""
    return {path: [] for path in project.pages}


def anchors(project: Project, page_path: str) -> set[str]:
    """Anchor ids a page will have once built (headings, attr_list ids, generated)."""
    return set()
