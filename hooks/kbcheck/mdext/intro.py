"""Under each page's title: its one-line summary and its review status in plain words.

Both come from the page's front matter (``description``, ``author``,
``review_status``, ``reviewer``, ``reviewed``, ``type``). They are added to the
rendered tree right after the first ``<h1>``, so every engine shows them the
same way; pages about the site itself (``type: site``) get no clinical wording.
A page that writes its own summary (an element with class ``kb-summary``, as
the home page does) keeps it.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from .state import DocumentState

NOT_REVIEWED = "not yet clinically reviewed"


def status_sentence(meta: dict[str, Any]) -> tuple[str, dt.date] | None:
    """'Written by ... Not yet reviewed by a clinician. Last checked against the evidence on' and the date."""
    reviewed = meta.get("reviewed")
    if not isinstance(reviewed, dt.date):
        return None
    author = str(meta.get("author") or "the editorial team")
    status = str(meta.get("review_status") or NOT_REVIEWED).strip()
    parts = [f"Written by {author}."]
    if meta.get("type") != "site":
        if status.lower() == NOT_REVIEWED:
            parts.append("Not yet reviewed by a clinician.")
        elif meta.get("reviewer"):
            parts.append(f"Reviewed by {meta['reviewer']}.")
        else:
            parts.append(status[:1].upper() + status[1:] + ".")
    parts.append("Last updated on" if meta.get("type") == "site" else "Last checked against the evidence on")
    return " ".join(parts), reviewed


class PageIntro(Treeprocessor):
    def __init__(self, md: Markdown, state: DocumentState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        project, path = self.state.project, self.state.page_path
        page = project.pages.get(path or "") if project else None
        if page is None or not project.settings.policies:
            return
        title = next((index for index, child in enumerate(root) if child.tag == "h1"), None)
        if title is None:
            return
        added = []
        description = page.meta.get("description")
        has_summary = any("kb-summary" in (e.get("class") or "").split() for e in root.iter())
        if isinstance(description, str) and description.strip() and not has_summary:
            summary = etree.Element("p", {"class": "kb-summary"})
            summary.text = description.strip()
            added.append(summary)
        sentence = status_sentence(page.meta)
        if sentence is not None:
            words, reviewed = sentence
            status = etree.Element("p", {"class": "kb-status"})
            status.text = words + " "
            when = etree.SubElement(status, "time", {"datetime": reviewed.isoformat()})
            when.text = f"{reviewed.day} {reviewed.strftime('%B %Y')}"
            when.tail = "."
            added.append(status)
        for offset, element in enumerate(added, start=1):
            root.insert(title + offset, element)
