"""Reference entries (AMA, with DOI/PubMed/PMC links and the evidence label) and hover texts.

The Markdown extension (:mod:`kbcheck.mdext.citations`) numbers citations and
builds the lists; the Bibliography page lists every record. Both use these.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from ..project import Project
from . import rules
from .bibliography import Record
from .csl import short_reference
from .model import bibliography, renderer

# Entries are raw HTML the link securing pass may not see (e.g. on the Bibliography page).
REL = "noopener noreferrer"


def anchor_id(key: str) -> str:
    """The HTML id of a record's entry (on a page's References list and on the Bibliography page)."""
    return f"ref-{key}"


def attribute(text: str) -> str:
    """Escape for an HTML attribute that may sit inside a Markdown table row."""
    return html.escape(text, quote=True).replace("|", "&#124;")


class _HoverTexts(dict[str, str]):
    """Each record's hover text, made on first use and kept for the build."""

    def __init__(self, records: dict[str, Record]) -> None:
        super().__init__()
        self._records = records

    def __missing__(self, key: str) -> str:
        text = self[key] = short_reference(self._records[key])
        return text


def hover_texts(project: Project) -> _HoverTexts:
    return project.derive("citations.hover_texts", lambda p: _HoverTexts(bibliography(p).records))


def reference_item(project: Project, record: Record, label: str, extra: str = "") -> str:
    """One ``<li>`` of a References or Bibliography list: AMA entry, links, evidence label."""
    inner = reference_content(project, record, label, extra)
    return f'<li id="{attribute(anchor_id(record.id))}" class="kb-ref">{inner}</li>'


def reference_content(project: Project, record: Record, label: str, extra: str = "") -> str:
    """The inside of a reference list item (memoised: many pages cite a source under the same number)."""
    made: dict[tuple[str, str, str], str] = project.derive("citations.reference_items", lambda _: {})
    key = (record.id, label, extra)
    if key not in made:
        made[key] = _reference_content(project, record, label, extra)
    return made[key]


def _reference_content(project: Project, record: Record, label: str, extra: str) -> str:
    entry = renderer(project).entry(record.id)
    url = record.data.get("URL")
    if isinstance(url, str) and not record.data.get("DOI"):
        escaped = html.escape(url, quote=False)
        entry = entry.replace(escaped, f'<a href="{attribute(url)}" rel="{REL}">{escaped}</a>', 1)
    links = " ".join(_identifier_links(record, label))
    kind = str(record.data.get("evidence", ""))
    evidence = rules.EVIDENCE_LABELS.get(kind)
    badge = (
        f' <span class="kb-evidence kb-evidence--{attribute(kind)}">{html.escape(evidence)}</span>' if evidence else ""
    )
    links_html = f' <span class="kb-ref__links">{links}</span>' if links else ""
    return f'<span class="kb-ref__text">{entry}</span>{links_html}{badge}{extra}'


def _identifier_links(record: Record, label: str) -> list[str]:
    data = record.data
    targets = []
    if isinstance(data.get("DOI"), str):
        targets.append(("DOI", "https://doi.org/" + quote(data["DOI"], safe="/:;()._-")))
    if isinstance(data.get("PMID"), str) and data["PMID"].isdigit():
        targets.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{data['PMID']}/"))
    if isinstance(data.get("PMCID"), str):
        targets.append(("PMC", f"https://pmc.ncbi.nlm.nih.gov/articles/{quote(data['PMCID'])}/"))
    return [
        f'<a class="kb-ref__link" href="{attribute(href)}" rel="{REL}" aria-label="{attribute(f"{name}: {label}")}">'
        f"{name}</a>"
        for name, href in targets
    ]
