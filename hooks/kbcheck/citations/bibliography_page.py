"""The site-wide Bibliography page: every record, with links back to every page citing it.

The page's Markdown holds the marker comment ``<!-- kb:bibliography -->``; the
hook replaces it with the list. Links are plain HTML with page-relative URLs
(the same URLs MkDocs writes), pointing at each citing page's entry anchor.
"""

from __future__ import annotations

import html
import posixpath
import re

from ..project import Project
from .csl import author_year
from .model import bibliography, renderer, usage
from .render import anchor_id, attribute, reference_item

MARKER = "<!-- kb:bibliography -->"
_TAGS = re.compile(r"<[^>]+>")


def relative_url(project: Project, from_page: str, to_page: str) -> str:
    """URL of ``to_page`` relative to ``from_page`` with MkDocs' directory URLs."""
    source = project.page_url(from_page) or "."
    target = project.page_url(to_page) or "."
    relative = posixpath.relpath(target, source)
    return "./" if relative == "." else relative + "/"


def render_bibliography_page(project: Project, page_path: str, markdown: str) -> str:
    """Replace the marker with the full list (sorted by the formatted entry)."""
    if MARKER not in markdown:
        return markdown
    records = bibliography(project).records
    cited_by = usage(project).cited_by
    entries = renderer(project)

    def sort_key(key: str) -> str:
        return _TAGS.sub("", entries.entry(key)).casefold()

    items = []
    for key in sorted(records, key=sort_key):
        citing = [path for path in cited_by.get(key, []) if path in project.pages]
        if citing:
            links = ", ".join(
                f'<a href="{attribute(relative_url(project, page_path, path) + "#" + anchor_id(key))}">'
                f"{html.escape(_title(project, path))}</a>"
                for path in citing
            )
            extra = f'<div class="kb-cited-by">Cited on: {links}</div>'
        else:
            extra = '<div class="kb-cited-by">Not cited on any page yet.</div>'
        items.append(reference_item(project, records[key], author_year(records[key]), extra))
    listing = '<ul class="kb-bibliography">\n' + "\n".join(items) + "\n</ul>"
    return markdown.replace(MARKER, "\n\n" + listing + "\n\n", 1)


def _title(project: Project, page_path: str) -> str:
    title = project.pages[page_path].meta.get("title")
    return str(title) if title else page_path
