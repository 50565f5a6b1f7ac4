"""Citations checks and rendering (to be implemented)."""

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


def anchors(project: Project, page_path: str) -> set[str]:
    """Anchor ids this concern adds to a page when it renders it."""
    return set()
