"""``kbcheck import-refs FILE``: add every work of a BibTeX or RIS file (a Zotero export) by its identifier.

The file is read with bibtexparser or rispy (maintained parsers); each entry's
DOI, PMID or PMCID then goes through exactly what ``add-ref`` does, so an
imported record is the same record ``add-ref`` writes. Entries without an
identifier are reported (KB224) and left for a contributor to add by hand.

Exit status: 0 every entry added or reported; 1 an entry was refused or could
not be read; 2 could not run.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bibtexparser
import rispy

from ..diagnostics import Diagnostic
from ..report import render
from . import add_common, adder, choose_kind, open_for_adding, report
from .identifiers import Identifier, parse_identifier
from .pipeline import Unreachable
from .rules import IMPORT_NO_IDENTIFIER, IMPORT_UNREADABLE

PMID_NOTE = re.compile(r"\bPMID:?\s*([1-9]\d{0,8})\b", re.I)
PMCID_NOTE = re.compile(r"\bPMCID:?\s*(PMC\d+)\b", re.I)


@dataclass
class Entry:
    """One entry of the file: where it starts, how to show it, and its identifiers (best first)."""

    line: int
    label: str
    identifiers: list[Identifier]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = __doc__.split("\n\n")[0]
    parser.add_argument("file", help="a .bib (BibTeX) or .ris file")
    add_common(parser)


def _identifiers(doi: Any, pmid: Any, pmcid: Any, notes: str) -> list[Identifier]:
    found = []
    for text in (doi, f"PMID:{pmid}" if pmid else None, pmcid):
        parsed = parse_identifier(str(text)) if text else None
        if parsed:
            found.append(parsed)
    if match := PMID_NOTE.search(notes):
        found.append(Identifier("PMID", match.group(1)))
    if match := PMCID_NOTE.search(notes):
        found.append(Identifier("PMCID", match.group(1).upper()))
    return found


def read_bibtex(text: str, shown: str) -> tuple[list[Entry], list[Diagnostic]]:
    library = bibtexparser.parse_string(text)
    entries = []
    for entry in library.entries:
        fields = {name.lower(): str(f.value) for name, f in entry.fields_dict.items()}
        pmid = fields.get("pmid") or (
            fields.get("eprint") if fields.get("eprinttype", "").lower() == "pubmed" else None
        )
        notes = " ".join(fields.get(name, "") for name in ("note", "annote", "extra"))
        found = _identifiers(fields.get("doi"), pmid, fields.get("pmcid"), notes)
        entries.append(Entry(entry.start_line + 1, f"@{entry.entry_type}{{{entry.key}}}", found))
    problems = [
        IMPORT_UNREADABLE.at(
            shown,
            block.start_line + 1,
            1,
            "BibTeX entry cannot be read: " + _first_line(getattr(block, "error", None)),
            "close every brace and quote; one entry per @type{key, ...}",
        )
        for block in library.failed_blocks
    ]
    return entries, problems


def _first_line(error: object) -> str:
    lines = [line.strip() for line in str(error or "").splitlines() if line.strip()]
    return lines[-1].rstrip(".") if lines else "syntax error"


def read_ris(text: str, shown: str) -> tuple[list[Entry], list[Diagnostic]]:
    try:
        records = rispy.loads(text)
    except Exception as exc:  # rispy raises plain Exceptions (and others) on malformed input
        return [], [IMPORT_UNREADABLE.at(shown, 1, 1, f"RIS file cannot be read: {exc}", "export it again as RIS")]
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("TY  -")]
    entries = []
    for index, record in enumerate(records):
        accession = str(record.get("accession_number", ""))
        notes = " ".join(str(n) for n in record.get("notes", []) or []) + " " + str(record.get("note", ""))
        found = _identifiers(record.get("doi"), accession if accession.isdigit() else None, None, notes)
        title = str(record.get("title") or record.get("primary_title") or "untitled")
        entries.append(Entry(starts[index] if index < len(starts) else 1, f"'{title[:60]}'", found))
    if not records and text.strip():
        return [], [IMPORT_UNREADABLE.at(shown, 1, 1, "no RIS records found", "each record starts with 'TY  - '")]
    return entries, []


def run(args: argparse.Namespace) -> int:
    project, status = open_for_adding(args)
    if project is None:
        return status
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"kbcheck import-refs: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    suffix = path.suffix.lower()
    if suffix not in {".bib", ".bibtex", ".ris"}:
        print(f"kbcheck import-refs: {args.file}: use a .bib (BibTeX) or .ris file", file=sys.stderr)
        return 2
    if not args.kind and not sys.stdin.isatty():
        print("kbcheck import-refs: give KIND=... (the evidence kind of these works)", file=sys.stderr)
        return 2
    shown = args.file
    entries, problems = read_bibtex(text, shown) if suffix != ".ris" else read_ris(text, shown)
    worst = 1 if problems else 0
    for entry in entries:
        if not entry.identifiers:
            problems.append(
                IMPORT_NO_IDENTIFIER.at(
                    shown, entry.line, 1, f"{entry.label} has no DOI or PMID", "add it by hand to the bibliography"
                )
            )
    if problems:
        print(render(problems, 0, args.format).rsplit("\n", 1)[0])
    with adder(project, args.no_cache) as adding:
        for entry in entries:
            if not entry.identifiers:
                continue
            print(f"{shown}:{entry.line}: {entry.label}: {entry.identifiers[0]}")
            try:
                outcome = adding.add(entry.identifiers[0], choose_kind(args.kind), None, args.dry_run)
            except Unreachable as exc:
                print(f"kbcheck import-refs: {exc}; stopped (hint: run again later)", file=sys.stderr)
                return 2
            worst = max(worst, report(outcome, adding, args, str(entry.identifiers[0])))
    return worst
