"""The site-wide Bibliography page: every record, grouped by kind of evidence, with
links back to every page citing it.

The page's Markdown holds the marker comment ``<!-- kb:bibliography -->``; the
hook replaces it with a line of jump links, then one section per kind of
evidence (in the order of ``rules.EVIDENCE_LABELS``: strongest kinds first).
Each section is a closed ``<details>`` (a jump link, or any link to an entry,
opens it: javascripts/faq.js), and so is each entry's "Cited on" list, so the
page fits in a screen or two until a reader opens a section. The "Cited on"
lists are filled in once every page is rendered (:mod:`kbcheck.backlists`).
"""

from __future__ import annotations

import html
import re

from ..backlists import placeholder
from ..project import Project
from . import rules
from .csl import author_year
from .model import bibliography, renderer
from .render import anchor_id, reference_item

MARKER = "<!-- kb:bibliography -->"
_TAGS = re.compile(r"<[^>]+>")


def group_id(kind: str) -> str:
    """Anchor of one evidence group (``evidence-rct``; ``evidence-other`` for records without a known kind)."""
    return "evidence-" + (kind if kind in rules.EVIDENCE_LABELS else "other")


def render_bibliography_page(project: Project, page_path: str, markdown: str) -> str:
    """Replace the marker with the list, grouped by evidence kind and sorted by the formatted entry."""
    if MARKER not in markdown:
        return markdown
    records = bibliography(project).records
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
                placeholder("cited-on", key, anchor=anchor_id(key)),
            )
            for key in groups[kind]
        ]
        heading = f'<h2 id="{group_id(kind)}">{html.escape(label(kind))} ({len(groups[kind])})</h2>'
        parts.append(
            f'<details class="kb-group"><summary>{heading}</summary>\n'
            '<ul class="kb-bibliography">\n' + "\n".join(items) + "\n</ul>\n</details>"
        )
    return markdown.replace(MARKER, "\n\n" + "\n\n".join(parts) + "\n\n", 1)
