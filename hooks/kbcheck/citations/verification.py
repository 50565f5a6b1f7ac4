"""Verify each record's DOI at Crossref and PMID at PubMed; build its lock entry.

A record enters the lock only when every lookup answered and nothing disagreed
(correction notices are warnings and do not block it). A record that could not
be checked because a service was unreachable keeps its previous lock entry if it
has not changed since.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from . import rules
from .bibliography import Record
from .compare import RETRACTION_TYPES, compare
from .lock import record_hash
from .services import Answer, Crossref, PubMed

COMPARED = ["title", "first author", "year", "journal"]


@dataclass
class Outcome:
    """What verifying one record found, and its lock entry when it passed."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    unreachable: bool = False

    @property
    def passed(self) -> bool:
        return not self.unreachable and not any(d.code in {"KB217", "KB218", "KB220"} for d in self.diagnostics)


class Verifier:
    """Checks records against the services; diagnostics name the bibliography file and record line."""

    def __init__(self, crossref: Crossref, pubmed: PubMed, display: str, threshold: float) -> None:
        self.crossref, self.pubmed, self.display, self.threshold = crossref, pubmed, display, threshold

    def verify(self, record: Record) -> Outcome:
        outcome = Outcome()
        doi, pmid = record.data.get("DOI"), record.data.get("PMID")
        if isinstance(doi, str) and doi:
            self._crossref(record, doi, outcome)
        if isinstance(pmid, str) and pmid:
            self._pubmed(record, pmid, outcome)
        return outcome

    def lock_entry(self, record: Record, outcome: Outcome, now: dt.datetime) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "hash": record_hash(record.data),
            "verified": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "checks": outcome.checks,
        }
        if not outcome.checks:
            entry["note"] = "no DOI or PMID: nothing a service can check; fields were checked by the editors"
        return entry

    def _at(self, record: Record, name: str, rule: Any, message: str, hint: str | None = None) -> Diagnostic:
        line, column = record.where(name)
        return rule.at(self.display, line, column, f"'{record.id}': {message}", hint)

    def _reachable(
        self, record: Record, answer: Answer, service: str, name: str, outcome: Outcome, *, key: str = "message"
    ) -> bool:
        """True for a usable answer: a 200 whose JSON object holds ``key`` as an object.

        404 is "not found"; anything else (no answer, 5xx, HTML, the wrong shape)
        means the record could not be verified, never that it is wrong.
        """
        if answer.status == 404:
            outcome.diagnostics.append(
                self._at(record, name, rules.NOT_FOUND, f"{service} does not know {name} {record.data[name]}")
            )
            return False
        if answer.status == 200 and isinstance(answer.data, dict) and isinstance(answer.data.get(key), dict):
            return True
        outcome.unreachable = True
        reason = answer.error or (
            f"bad answer: HTTP {answer.status}"
            if answer.status != 200
            else f"bad answer: no '{key}' object in the JSON"
        )
        outcome.diagnostics.append(
            self._at(record, name, rules.UNREACHABLE, f"{service} lookup failed ({reason})", "try again later")
        )
        return False

    def _crossref(self, record: Record, doi: str, outcome: Outcome) -> None:
        answer = self.crossref.work(doi)
        if not self._reachable(record, answer, "Crossref", "DOI", outcome):
            return
        work = answer.data["message"]
        found = crossref_summary(work)
        for name, message in compare(record.data, found, self.threshold):
            outcome.diagnostics.append(self._at(record, name, rules.MISMATCH, f"{message} (Crossref, DOI {doi})"))
        notices = self.crossref.notices(doi)
        if notices.status != 404 and not self._reachable(record, notices, "Crossref (update notices)", "DOI", outcome):
            return
        updates = crossref_updates(work, notices.data if notices.status == 200 else None, doi)
        for kind, notice, label in updates:
            rule = rules.RETRACTED if kind in RETRACTION_TYPES else rules.CORRECTED
            message = f"Crossref lists a {label} for DOI {doi}: notice {notice}"
            outcome.diagnostics.append(
                self._at(record, "DOI", rule, message, "read the notice; stop citing if retracted")
            )
        outcome.checks.append(
            {"service": "crossref", "identifier": f"DOI {doi}", "compared": COMPARED, "notices": len(updates)}
        )

    def _pubmed(self, record: Record, pmid: str, outcome: Outcome) -> None:
        answer = self.pubmed.summary(pmid)
        if not self._reachable(record, answer, "PubMed", "PMID", outcome, key="result"):
            return
        summary = answer.data["result"].get(pmid)
        if not isinstance(summary, dict) or "error" in summary:  # esummary's way of saying "no such PMID"
            self._reachable(record, Answer(404, None, answer.url), "PubMed", "PMID", outcome)
            return
        for name, message in compare(record.data, pubmed_summary(summary), self.threshold):
            outcome.diagnostics.append(self._at(record, name, rules.MISMATCH, f"{message} (PubMed, PMID {pmid})"))
        if "Retracted Publication" in _list(summary.get("pubtype")):
            message = f"PubMed marks PMID {pmid} as a retracted publication"
            outcome.diagnostics.append(self._at(record, "PMID", rules.RETRACTED, message))
        abbreviated = isinstance(record.data.get("container-title-short"), str)
        compared = COMPARED + (["journal abbreviation"] if abbreviated else [])
        outcome.checks.append({"service": "pubmed", "identifier": f"PMID {pmid}", "compared": compared})


