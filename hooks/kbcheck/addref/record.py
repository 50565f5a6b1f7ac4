"""A bibliography record from what Crossref and PubMed say, in the site's field order and key convention.

Crossref (the publisher's deposit) gives the title, full author names, journal,
date, volume, issue and pages; PubMed adds the PMID, the PMCID and the NLM
journal abbreviation (``container-title-short``, the form AMA style prints), and
fills any field Crossref lacks. Nothing is invented: a field neither service
gives is left out.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# Crossref work types -> CSL types (https://api.crossref.org/types); anything else stays a journal article.
CSL_TYPES = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "report": "report",
    "posted-content": "article",
    "proceedings-article": "paper-conference",
    "dataset": "dataset",
}
# PubMed publication types -> a suggested evidence kind (the contributor decides).
SUGGESTED_KIND = (
    ("Meta-Analysis", "systematic-review"),
    ("Systematic Review", "systematic-review"),
    ("Practice Guideline", "guideline"),
    ("Guideline", "guideline"),
    ("Consensus Development Conference", "guideline"),
    ("Randomized Controlled Trial", "rct"),
    ("Observational Study", "non-randomised"),
    ("Clinical Trial", "non-randomised"),
    ("Case Reports", "case-series"),
    ("Review", "narrative-review"),
)
MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
STOPWORDS = frozenset({
    "a", "an", "the", "of", "on", "in", "for", "and", "to", "with", "from", "by", "at", "is", "are", "as", "or", "vs",
})  # fmt: skip
FIELD_ORDER = (
    "id", "type", "evidence", "title", "author", "container-title", "container-title-short", "issued", "volume",
    "issue", "page", "DOI", "PMID", "PMCID", "URL", "verified-from", "verification-note",
)  # fmt: skip


@dataclass
class Found:
    """What the services said about one work."""

    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    work: dict[str, Any] = field(default_factory=dict)  # Crossref message
    summary: dict[str, Any] = field(default_factory=dict)  # PubMed esummary document summary

    @property
    def identifiers(self) -> dict[str, str]:
        return {k: v for k, v in (("DOI", self.doi), ("PMID", self.pmid), ("PMCID", self.pmcid)) if v}


def plain(text: str) -> str:
    """A title without markup (Crossref titles may carry <i>, <sub>, entities) or a final full stop."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text or ""))
    return re.sub(r"\s+", " ", text).strip().rstrip(".")


def summary_ids(summary: dict[str, Any]) -> dict[str, str]:
    """DOI and PMCID from an esummary's ``articleids``."""
    found = {}
    for item in summary.get("articleids") or []:
        if not isinstance(item, dict):
            continue
        kind, value = item.get("idtype"), str(item.get("value", "")).strip()
        if kind == "doi" and value:
            found["DOI"] = value
        elif kind == "pmc" and re.fullmatch(r"PMC\d+", value):
            found["PMCID"] = value
    return found


def _crossref_authors(work: dict[str, Any]) -> list[dict[str, str]]:
    authors = []
    for person in work.get("author") or []:
        if not isinstance(person, dict):
            continue
        if person.get("family"):
            entry = {"family": person["family"]}
            if person.get("given"):
                entry["given"] = person["given"]
            authors.append(entry)
        elif person.get("name"):
            authors.append({"literal": person["name"]})
    return authors


def _pubmed_authors(summary: dict[str, Any]) -> list[dict[str, str]]:
    """esummary names are "Family Initials" ("Taylor JH"); collective names stay literal."""
    authors = []
    for person in summary.get("authors") or []:
        name = str(person.get("name", "")).strip() if isinstance(person, dict) else ""
        if not name:
            continue
        if person.get("authtype", "Author") != "Author":
            authors.append({"literal": name})
        elif " " in name:
            family, given = name.rsplit(" ", 1)
            authors.append({"family": family, "given": given})
        else:
            authors.append({"family": name})
    return authors


