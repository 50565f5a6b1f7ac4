"""Add one work to the bibliography by identifier: look it up, refuse what must not be cited,
write a record that passes every bibliography check, and record its verification in the lock.

The record is written to a temporary file next to the bibliography first, read
back with the same loader the checks use, and verified with the same
:class:`~kbcheck.citations.verification.Verifier` as ``verify-refs`` (its answers
come from the cache just filled), so a record enters the bibliography only
together with its lock entry.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..citations import rules as cite_rules
from ..citations.bibliography import Bibliography, load_bibliography
from ..citations.compare import RETRACTION_TYPES
from ..citations.lock import load_lock, write_lock
from ..citations.verification import Verifier, crossref_updates
from ..diagnostics import Diagnostic
from ..lookup import Services, search_ids
from . import rules
from .identifiers import Identifier
from .record import Found, build_record, ordered, propose_key, suggest_kind, summary_ids

# (suggested kind or None, title) -> the kind the contributor chose, or None.
KindChooser = Callable[[str | None, str], str | None]


class Unreachable(Exception):
    """A service did not answer: the command could not run (exit 2)."""


@dataclass
class Outcome:
    """What adding one identifier did."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    key: str | None = None
    record: dict[str, Any] | None = None
    lock_checks: list[dict[str, Any]] = field(default_factory=list)
    needs_kind: str | None = None  # set when no kind was given: the suggestion, or ""


