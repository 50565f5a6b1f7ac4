"""The finished-page pass: what a page needs beyond its own Markdown.

Python-Markdown and our extension (:mod:`kbcheck.mdext`) render each page's
content under any engine. What needs the whole site or the page's head (the
provenance foot with backlinks and related pages, schema.org JSON-LD) is added
to the finished HTML document here: by the MkDocs hooks on each page, or, for
engines without hooks, by ``kbcheck finish SITE`` over the built site.
"""

from __future__ import annotations

from collections.abc import Callable

from . import faq, trust
from .project import Project

# The registry of concerns that finish pages, in order.
FINISHERS: tuple[Callable[[Project, str, str], str], ...] = (faq.render_output, trust.render_output)


def render_output(project: Project, page_path: str, html: str) -> str:
    """The finished HTML document of ``page_path`` with everything the finishers add."""
    if not project.settings.policies:  # JSON-LD, the provenance foot: this site's, never added elsewhere
        return html
    for finish in FINISHERS:
        html = finish(project, page_path, html)
    return html
