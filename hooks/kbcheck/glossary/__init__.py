"""Glossary and FAQ: one data file per concern, generated pages, links and tooltips.

Public API (the render chain, the checks and the link checker use these):

- :func:`render_markdown` / :func:`render_content`: glossary links and tooltips
  on every page (see :mod:`.annotate`);
- :mod:`.page` and :mod:`kbcheck.faq`: the generated glossary and FAQ pages
  (they run first in the render chain, so their Markdown is cited and linked
  like a written page);
- :func:`anchors`: the ids the generated pages will have (term ids on the
  glossary page, question and group ids on the FAQ page);
- :func:`check`: KB4xx diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..project import Project
from .annotate import render_content, render_markdown
from .checks import check_glossary
from .lint import check_abbreviations
from .model import Glossary, Term, load_glossary
from .page import page_anchors

__all__ = ["Glossary", "Term", "anchors", "check", "load_glossary", "render_content", "render_markdown"]


def check(project: Project) -> Iterator[Diagnostic]:
    """KB4xx: the glossary and FAQ data files, and abbreviations in pages."""
    from .. import faq  # noqa: PLC0415 - faq imports this package's helpers

    yield from check_glossary(project)
    yield from check_abbreviations(project)
    yield from faq.check(project)


def anchors(project: Project, page_path: str) -> set[str]:
    """Anchor ids the glossary and FAQ concerns generate on a page."""
    from .. import faq  # noqa: PLC0415 - faq imports this package's helpers

    return page_anchors(project, page_path) | faq.anchors(project, page_path)