@dataclass
class Adder:
    """Adds works to one project's bibliography and lock file."""

    services: Services
    bibliography: Path
    lock: Path
    display: str
    lock_display: str
    threshold: float

    def current(self) -> Bibliography:
        return load_bibliography(self.bibliography)

    def add(
        self, identifier: Identifier, choose: KindChooser, key: str | None = None, dry_run: bool = False
    ) -> Outcome:
        outcome = Outcome()
        bib = self.current()
        if self._duplicates(bib, {identifier.kind: identifier.value}, outcome):
            return outcome
        found = self._resolve(identifier, outcome)
        if found is None or self._duplicates(bib, found.identifiers, outcome) or self._retracted(found, outcome):
            return outcome
        record = build_record(found)
        kind = choose(suggest_kind(found.summary), str(record.get("title", identifier)))
        if kind is None:
            outcome.needs_kind = suggest_kind(found.summary) or ""
            return outcome
        if key is not None and key in bib.records:
            where = bib.records[key].where("id")
            outcome.diagnostics.append(
                rules.DUPLICATE.at(self.display, *where, f"the key '{key}' is already used", "choose another KEY")
            )
            return outcome
        record["id"] = key or propose_key(record, set(bib.records))
        record["evidence"] = kind
        record.update(self._provenance(found, kind))
        outcome.key, outcome.record = record["id"], ordered(record)
        self._write(outcome, dry_run)
        return outcome

    def _resolve(self, identifier: Identifier, outcome: Outcome) -> Found | None:
        found = Found(**{identifier.kind.lower(): identifier.value})
        if identifier.kind == "PMCID":
            found.pmid = self._one_pmid(f"{identifier.value}[pmcid]")
        elif identifier.kind == "DOI":
            found.pmid = self._one_pmid(f'"{identifier.value}"[doi]')
        if found.pmid:
            answer = self.services.pubmed.summary(found.pmid)
            if answer.status != 200:
                raise Unreachable(f"PubMed esummary ({answer.error or f'HTTP {answer.status}'})")
            result = answer.data.get("result", {}) if isinstance(answer.data, dict) else {}
            summary = result.get(found.pmid) if isinstance(result, dict) else None
            if isinstance(summary, dict) and "error" not in summary:
                found.summary = summary
                ids = summary_ids(summary)
                found.doi = found.doi or ids.get("DOI")
                found.pmcid = found.pmcid or ids.get("PMCID")
            elif identifier.kind != "DOI":
                found.pmid = None
        if found.doi:
            answer = self.services.crossref.work(found.doi)
            if answer.status == 200 and isinstance(answer.data, dict):
                found.work = answer.data.get("message") or {}
            elif answer.status == 404:
                if identifier.kind == "DOI" and not found.summary:
                    found.doi = None
            else:
                raise Unreachable(f"Crossref ({answer.error or f'HTTP {answer.status}'})")
        if not found.work and not found.summary:
            outcome.diagnostics.append(
                cite_rules.NOT_FOUND.at(
                    self.display,
                    1,
                    1,
                    f"neither Crossref nor PubMed knows {identifier}",
                    "check the identifier on the publication's own page",
                )
            )
            return None
        return found

    def _one_pmid(self, term: str) -> str | None:
        answer = self.services.search.search(term)
        ids = search_ids(answer)
        if ids is None:
            raise Unreachable(f"PubMed esearch ({answer.error or f'HTTP {answer.status}'})")
        return ids[0] if len(ids) == 1 else None

    def _duplicates(self, bib: Bibliography, identifiers: dict[str, str], outcome: Outcome) -> bool:
        for record in bib.records.values():
            for name, value in identifiers.items():
                ours = record.data.get(name)
                if isinstance(ours, str) and ours.strip().lower() == value.lower():
                    line, column = record.where(name)
                    outcome.diagnostics.append(
                        rules.DUPLICATE.at(
                            self.display,
                            line,
                            column,
                            f"{name} {value} is already in the bibliography as '{record.id}'",
                            f"cite it as [@{record.id}]",
                        )
                    )
                    return True
        return False

    def _retracted(self, found: Found, outcome: Outcome) -> bool:
        notices: list[str] = []
        if found.doi and found.work:
            answer = self.services.crossref.notices(found.doi)
            if answer.status not in {200, 404}:
                raise Unreachable(f"Crossref update notices ({answer.error or f'HTTP {answer.status}'})")
            for kind, notice, label in crossref_updates(found.work, answer.data, found.doi):
                if kind in RETRACTION_TYPES:
                    notices.append(f"Crossref lists a {label} for DOI {found.doi}: notice {notice}")
        if "Retracted Publication" in (found.summary.get("pubtype") or []):
            notices.append(f"PubMed marks PMID {found.pmid} as a retracted publication")
        for notice in notices:
            outcome.diagnostics.append(
                cite_rules.RETRACTED.at(
                    self.display, 1, 1, f"not added: {notice}", "a retracted work must not be cited; read the notice"
                )
            )
        return bool(notices)

    def _provenance(self, found: Found, kind: str) -> dict[str, str]:
        seen, services = [], []
        if found.work:
            seen.append(f"https://doi.org/{found.doi}")
            services.append(f"Crossref (DOI {found.doi})")
        if found.summary:
            seen.append(f"https://pubmed.ncbi.nlm.nih.gov/{found.pmid}/")
            services.append(f"PubMed esummary (PMID {found.pmid})")
        note = (
            f"Fields from {' and '.join(services)}, read by make add-ref on {dt.date.today().isoformat()}; "
            f"evidence kind '{kind}' chosen by the contributor."
        )
        if not found.work:
            note += " Author given names only as initials (PubMed)."
        return {"verified-from": " | ".join(seen), "verification-note": note}

    def _write(self, outcome: Outcome, dry_run: bool) -> None:
        """Write, read back, check and verify the new bibliography; keep it only if all passed."""
        assert outcome.record is not None and outcome.key is not None
        before = self.current()
        records = json.loads(self.bibliography.read_text(encoding="utf-8-sig")) if before.exists else []
        records.append(outcome.record)
        temporary = self.bibliography.with_name(f".{self.bibliography.name}.new")
        temporary.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        try:
            after = load_bibliography(temporary)
            known = {(d.code, d.line, d.message) for d in before.problems}
            new = [d for d in after.problems if (d.code, d.line, d.message) not in known]
            outcome.diagnostics.extend(_renamed(d, self.display) for d in new)
            if new:
                return
            verifier = Verifier(self.services.crossref, self.services.pubmed, self.display, self.threshold)
            verified = verifier.verify(after.records[outcome.key])
            outcome.diagnostics.extend(verified.diagnostics)
            if verified.unreachable:
                raise Unreachable("a service did not answer during verification")
            if not verified.passed:
                return
            entry = verifier.lock_entry(after.records[outcome.key], verified, dt.datetime.now(dt.UTC))
            outcome.lock_checks = entry["checks"]
            if dry_run:
                return
            lock = load_lock(self.lock)
            if lock.error:
                outcome.diagnostics.append(
                    cite_rules.UNVERIFIED.at(self.lock_display, 1, 1, f"{lock.error}; the lock was not updated")
                )
                return
            temporary.replace(self.bibliography)
            write_lock(self.lock, {**lock.entries, outcome.key: entry})
        finally:
            temporary.unlink(missing_ok=True)


def _renamed(diagnostic: Diagnostic, display: str) -> Diagnostic:
    return Diagnostic(
        display,
        diagnostic.line,
        diagnostic.column,
        diagnostic.code,
        diagnostic.severity,
        diagnostic.message,
        diagnostic.hint,
    )
