"""Links from one page to another: as Markdown (the generated pages write them) and as published URLs."""

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


def page_href(project: Project, from_page: str, to_page: str) -> str:
    """URL of ``to_page`` relative to ``from_page``, as published (directory URLs)."""
    here = "/" + project.page_url(from_page)
    there = "/" + project.page_url(to_page)
    relative = posixpath.relpath(there, here if here.endswith("/") else posixpath.dirname(here))
    return "./" if relative == "." else relative.rstrip("/") + "/"
