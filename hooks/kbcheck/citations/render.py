"""Turn ``[@key]`` into AMA superscripts and append the page's References section.

Numbers follow the order of first citation on the page; runs of three or more
consecutive numbers compress to a range (1–3), as the AMA style's
``collapse="citation-number"`` asks (citeproc-py 0.11 ignores ``collapse``).
AMA puts superscripts outside periods and commas, so a ``.`` or ``,`` right after
a citation moves in front of it. Unknown keys stay visible as ``[@key]``; the
checks report them.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from ..project import Project
from . import rules
from .bibliography import Record
from .csl import short_reference
from .model import PageCitations, bibliography, renderer, usage
from .scanner import CiteGroup, CiteItem

_BARE_PREFIX = re.compile(r"(?:^|\n)[ \t]*(?:[-*+]|\d{1,3}[.)]|>|\|)?[ \t]*$")
# Reference lists are added to the finished page, after the content pass that
# secures external links, so their links carry it themselves.
REL = "noopener noreferrer"
_LOCATOR_LABEL = re.compile(r"^(pp?|ch|chap|para|fig|figs|tab|vol|sec)\.\s*", re.I)


def anchor_id(key: str) -> str:
    """The HTML id of a record's entry (on a page's References list and on the Bibliography page)."""
    return f"ref-{key}"


def attribute(text: str) -> str:
    """Escape for an HTML attribute that may sit inside a Markdown table row."""
    return html.escape(text, quote=True).replace("|", "&#124;")


def render_citations(project: Project, page_path: str, markdown: str) -> str:
    """The page's Markdown with superscript citations and, when it cites, a References section.

    The superscripts and the reference list are raw HTML, which costs
    Python-Markdown far more than the short tokens left in their place here;
    :func:`render_references` swaps the superscripts in once Markdown has run,
    and :func:`insert_reference_list` adds the list to the finished page.
    Citations in headings keep their HTML inline, so the table of contents never
    shows a token.
    """
    page = project.pages[page_path]
    offset = page.body_offset(markdown)
    if offset is None:  # another transform changed the page: scan what we were given
        cites = PageCitations.from_masked(page.mask(markdown))
    else:  # the checks already scanned this very text
        cites = usage(project).pages[page_path].shifted(offset)
    if not cites.groups:
        return markdown
    records = bibliography(project).records
    numbers = {key: number for number, key in enumerate((k for k in cites.order if k in records), start=1)}
    swaps: dict[str, str] = {}
    pieces: list[str] = []
    position = 0
    for group in cites.groups:
        before = markdown[position : group.start]
        stripped = before.rstrip(" \t")
        if not _BARE_PREFIX.search(stripped) and stripped:
            before = stripped
        moved = markdown[group.end] if markdown[group.end : group.end + 1] in {".", ","} else ""
        superscript = _group_html(group, numbers, _hover_texts(project))
        line = markdown[markdown.rfind("\n", 0, group.start) + 1 : group.start]
        if not _HEADING_START.match(line):
            token = f"{CITATION_TOKEN}{len(swaps)}x"
            swaps[token] = superscript
            superscript = token
        pieces.append(before + moved + superscript)
        position = group.end + len(moved)
    pieces.append(markdown[position:])
    if numbers:
        entries = "\n".join(reference_item(project, records[key], f"reference {n}") for key, n in numbers.items())
        _pending_lists(project)[page_path] = f'<ol class="kb-references">\n{entries}\n</ol>'
        swaps[f"<p>{REFERENCES_PLACEHOLDER}</p>"] = REFERENCES_SLOT
        # Out of the search index: every list repeats titles full of "ketamine",
        # which would bury the pages' own sections; the Bibliography page is indexed.
        pieces.append(f"\n\n## References {{ #references data-search-exclude }}\n\n{REFERENCES_PLACEHOLDER}\n")
    _pending(project)[page_path] = swaps
    return "".join(pieces)


REFERENCES_PLACEHOLDER = "KBCHECK-REFERENCES-LIST"
# Where the list goes in the finished page. The page body carries only this
# comment, so the search index, the glossary and every other content pass skip
# the list (Material's search indexer alone spent more on the lists than all our
# citation work).
REFERENCES_SLOT = "<!-- kbcheck:references -->"
CITATION_TOKEN = "kbcheckcite"
_TOKEN = re.compile(rf"{CITATION_TOKEN}\d+x|<p>{REFERENCES_PLACEHOLDER}</p>")
_HEADING_START = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")


def _pending(project: Project) -> dict[str, dict[str, str]]:
    return project.derive("citations.pending_html", lambda _: {})


def _pending_lists(project: Project) -> dict[str, str]:
    return project.derive("citations.pending_lists", lambda _: {})


def render_references(project: Project, page_path: str, html_text: str) -> str:
    """Swap the tokens left by :func:`render_citations` for their HTML."""
    swaps = _pending(project).get(page_path)
    if not swaps:
        return html_text
    return _TOKEN.sub(lambda match: swaps.get(match.group(), match.group()), html_text)


def insert_reference_list(project: Project, page_path: str, page_html: str) -> str:
    """The finished page with its reference list in place of :data:`REFERENCES_SLOT`."""
    reference_list = _pending_lists(project).get(page_path)
    if reference_list is None:
        return page_html
    slot = page_html.rfind(REFERENCES_SLOT)
    if slot < 0:
        return page_html
    # One copy of the (large) page, not three: pages carry the whole navigation.
    return "".join((page_html[:slot], reference_list, page_html[slot + len(REFERENCES_SLOT) :]))


class _HoverTexts(dict[str, str]):
    """Each record's hover text, made on first use and kept for the build."""

    def __init__(self, records: dict[str, Record]) -> None:
        super().__init__()
        self._records = records

    def __missing__(self, key: str) -> str:
        text = self[key] = short_reference(self._records[key])
        return text


