"""Ask PubMed, per watched page, for what was published since its review and is not yet cited."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..citations.bibliography import Bibliography
from ..lookup import PubMedSearch, search_ids
from .model import Watch

BATCH = 100  # PMIDs per esummary request


class Unreachable(Exception):
    """PubMed did not answer; answers received so far stay in the cache (the run can resume)."""


@dataclass(frozen=True)
class Item:
    """One PubMed record found for a page."""

    pmid: str
    title: str
    journal: str
    date: str
    types: tuple[str, ...]
    doi: str | None


@dataclass
class PageResult:
    watch: Watch
    found: int = 0  # how many PubMed returned
    new: list[Item] = field(default_factory=list)  # not yet in the bibliography


def known_identifiers(bib: Bibliography) -> tuple[set[str], set[str]]:
    """PMIDs and lower-case DOIs the bibliography already has."""
    pmids = {str(r.data["PMID"]) for r in bib.records.values() if r.data.get("PMID")}
    dois = {str(r.data["DOI"]).lower() for r in bib.records.values() if r.data.get("DOI")}
    return pmids, dois


def _item(pmid: str, summary: dict[str, Any]) -> Item:
    doi = next(
        (
            str(a.get("value"))
            for a in summary.get("articleids") or []
            if isinstance(a, dict) and a.get("idtype") == "doi"
        ),
        None,
    )
    types = tuple(t for t in summary.get("pubtype") or [] if t != "Journal Article")
    title = re.sub(r"\s+", " ", str(summary.get("title") or "(no title)")).strip()
    return Item(pmid, title, str(summary.get("source") or ""), str(summary.get("pubdate") or ""), types, doi)


def watch_page(search: PubMedSearch, watch: Watch, known: tuple[set[str], set[str]], limit: int) -> PageResult:
    """esearch (publication date since the review) then esummary in batches."""
    answer = search.search(
        watch.full_query,
        datetype="pdat",
        mindate=watch.since.strftime("%Y/%m/%d"),
        maxdate="3000",
        retmax=str(limit),
        sort="pub_date",
    )
    ids = search_ids(answer)
    if ids is None:
        raise Unreachable(f"PubMed esearch for '{watch.page}' ({answer.error or f'HTTP {answer.status}'})")
    result = PageResult(watch, found=len(ids))
    pmids, dois = known
    for start in range(0, len(ids), BATCH):
        batch = [pmid for pmid in ids[start : start + BATCH] if pmid not in pmids]
        if not batch:
            continue
        answer = search.summaries(batch)
        data = answer.data.get("result") if answer.status == 200 and isinstance(answer.data, dict) else None
        if not isinstance(data, dict):
            raise Unreachable(f"PubMed esummary for '{watch.page}' ({answer.error or f'HTTP {answer.status}'})")
        for pmid in batch:
            summary = data.get(pmid)
            if not isinstance(summary, dict) or "error" in summary:
                continue
            item = _item(pmid, summary)
            if item.doi is None or item.doi.lower() not in dois:
                result.new.append(item)
    return result