def _crossref_date(work: dict[str, Any]) -> list[int] | None:
    for name in ("issued", "published-print", "published-online", "published"):
        try:
            parts = [int(p) for p in work[name]["date-parts"][0] if p is not None]
        except (KeyError, IndexError, TypeError, ValueError):
            continue
        if parts:
            return parts[:2]
    return None


def _pubmed_date(summary: dict[str, Any]) -> list[int] | None:
    """ "2018 Jan", "2018 Jan 15", "2018 Winter", "2018" -> [2018, 1] or [2018]."""
    match = re.match(r"(\d{4})(?:\s+([A-Za-z]{3}))?", str(summary.get("pubdate") or ""))
    if not match:
        return None
    month = MONTHS.get((match.group(2) or "").lower())
    return [int(match.group(1)), month] if month else [int(match.group(1))]


def build_record(found: Found) -> dict[str, Any]:
    """The CSL-JSON fields both services support (no id, evidence or notes yet)."""
    work, summary = found.work, found.summary
    record: dict[str, Any] = {}
    record["type"] = CSL_TYPES.get(str(work.get("type")), "article-journal")
    titles = [t for t in work.get("title") or [] if isinstance(t, str) and t.strip()]
    subtitles = [s for s in work.get("subtitle") or [] if isinstance(s, str) and s.strip()]
    if titles:
        record["title"] = plain(titles[0]) + (f": {plain(subtitles[0])}" if subtitles else "")
    elif summary.get("title"):
        record["title"] = plain(summary["title"])
    authors = _crossref_authors(work) or _pubmed_authors(summary)
    if authors:
        record["author"] = authors
    journals = [j for j in work.get("container-title") or [] if isinstance(j, str) and j.strip()]
    journal = plain(journals[0]) if journals else summary.get("fulljournalname")
    if journal:
        record["container-title"] = journal
    elif work.get("publisher"):
        record["publisher"] = work["publisher"]
    if found.pmid and summary.get("source"):
        record["container-title-short"] = summary["source"]  # PubMed's NLM abbreviation
    date = _crossref_date(work) or _pubmed_date(summary)
    if date:
        record["issued"] = {"date-parts": [date]}
    for name, pubmed_name in (("volume", "volume"), ("issue", "issue"), ("page", "pages")):
        value = work.get(name) or summary.get(pubmed_name)
        if value:
            record[name] = str(value)
    record.update(found.identifiers)
    if found.pmid:
        record["URL"] = f"https://pubmed.ncbi.nlm.nih.gov/{found.pmid}/"
    elif found.doi:
        record["URL"] = f"https://doi.org/{found.doi}"
    return record


def suggest_kind(summary: dict[str, Any]) -> str | None:
    """An evidence kind suggested by PubMed's publication types (shown; never applied unasked)."""
    types = set(summary.get("pubtype") or [])
    return next((kind for pubtype, kind in SUGGESTED_KIND if pubtype in types), None)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", folded)


def propose_key(record: dict[str, Any], taken: set[str]) -> str:
    """firstauthor + year + first meaningful title word (``taylor2018ketamine``), unique with a/b/c..."""
    authors = record.get("author") or [{}]
    first = authors[0]
    family = _ascii_word(first.get("family") or (first.get("literal") or "anon").split()[0]) or "anon"
    try:
        year = str(record["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError):
        year = "nd"
    words = [_ascii_word(re.sub(r"['’]s\b", "", w)) for w in re.split(r"[\s\-–—:/]+", record.get("title", ""))]
    word = next((w for w in words if w and w not in STOPWORDS), "")
    key = f"{family}{year}{word}"
    candidate, suffix = key, iter("bcdefghijklmnopqrstuvwxyz")
    while candidate in taken:
        candidate = key + next(suffix)
    return candidate


def ordered(record: dict[str, Any]) -> dict[str, Any]:
    """Fields in the order the bibliography's records use, others after them."""
    ranked = {name: index for index, name in enumerate(FIELD_ORDER)}
    return dict(sorted(record.items(), key=lambda item: ranked.get(item[0], len(ranked))))
