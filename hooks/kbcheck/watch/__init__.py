"""``kbcheck evidence-watch``: new trials, reviews and guidelines per clinical page, since its review (network).

For each page in ``data/evidence-watch.yml`` it asks PubMed for randomised
controlled trials, systematic reviews, meta-analyses and guidelines matching
the page's query and published since the page's ``reviewed`` date, and writes
one Markdown report listing, per page, the items not yet in the bibliography.
With ``--issues DIR`` it also writes one issue body per page with new items and
an ``index.tsv`` (title, file) for the workflow that opens or updates issues.

Polite: NCBI's limit of 3 requests a second (10 with NCBI_API_KEY), a tool name
and contact e-mail on every request. Answers are cached for a day under
``.cache/kbcheck/`` and saved after every page, so an interrupted run resumes
where it stopped.

Exit status: 0 the report was written; 1 it was written, but the watch file
has problems (a page that does not exist, a clinical page without a query);
2 could not run (configuration, watch file unreadable, PubMed did not answer).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..citations.bibliography import load_bibliography
from ..citations.model import options
from ..diagnostics import Severity
from ..lookup import open_services, relative
from ..project import open_project
from ..report import render
from . import report
from .model import load_watch_list
from .search import PageResult, Unreachable, known_identifiers, watch_page

WATCH_FILE = "data/evidence-watch.yml"
CACHE_FILE = ".cache/kbcheck/evidence-watch.json"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = __doc__.split("\n\n")[0]
    parser.add_argument("--watch-file", default=WATCH_FILE, help="queries per page (default: %(default)s)")
    parser.add_argument(
        "--output", default=".cache/kbcheck/evidence-watch.md", help="the Markdown report (default: %(default)s)"
    )
    parser.add_argument("--issues", metavar="DIR", help="also write one issue body per page with new items")
    parser.add_argument("--page", action="append", metavar="PATH", help="watch only this page (repeatable)")
    parser.add_argument("--limit", type=int, default=200, help="at most this many PubMed items per page")
    parser.add_argument("--no-cache", action="store_true", help="ignore cached answers")


def run(args: argparse.Namespace) -> int:
    project, problems = open_project(args.config)
    if project is None:
        print(render(problems, 0, args.format))
        return 2
    root = project.config.root
    watch_list = load_watch_list(project, root / args.watch_file, options(project)["clinical_types"])
    if watch_list.file.data is None:
        print(render(watch_list.problems, 0, args.format))
        return 2
    watches = [w for w in watch_list.watches if not args.page or w.page in args.page]
    bib = load_bibliography((root / options(project)["bibliography"]).resolve())
    known = known_identifiers(bib)
    results: list[PageResult] = []
    with open_services(project, cache_file=CACHE_FILE, no_cache=args.no_cache, max_age_days=1) as services:
        for number, watch in enumerate(watches, 1):
            try:
                result = watch_page(services.search, watch, known, args.limit)
            except Unreachable as exc:
                print(
                    f"kbcheck evidence-watch: {exc}; {number - 1} of {len(watches)} pages done "
                    "(hint: run again later: answers so far are cached and reused)",
                    file=sys.stderr,
                )
                return 2
            services.fetcher.cache.save()  # resumable: keep every answer as soon as a page is done
            results.append(result)
            print(f"{watch.display}: {result.found} found, {len(result.new)} not in the bibliography")
    output = root / args.output if not Path(args.output).is_absolute() else Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report.full_report(results, dt.date.today()), encoding="utf-8")
    print(f"{relative(project, output)}: report for {len(results)} pages")
    if args.issues:
        _write_issues(Path(args.issues), results)
    if watch_list.problems:
        print(render(watch_list.problems, 0, args.format).rsplit("\n", 1)[0])
    return 1 if any(p.severity >= Severity.WARNING for p in watch_list.problems) else 0


def _write_issues(folder: Path, results: list[PageResult]) -> None:
    """One body per page with new items, and index.tsv: title<TAB>file, for `gh issue create/edit`."""
    folder.mkdir(parents=True, exist_ok=True)
    index = []
    for result in results:
        if not result.new:
            continue
        name = report.issue_file_name(result)
        body = report.page_section(result, level="###") + "\n" + report.HEADER + "\n"
        (folder / name).write_text(body, encoding="utf-8")
        index.append(f"{report.issue_title(result)}\t{name}\n")
    (folder / "index.tsv").write_text("".join(index), encoding="utf-8")