def _hover_texts(project: Project) -> _HoverTexts:
    return project.derive("citations.hover_texts", lambda p: _HoverTexts(bibliography(p).records))


def _group_html(group: CiteGroup, numbers: dict[str, int], hover: dict[str, str]) -> str:
    known = sorted((numbers[item.key], item) for item in group.items if item.key in numbers)
    html_parts = []
    if known:
        links = [_link(run, hover) for run in _runs(known)]
        html_parts.append('<sup class="kb-cite">' + ",".join(links) + "</sup>")
    for item in group.items:
        if item.key not in numbers:
            shown = html.escape(f"@{item.key}")
            html_parts.append(f'<span class="kb-cite-unknown" title="Unknown source">&#91;{shown}&#93;</span>')
    return "".join(html_parts)


def _runs(known: list[tuple[int, CiteItem]]) -> list[list[tuple[int, CiteItem]]]:
    """Consecutive numbers without locators form one run; a run of 3+ shows as a range."""
    runs: list[list[tuple[int, CiteItem]]] = []
    for number, item in known:
        last = runs[-1] if runs else None
        if last and not item.locator and not last[-1][1].locator and number == last[-1][0] + 1:
            last.append((number, item))
        elif last and number == last[-1][0] and not item.locator and not last[-1][1].locator:
            continue  # the same source twice in one bracket
        else:
            runs.append([(number, item)])
    split: list[list[tuple[int, CiteItem]]] = []
    for run in runs:
        split.extend([run] if len(run) >= 3 else [[entry] for entry in run])
    return split


def _link(run: list[tuple[int, CiteItem]], hover: dict[str, str]) -> str:
    first, item = run[0]
    if len(run) == 1:
        locator = _LOCATOR_LABEL.sub(r"\1", item.locator).replace(" ", "")
        text = f"{first}({html.escape(locator)})" if locator else str(first)
        label = f"Reference {first}" + (f", {item.locator}" if item.locator else "")
        title = hover[item.key]
    else:
        text = f"{first}–{run[-1][0]}"
        # The accessible name contains the visible "1–3" (WCAG 2.5.3, label in name).
        label = f"References {text}"
        title = "; ".join(f"{number}. {hover[entry.key]}" for number, entry in run)
    return (
        f'<a class="kb-cite__link" href="#{attribute(anchor_id(item.key))}" '
        f'aria-label="{attribute(label)}" title="{attribute(title)}">{text}</a>'
    )


def reference_item(project: Project, record: Record, label: str, extra: str = "") -> str:
    """One ``<li>`` of a References or Bibliography list: AMA entry, links, evidence label."""
    made: dict[tuple[str, str, str], str] = project.derive("citations.reference_items", lambda _: {})
    key = (record.id, label, extra)
    if key not in made:  # many pages cite the same source under the same number
        made[key] = _reference_item(project, record, label, extra)
    return made[key]


def _reference_item(project: Project, record: Record, label: str, extra: str) -> str:
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
    return (
        f'<li id="{attribute(anchor_id(record.id))}" class="kb-ref">'
        f'<span class="kb-ref__text">{entry}</span>{links_html}{badge}{extra}</li>'
    )


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
