"""The evidence-watch report: one Markdown file, a section per page; and one issue body per page."""

from __future__ import annotations

import datetime as dt
import re

from ..glossary.text import escape_markdown
from .search import Item, PageResult

HEADER = (
    "PubMed searched for randomised controlled trials, systematic reviews, meta-analyses and "
    "guidelines published since each page's `reviewed` date. Listed: the items whose PMID or DOI "
    "is not yet in `data/bibliography.json`. Read each before citing it; add it with "
    "`make add-ref ID=PMID:nnnnnnnn KIND=...`."
)


def _code(text: str) -> str:
    """Inline code that survives backticks in the text."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def item_line(item: Item) -> str:
    parts = [escape_markdown(item.title.rstrip(".")) + "."]
    if item.journal:
        parts.append(f"*{escape_markdown(item.journal)}*.")
    if item.date:
        parts.append(escape_markdown(item.date) + ".")
    if item.types:
        parts.append(escape_markdown(", ".join(item.types)) + ".")
    parts.append(f"[PMID {item.pmid}](https://pubmed.ncbi.nlm.nih.gov/{item.pmid}/)")
    if item.doi:
        parts[-1] += f", DOI {_code(item.doi)}"
    return "- " + " ".join(parts)


def page_section(result: PageResult, level: str = "##") -> str:
    watch = result.watch
    lines = [
        f"{level} {escape_markdown(watch.title)} (`{watch.display}`)",
        "",
        f"Reviewed {watch.since.isoformat()}. Query: {_code(watch.query)}",
        "",
    ]
    if not result.found:
        lines.append("PubMed found nothing.")
    elif not result.new:
        lines.append(f"Nothing new: PubMed found {result.found}, all already in the bibliography.")
    else:
        lines.append(f"PubMed found {result.found}; {len(result.new)} not yet in the bibliography:")
        lines.append("")
        lines.extend(item_line(item) for item in result.new)
    return "\n".join(lines) + "\n"


def full_report(results: list[PageResult], today: dt.date) -> str:
    new = sum(len(r.new) for r in results)
    pages = sum(1 for r in results if r.new)
    parts = [
        "# Evidence watch",
        "",
        f"Run on {today.isoformat()}: {new} new item{'s' * (new != 1)} for {pages} of {len(results)} pages.",
        "",
        HEADER,
        "",
    ]
    parts.extend(page_section(r) for r in results)
    return "\n".join(parts)


def issue_title(result: PageResult) -> str:
    """Stable per page, so the weekly run updates the same issue."""
    return f"Evidence watch: {result.watch.display}"


def issue_file_name(result: PageResult) -> str:
    return re.sub(r"[^a-z0-9]+", "-", result.watch.page.lower()).strip("-") + ".md"
