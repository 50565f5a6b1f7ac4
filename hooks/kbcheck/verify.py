"""``python -m kbcheck verify-refs``: check every DOI at Crossref and PMID at PubMed (network).

Reports mismatches, retractions and corrections as located diagnostics and
writes the lock file next to the bibliography (``extra.kb.citations.lock``),
which ordinary builds compare with the bibliography. Never run by ``make test``:
the tests point the service URLs at a local server instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

import httpx

from .citations import rules
from .citations.lock import load_lock, write_lock
from .citations.model import bibliography, options
from .citations.services import Cache, Crossref, Fetcher, PubMed
from .citations.verification import Verifier
from .cli import exit_status
from .diagnostics import Diagnostic
from .project import open_project
from .report import render

VERSION = "1.0"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to its sub-parser."""
    parser.add_argument("--only", action="append", metavar="ID", help="verify only this record (repeatable)")
    parser.add_argument("--no-cache", action="store_true", help="ignore cached answers")
    parser.add_argument("--dry-run", action="store_true", help="do not write the lock file")


def user_agent(contact: str, homepage: str | None) -> str:
    """Crossref asks for a name, version, and a URL or mailto so they can reach us."""
    details = "; ".join(part for part in (homepage, f"mailto:{contact}" if contact else None) if part)
    return f"kbcheck-verify-refs/{VERSION}" + (f" ({details})" if details else "")


def run(args: argparse.Namespace) -> int:
    """Verify the bibliography; exit 1 on errors (or warnings with --strict), 2 if it cannot run."""
    project, problems = open_project(args.config)
    if project is None:
        print(render(problems, 0, args.format))
        return 2
    config = project.config
    bib = bibliography(project)
    if not bib.exists or not bib.records:
        found = bib.problems or [_missing(bib.display)]
        print(render(found, 0, args.format))
        return 1
    settings = options(project)["verify"]
    contact = os.environ.get("KB_VERIFY_CONTACT") or settings["contact"]
    homepage = (config.source.data or {}).get("repo_url") if config.source else None
    if not contact:
        print("kbcheck: set extra.kb.citations.verify.contact (or KB_VERIFY_CONTACT) to an e-mail", file=sys.stderr)
    cache = Cache(
        None if args.no_cache else (config.root / settings["cache"]).resolve(), settings["cache_days"] * 86400
    )
    ncbi_key = os.environ.get(settings["ncbi_api_key_env"], "")
    intervals = {settings["crossref_url"]: 0.1, settings["ncbi_url"]: 0.1 if ncbi_key else 0.34}
    headers = {"User-Agent": user_agent(contact, homepage)}
    with httpx.Client(timeout=settings["timeout"], headers=headers, follow_redirects=True) as client:
        fetcher = Fetcher(client, cache, settings["retries"], settings["backoff"], intervals)
        verifier = Verifier(
            Crossref(fetcher, settings["crossref_url"], contact),
            PubMed(fetcher, settings["ncbi_url"], contact, ncbi_key),
            bib.display,
            settings["title_similarity"],
        )
        diagnostics, entries, checked = _verify_all(project, bib, verifier, args.only)
    failures = [message for message in (cache.save(),) if message]
    attempted = checked is not None
    if not args.dry_run and (checked or not attempted):
        lock_path = (config.root / options(project)["lock"]).resolve()
        failures += [message for message in (write_lock(lock_path, entries),) if message]
    applied = [d for d in (project.settings.apply(d) for d in diagnostics) if d is not None]
    applied.sort(key=Diagnostic.sort_key)
    print(render(applied, 0, args.format).replace(" in 0 pages", f" in {len(bib.records)} records"))
    for message in failures:
        print(f"kbcheck verify-refs: {message}", file=sys.stderr)
    if attempted and not checked:
        print("kbcheck verify-refs: no record could be checked; the lock file was left as it was", file=sys.stderr)
        return 2
    return 2 if failures else exit_status([d.severity for d in applied], args.strict)


def _verify_all(project, bib, verifier: Verifier, only: list[str] | None) -> tuple[list[Diagnostic], dict, int | None]:
    """Diagnostics, the new lock entries, and how many records a service answered for
    (None when no record was looked up).

    A record that could not be verified (no answer, or not the service's API)
    keeps its previous entry whatever it says: only an answer can remove one.
    """
    lock = load_lock((project.config.root / options(project)["lock"]).resolve())
    now = dt.datetime.now(dt.UTC)
    diagnostics: list[Diagnostic] = list(bib.problems)
    entries: dict = {}
    looked_up = checked = 0
    for key, record in bib.records.items():
        previous = lock.entries.get(key)
        if only and key not in only:
            if previous is not None:
                entries[key] = previous
            continue
        outcome = verifier.verify(record)
        diagnostics.extend(outcome.diagnostics)
        looked_up += bool(outcome.checks or outcome.unreachable or outcome.diagnostics)
        if outcome.unreachable:
            if previous is not None:
                entries[key] = previous
            continue
        checked += bool(outcome.checks or outcome.diagnostics)
        if outcome.passed:
            entries[key] = verifier.lock_entry(record, outcome, now)
    return diagnostics, entries, checked if looked_up else None


def _missing(display: str) -> Diagnostic:
    return rules.UNREADABLE.at(display, 1, 1, f"bibliography '{display}' does not exist")
