"""``kbcheck add-ref ID``: add a source to the bibliography by its DOI, PMID or PMCID (network).

    python -m kbcheck add-ref 10.5555/kb-test.1 --kind rct
    python -m kbcheck add-ref PMID:99000001        (asks for the evidence kind at a terminal)

Exit status: 0 added (or shown, with --dry-run); 1 refused (already present,
retracted, unknown identifier, or the services disagree); 2 could not run (bad
identifier or configuration, no evidence kind outside a terminal, a service
that did not answer).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from ..citations.model import options
from ..citations.rules import EVIDENCE_LABELS
from ..diagnostics import Diagnostic
from ..lookup import open_services, relative
from ..project import Project, open_project
from ..report import render
from .identifiers import parse_identifier
from .pipeline import Adder, KindChooser, Outcome, Unreachable

USAGE_HINT = "give a DOI (10.xxxx/yyyy), PMID:nnnnnnn or PMCnnnnnnn"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = __doc__.split("\n\n")[0]
    parser.add_argument("identifier", help="a DOI (10.xxxx/yyyy), PMID:nnnnnnn or PMCnnnnnnn")
    parser.add_argument("--key", help="record id (default: first author + year + first title word)")
    add_common(parser)


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=list(EVIDENCE_LABELS), help="evidence kind (asked at a terminal if omitted)")
    parser.add_argument("--dry-run", action="store_true", help="show the record; write nothing")
    parser.add_argument("--no-cache", action="store_true", help="ignore cached service answers")


def choose_kind(given: str | None) -> KindChooser:
    """The kind given on the command line, else a question at a terminal, else None."""

    def choose(suggestion: str | None, title: str) -> str | None:
        if given:
            return given
        if not sys.stdin.isatty():
            return None
        print(f"Evidence kind for '{title}':")
        for kind, label in EVIDENCE_LABELS.items():
            print(f"  {kind:18} {label}")
        for _ in range(3):
            prompt = f"kind [{suggestion}]: " if suggestion else "kind: "
            try:
                answer = input(prompt).strip() or (suggestion or "")
            except EOFError:
                return None
            if answer in EVIDENCE_LABELS:
                return answer
            print(f"'{answer}' is not one of the kinds above")
        return None

    return choose


@contextmanager
def adder(project: Project, no_cache: bool) -> Iterator[Adder]:
    settings = options(project)
    bibliography = (project.config.root / settings["bibliography"]).resolve()
    lock = (project.config.root / settings["lock"]).resolve()
    with open_services(project, no_cache=no_cache) as services:
        yield Adder(
            services,
            bibliography,
            lock,
            relative(project, bibliography),
            relative(project, lock),
            settings["verify"]["title_similarity"],
        )


def report(outcome: Outcome, adding: Adder, args: argparse.Namespace, label: str) -> int:
    """Print what happened to one identifier; return its exit status."""
    if outcome.needs_kind is not None:
        hint = f" (PubMed's publication types suggest KIND={outcome.needs_kind})" if outcome.needs_kind else ""
        print(
            f"kbcheck add-ref: {label}: an evidence kind is needed: give KIND=... (one of "
            f"{', '.join(EVIDENCE_LABELS)}){hint}",
            file=sys.stderr,
        )
        return 2
    errors = [d for d in outcome.diagnostics if d.severity.label == "error"]
    if outcome.diagnostics:
        print(render(outcome.diagnostics, 0, args.format).rsplit("\n", 1)[0])
    if errors or outcome.record is None:
        return 1
    if args.dry_run:
        print(json.dumps(outcome.record, indent=2, ensure_ascii=False))
        print(f"(dry run: nothing written; the record would be '{outcome.key}')")
        return 0
    record = adding.current().records[outcome.key]
    services = ", ".join(f"{c['service']} {c['identifier']}" for c in outcome.lock_checks) or "no service"
    print(
        f"{adding.display}:{record.line}:{record.column}: added '{outcome.key}' "
        f"({outcome.record['evidence']}): {outcome.record.get('title')}"
    )
    print(f"{adding.lock_display}: '{outcome.key}' verified against {services}")
    print(f"Cite it as [@{outcome.key}].")
    return 0


def open_for_adding(args: argparse.Namespace) -> tuple[Project | None, int]:
    project, problems = open_project(args.config)
    if project is None:
        print(render(problems, 0, args.format))
        return None, 2
    return project, 0


def run(args: argparse.Namespace) -> int:
    identifier = parse_identifier(args.identifier)
    if identifier is None:
        print(f"kbcheck add-ref: '{args.identifier}' is not an identifier ({USAGE_HINT})", file=sys.stderr)
        return 2
    project, status = open_for_adding(args)
    if project is None:
        return status
    with adder(project, args.no_cache) as adding:
        unreadable = _unreadable(adding)
        if unreadable:
            print(render(unreadable, 0, args.format))
            return 2
        try:
            outcome = adding.add(identifier, choose_kind(args.kind), args.key, args.dry_run)
        except Unreachable as exc:
            print(f"kbcheck add-ref: {exc}; nothing was written (hint: try again later)", file=sys.stderr)
            return 2
        return report(outcome, adding, args, str(identifier))


def _unreadable(adding: Adder) -> list[Diagnostic]:
    bib = adding.current()
    return [d for d in bib.problems if d.code == "KB201" and "is empty" not in d.message]
