"""The site-wide Bibliography page: every record, grouped by kind of evidence, with
links back to every page citing it.

The page's Markdown holds the marker comment ``<!-- kb:bibliography -->``; the
hook replaces it with a line of jump links, then one section per kind of
evidence (in the order of ``rules.EVIDENCE_LABELS``: strongest kinds first).
Each section is a closed ``<details>`` (a jump link, or any link to an entry,
opens it: javascripts/faq.js), and so is each entry's "Cited on" list, so the
page fits in a screen or two until a reader opens a section. Links are plain HTML with
page-relative URLs (the same URLs MkDocs writes), pointing at each citing
page's entry anchor.
"""

from __future__ import annotations

import html
import posixpath
import re

from ..links.resolve import relative_link
from ..project import Project
from . import rules
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


def group_id(kind: str) -> str:
    """Anchor of one evidence group (``evidence-rct``; ``evidence-other`` for records without a known kind)."""
    return "evidence-" + (kind if kind in rules.EVIDENCE_LABELS else "other")


def render_bibliography_page(
    project: Project, page_path: str, markdown: str, *, source_relative_links: bool = False
) -> str:
    """Replace the marker with the list, grouped by evidence kind and sorted by the formatted entry."""
    if MARKER not in markdown:
        return markdown
    records = bibliography(project).records
    cited_by = usage(project).cited_by
    entries = renderer(project)

    def sort_key(key: str) -> str:
        return _TAGS.sub("", entries.entry(key)).casefold()

    groups: dict[str, list[str]] = {}
    for key in sorted(records, key=sort_key):
        kind = str(records[key].data.get("evidence", ""))
        groups.setdefault(kind if kind in rules.EVIDENCE_LABELS else "", []).append(key)
    order = [kind for kind in [*rules.EVIDENCE_LABELS, ""] if kind in groups]

    def label(kind: str) -> str:
        return rules.EVIDENCE_LABELS.get(kind, "Other sources")

    jump = " · ".join(
        f'<a href="#{group_id(kind)}">{html.escape(label(kind))} ({len(groups[kind])})</a>' for kind in order
    )
    parts = [f'<p class="kb-jump">{jump}</p>']
    for kind in order:
        items = [
            reference_item(
                project,
                records[key],
                author_year(records[key]),
                _cited_on(project, page_path, key, cited_by, source_relative_links),
            )
            for key in groups[kind]
        ]
        heading = f'<h2 id="{group_id(kind)}">{html.escape(label(kind))} ({len(groups[kind])})</h2>'
        parts.append(
            f'<details class="kb-group"><summary>{heading}</summary>\n'
            '<ul class="kb-bibliography">\n' + "\n".join(items) + "\n</ul>\n</details>"
        )
    return markdown.replace(MARKER, "\n\n" + "\n\n".join(parts) + "\n\n", 1)


def _cited_on(project: Project, page_path: str, key: str, cited_by: dict[str, list[str]], source_relative: bool) -> str:
    """The closed "Where it is cited (N pages)" list of one entry; nothing when no page cites it."""
    citing = [path for path in cited_by.get(key, []) if path in project.pages]
    if not citing:
        return ""

    def href(path: str) -> str:
        # Raw HTML is published as written by MkDocs (so: the page's URL), but Zensical rewrites
        # relative links in it as if written to the .md file, like Markdown links.
        target = relative_link(page_path, path) if source_relative else relative_url(project, page_path, path)
        return target + "#" + anchor_id(key)

    links = ", ".join(f'<a href="{attribute(href(path))}">{html.escape(_title(project, path))}</a>' for path in citing)
    count = f"{len(citing)} page" + ("" if len(citing) == 1 else "s")
    return f'<details class="kb-cited-by"><summary>Where it is cited ({count})</summary>Cited on: {links}</details>'


def _title(project: Project, page_path: str) -> str:
    title = project.pages[page_path].meta.get("title")
    return str(title) if title else page_path
