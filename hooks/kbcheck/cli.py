"""Standalone command: the same checks as the build, without MkDocs.

    python -m kbcheck check [--config mkdocs.yml] [--format text|json|github] [--strict]
    python -m kbcheck rules
    python -m kbcheck built SITE_DIR
    python -m kbcheck verify-refs | linkcheck | readability   (see --help of each)
    python -m kbcheck add-ref ID | import-refs FILE            (add sources; network)
    python -m kbcheck evidence-watch                           (new evidence per page; network)
    python -m kbcheck pr-summary --base REF                    (what a pull request changes)

Exit status, the same for every subcommand: 0 clean, 1 findings at error level
(or warnings with --strict), 2 the command itself could not run (bad arguments,
unreadable configuration, a service or file it needs is missing).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from . import atomic, checks, engine, jsonload, published
from .diagnostics import RULES, Diagnostic, Severity
from .finish import finish_site
from .project import open_project
from .report import FORMATS, render

MARKER = "kb-checks.json"

# name -> (module, help). Each module offers configure(parser) and run(args) -> int.
SUBCOMMANDS = {
    "verify-refs": ("kbcheck.verify", "verify DOIs and PMIDs against Crossref and PubMed"),
    "linkcheck": ("kbcheck.external", "check external links (network)"),
    "readability": ("kbcheck.readability", "print readability figures per page"),
    "add-ref": ("kbcheck.addref", "add a source by DOI, PMID or PMCID (network)"),
    "import-refs": ("kbcheck.addref.importing", "add the sources of a BibTeX or RIS file (network)"),
    "evidence-watch": ("kbcheck.watch", "new trials, reviews and guidelines per clinical page (network)"),
    "pr-summary": ("kbcheck.prsummary", "what a pull request changes, as Markdown (job summary)"),
}


def _add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default="mkdocs.yml", help="path to mkdocs.yml (default: %(default)s)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format")
    parser.add_argument("--strict", action="store_true", help="warnings also make the exit status 1")


def exit_status(severities: Sequence[Severity], strict: bool) -> int:
    worst = max(severities, default=Severity.INFO)
    return 1 if worst >= Severity.ERROR or (strict and worst >= Severity.WARNING) else 0


def run_check(args: argparse.Namespace) -> int:
    project, problems = open_project(args.config)
    if project is None:
        print(render(problems, 0, args.format))
        return 2
    diagnostics = checks.run_checks(project)
    print(render(diagnostics, len(project.pages), args.format))
    return exit_status([d.severity for d in diagnostics], args.strict)


def run_rules(args: argparse.Namespace) -> int:
    checks.CHECK_MODULES  # importing checks declares every rule  # noqa: B018
    engine.NOT_RUN  # and the engine adapters' rules  # noqa: B018
    for code in sorted(RULES):
        found = RULES[code]
        print(f"{found.code}  {found.name:34} {found.severity.label:8} {found.summary}")
    return 0


def run_built(args: argparse.Namespace) -> int:
    """Fail when a site was built without our hooks, or publishes HTML outside the allowlist."""
    marker = Path(args.site_dir) / MARKER
    text = atomic.read_text(marker)
    data = None if text is None else jsonload.loads(text)
    if not isinstance(data, dict):
        print(
            f"{marker}: KB006 error: the site was built without the kbcheck hooks "
            "(hint: build with 'make build'; engines that ignore 'hooks:' skip every check)",
        )
        return 1
    unsafe = published.check_site(args.site_dir)
    if unsafe:
        print(render(sorted(unsafe, key=Diagnostic.sort_key), 0, "text").replace(" in 0 pages", ""))
        return 1
    print(f"{marker}: hooks ran on {data.get('pages', '?')} pages; counts {data.get('counts')}; published HTML is safe")
    return 0


def run_finish(args: argparse.Namespace) -> int:
    """After an engine without hooks (Zensical): check, finish each page, leave the marker."""
    project, problems = open_project(args.config)
    site = Path(args.site_dir)
    if project is None or not site.is_dir():
        if project is not None:
            print(f"{args.site_dir}: the built site folder does not exist (hint: build first)", file=sys.stderr)
        else:
            print(render(problems, 0, args.format))
        return 2
    finished = finish_site(project, site)
    print(render(finished.diagnostics, len(project.pages), args.format))
    return exit_status([d.severity for d in finished.diagnostics], args.strict)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kbcheck", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="run every source check (front matter, citations, links, ...)")
    _add_project_options(check_parser)
    check_parser.set_defaults(run=run_check)
    commands.add_parser("rules", help="list every rule code").set_defaults(run=run_rules)
    built = commands.add_parser("built", help="confirm a built site ran the hooks and publishes only safe HTML")
    built.add_argument("site_dir")
    built.set_defaults(run=run_built)
    finish = commands.add_parser("finish", help="after a build by an engine without hooks: check and finish pages")
    finish.add_argument("site_dir")
    _add_project_options(finish)
    finish.set_defaults(run=run_finish)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=help_text)
        _add_project_options(sub)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            sub.set_defaults(run=lambda _args, name=name: _unavailable(name))
            continue
        module.configure(sub)
        sub.set_defaults(run=module.run)
    return parser


def _unavailable(name: str) -> int:
    print(f"kbcheck: the '{name}' command is not available in this version", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))
