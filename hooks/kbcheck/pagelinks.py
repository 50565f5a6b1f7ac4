"""Markdown links from one page to another, as the generated pages (glossary, FAQ) write them."""

from __future__ import annotations

import posixpath

from .glossary.text import escape_markdown
from .project import Project


def page_title(project: Project, page_path: str) -> str:
    """A page's title for link text: front-matter title, else its file name."""
    page = project.pages.get(page_path)
    title = page.meta.get("title") if page else None
    if isinstance(title, str) and title.strip():
        return title.strip()
    return posixpath.splitext(posixpath.basename(page_path))[0].replace("-", " ").capitalize()


def page_link(project: Project, from_page: str, target: str) -> str:
    """A Markdown link from one page to another page (``path.md#anchor``)."""
    path, _, fragment = target.partition("#")
    relative = posixpath.relpath(path, posixpath.dirname(from_page) or ".")
    text = escape_markdown(page_title(project, path))
    return f"[{text}]({relative}{'#' + fragment if fragment else ''})"
