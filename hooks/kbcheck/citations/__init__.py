"""Citations: ``[@key]`` in pages, a CSL-JSON bibliography, AMA rendering, checks.

- :func:`check` reports bibliography, citation, coverage and lock-file problems (KB2xx);
- :func:`render_markdown` turns citations into superscripts, appends the page's
  References heading and fills the Bibliography page; :func:`render_content`
  and :func:`render_output` put in the HTML it left tokens for;
- :func:`anchors` lists every id the rendering adds, for the link checker.

Verification against Crossref and PubMed lives in :mod:`kbcheck.verify` (network).
"""

from __future__ import annotations

from ..project import Project
from .bibliography_page import MARKER, render_bibliography_page
from .checks import check
from .model import bibliography, options, usage
from .render import anchor_id, insert_citations, render_citations, render_references

__all__ = ["anchors", "check", "render_content", "render_markdown", "render_output"]


def render_markdown(project: Project, page_path: str, markdown: str) -> str:
    """Transform a page's Markdown (front matter already removed) before it becomes HTML."""
    if page_path not in project.pages:
        return markdown
    if page_path == options(project)["bibliography_page"]:
        markdown = render_bibliography_page(project, page_path, markdown)
    return render_citations(project, page_path, markdown)


def render_content(project: Project, page_path: str, html: str) -> str:
    """Hide the citation tokens from content passes (search index, glossary) as comments."""
    return render_references(project, page_path, html)


def render_output(project: Project, page_path: str, html: str) -> str:
    """Put the superscripts and the reference list into the finished page."""
    return insert_citations(project, page_path, html)


def anchors(project: Project, page_path: str) -> set[str]:
    """Every HTML id the citations rendering adds to ``page_path``."""
    page = project.pages.get(page_path)
    if page is None:
        return set()
    records = bibliography(project).records
    ids: set[str] = set()
    if page_path == options(project)["bibliography_page"] and MARKER in page.split.body:
        ids.update(anchor_id(key) for key in records)
    cited = [key for key in usage(project).pages[page_path].order if key in records]
    if cited:
        ids.add("references")
        ids.update(anchor_id(key) for key in cited)
    return ids
