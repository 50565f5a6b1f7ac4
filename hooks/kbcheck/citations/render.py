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
from .model import PageCitations, bibliography, renderer
from .scanner import CiteGroup, CiteItem

_BARE_PREFIX = re.compile(r"(?:^|\n)[ \t]*(?:[-*+]|\d{1,3}[.)]|>|\|)?[ \t]*$")
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
    :func:`render_references` swaps the HTML in once Markdown has run. Citations
    in headings keep their HTML inline, so the table of contents never shows a token.
    """
    page = project.pages[page_path]
    masked = page.mask(markdown)
    cites = PageCitations.from_masked(masked)
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
        superscript = _group_html(group, numbers, records)
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
        swaps[f"<p>{REFERENCES_PLACEHOLDER}</p>"] = f'<ol class="kb-references">\n{entries}\n</ol>'
        pieces.append(f"\n\n## References {{ #references }}\n\n{REFERENCES_PLACEHOLDER}\n")
    _pending(project)[page_path] = swaps
    return "".join(pieces)


REFERENCES_PLACEHOLDER = "KBCHECK-REFERENCES-LIST"
CITATION_TOKEN = "kbcheckcite"
_TOKEN = re.compile(rf"{CITATION_TOKEN}\d+x|<p>{REFERENCES_PLACEHOLDER}</p>")
_HEADING_START = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")


def _pending(project: Project) -> dict[str, dict[str, str]]:
    return project.derive("citations.pending_html", lambda _: {})


def render_references(project: Project, page_path: str, html_text: str) -> str:
    """Swap the tokens left by :func:`render_citations` for their HTML."""
    swaps = _pending(project).get(page_path)
    if not swaps:
        return html_text
    return _TOKEN.sub(lambda match: swaps.get(match.group(), match.group()), html_text)


def _group_html(group: CiteGroup, numbers: dict[str, int], records: dict[str, Record]) -> str:
    known = sorted((numbers[item.key], item) for item in group.items if item.key in numbers)
    html_parts = []
    if known:
        links = [_link(run, records) for run in _runs(known)]
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


def _link(run: list[tuple[int, CiteItem]], records: dict[str, Record]) -> str:
    first, item = run[0]
    titles = [f"{number}. {short_reference(records[entry.key])}" for number, entry in run]
    if len(run) == 1:
        locator = _LOCATOR_LABEL.sub(r"\1", item.locator).replace(" ", "")
        text = f"{first}({html.escape(locator)})" if locator else str(first)
        label = f"Reference {first}" + (f", {item.locator}" if item.locator else "")
        title = short_reference(records[item.key])
    else:
        text = f"{first}–{run[-1][0]}"
        # The accessible name contains the visible "1–3" (WCAG 2.5.3, label in name).
        label = f"References {text}"
        title = "; ".join(titles)
    return (
        f'<a class="kb-cite__link" href="#{attribute(anchor_id(item.key))}" '
        f'aria-label="{attribute(label)}" title="{attribute(title)}">{text}</a>'
    )


def reference_item(project: Project, record: Record, label: str, extra: str = "") -> str:
    """One ``<li>`` of a References or Bibliography list: AMA entry, links, evidence label."""
    entry = renderer(project).entry(record.id)
    url = record.data.get("URL")
    if isinstance(url, str) and not record.data.get("DOI"):
        escaped = html.escape(url, quote=False)
        entry = entry.replace(escaped, f'<a href="{attribute(url)}">{escaped}</a>', 1)
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
        f'<a class="kb-ref__link" href="{attribute(href)}" aria-label="{attribute(f"{name}: {label}")}">{name}</a>'
        for name, href in targets
    ]
