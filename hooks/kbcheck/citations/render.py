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
from dataclasses import dataclass
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

    The superscripts and the reference list are left as short tokens (see
    :data:`REFERENCES_SLOT`) that :func:`insert_citations` fills in on the
    finished page. Citations in headings keep their HTML inline, so the table of
    contents never shows a token.
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
    superscripts: list[str] = []
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
            token = f"{CITATION_TOKEN}{len(superscripts)}x"
            superscripts.append(superscript)
            superscript = token
        pieces.append(before + moved + superscript)
        position = group.end + len(moved)
    pieces.append(markdown[position:])
    reference_list = None
    if numbers:
        entries = "\n".join(reference_item(project, records[key], f"reference {n}") for key, n in numbers.items())
        reference_list = f'<ol class="kb-references">\n{entries}\n</ol>'
        # Out of the search index: every list repeats titles full of "ketamine",
        # which would bury the pages' own sections; the Bibliography page is indexed.
        pieces.append(f"\n\n## References {{ #references data-search-exclude }}\n\n{REFERENCES_PLACEHOLDER}\n")
    _pending(project)[page_path] = _PendingHtml(superscripts, reference_list)
    return "".join(pieces)


# Raw HTML costs Python-Markdown far more than plain words, so Markdown sees
# short tokens; the content stage turns them into HTML comments, which the
# search indexer, the glossary and every other content pass skip; the finished
# page gets the superscripts and the list. (Material's search indexer alone
# spent more on reference lists than all of our citation work.)
REFERENCES_PLACEHOLDER = "KBCHECK-REFERENCES-LIST"
CITATION_TOKEN = "kbcheckcite"
REFERENCES_SLOT = "<!--kbcheck-references-->"
_TOKEN = re.compile(rf"({CITATION_TOKEN}\d+x)|<p>{REFERENCES_PLACEHOLDER}</p>")
_SLOT = re.compile(rf"<!--(?:{CITATION_TOKEN}(\d+)x|kbcheck-references)-->")
_SLOT_START = "<!--kbcheck"
_HEADING_START = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")
_TAGS = re.compile(r"<[^>]*>")


@dataclass
class _PendingHtml:
    """What a page's finished HTML still needs: superscript n for token n, and its list."""

    superscripts: list[str]
    reference_list: str | None


def _pending(project: Project) -> dict[str, _PendingHtml]:
    return project.derive("citations.pending_html", lambda _: {})


def render_references(project: Project, page_path: str, html_text: str) -> str:
    """Turn the tokens left by :func:`render_citations` into comments that content passes skip.

    A citation inside an attribute (an image's alt text) cannot hold HTML; it
    becomes its plain numbers there.
    """
    pending = _pending(project).get(page_path)
    if pending is None:
        return html_text

    def swap(match: re.Match[str]) -> str:
        if not match[1]:
            return REFERENCES_SLOT
        number = int(match[1][len(CITATION_TOKEN) : -1])
        if number >= len(pending.superscripts):  # not one of ours: leave the text alone
            return match[0]
        if html_text.rfind("<", 0, match.start()) > html_text.rfind(">", 0, match.start()):
            numbers = html.escape(html.unescape(_TAGS.sub("", pending.superscripts[number])))
            return numbers if html_text[match.start() - 1] in " \"'" else f" {numbers}"
        return f"<!--{match[1]}-->"

    return _TOKEN.sub(swap, html_text)


def insert_citations(project: Project, page_path: str, page_html: str) -> str:
    """The finished page with its superscripts and reference list in place of the comments."""
    pending = _pending(project).pop(page_path, None)
    if pending is None:
        return page_html
    # Pages carry the whole navigation before their content: searching from the
    # end for the first comment costs a tenth of scanning the page from the start.
    first = f"<!--{CITATION_TOKEN}0x-->" if pending.superscripts else REFERENCES_SLOT
    start = page_html.rfind(first)
    if start < 0:  # the first citation sat in an attribute (see render_references)
        start = page_html.find(_SLOT_START)
    if start < 0:
        return page_html

    def swap(match: re.Match[str]) -> str:
        if match[1] is None:
            return pending.reference_list or ""
        number = int(match[1])
        return pending.superscripts[number] if number < len(pending.superscripts) else match[0]

    return "".join((page_html[:start], _SLOT.sub(swap, page_html[start:])))


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
        # The accessible name starts with the visible "3(p4)" (WCAG 2.5.3, label
        # in name), then spells the locator out for listeners.
        label = f"Reference {text}" + (f", {item.locator}" if item.locator else "")
        title = hover[item.key] + (f" {item.locator}" if item.locator else "")
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