def _list(value: Any) -> list[Any]:
    """A JSON array as a list; anything else (a service changed its shape) as empty."""
    return value if isinstance(value, list) else []


def _texts(value: Any) -> list[str]:
    return [item for item in _list(value) if isinstance(item, str) and item]


def _years(*dates: Any) -> set[int]:
    years = set()
    for date in dates:
        try:
            years.add(int(date["date-parts"][0][0]))
        except (KeyError, IndexError, TypeError, ValueError, OverflowError):
            continue
    return years


def crossref_summary(work: dict[str, Any]) -> dict[str, Any]:
    """Titles, first author, years and journal names from a Crossref work message."""
    titles = _texts(work.get("title"))
    subtitles = _texts(work.get("subtitle"))
    if titles and subtitles:
        titles.append(f"{titles[0]}: {subtitles[0]}")
    authors = _list(work.get("author"))
    first = authors[0] if authors and isinstance(authors[0], dict) else {}
    family = first.get("family")
    return {
        "titles": titles,
        "family": family if isinstance(family, str) else None,
        "years": _years(work.get("issued"), work.get("published-print"), work.get("published-online")),
        "journals": _texts(work.get("container-title")) + _texts(work.get("short-container-title")),
    }


def crossref_updates(work: dict[str, Any], notices: Any, doi: str) -> list[tuple[str, str, str]]:
    """(type, notice DOI, label) from the work's ``updated-by`` and from notices whose ``update-to`` names it."""
    found: dict[tuple[str, str], str] = {}
    for update in _list(work.get("updated-by")):
        if isinstance(update, dict) and isinstance(update.get("type"), str) and update["type"]:
            found[(update["type"], str(update.get("DOI", "?")))] = str(update.get("label") or update["type"])
    message = notices.get("message") if isinstance(notices, dict) else None
    items = message.get("items") if isinstance(message, dict) else None
    for item in _list(items):
        for update in _list(item.get("update-to") if isinstance(item, dict) else None):
            if not (isinstance(update, dict) and isinstance(update.get("type"), str) and update["type"]):
                continue
            if str(update.get("DOI", "")).lower() == doi.lower():
                found[(update["type"], str(item.get("DOI", "?")))] = str(update.get("label") or update["type"])
    return [(kind, notice, label.lower().replace("_", " ")) for (kind, notice), label in sorted(found.items())]


def pubmed_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """Titles, first author, years and journal names from an esummary document summary."""
    authors = [
        a for a in _list(summary.get("authors")) if isinstance(a, dict) and a.get("authtype", "Author") == "Author"
    ]
    family = None
    name = authors[0].get("name") if authors else None
    if isinstance(name, str) and name:
        # "Taylor JH" -> "Taylor"; "Landeros-Weisenberger A" -> "Landeros-Weisenberger"
        family = name.rsplit(" ", 1)[0] if " " in name else name
    years = {
        int(m)
        for date in (summary.get("pubdate"), summary.get("epubdate"))
        for m in re.findall(r"\b(\d{4})\b", date if isinstance(date, str) else "")[:1]
    }
    title = summary.get("title")
    journals = [j for j in (summary.get("fulljournalname"), summary.get("source")) if isinstance(j, str) and j]
    source = summary.get("source")
    return {
        "titles": [title] if isinstance(title, str) and title else [],
        "family": family,
        "years": years,
        "journals": journals,
        "abbreviation": source if isinstance(source, str) and source else None,
    }
