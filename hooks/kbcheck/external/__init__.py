"""``python -m kbcheck linkcheck``: check every external URL of a project (network).

    python -m kbcheck linkcheck [--config mkdocs.yml] [--format text|json|github]
                                [--since REF] [--summary FILE] [--no-cache] [--strict]

Settings come from ``extra.kb.links`` (shared with the build's internal checks).
Exit status: 1 when a link is broken (or, with --strict, any other problem),
2 when the command cannot run (unreadable configuration, bad --since).
"""

from __future__ import annotations

import argparse
import sys

from ..cli import exit_status
from ..project import open_project
from ..report import render
from .cache import LinkCache
from .changed import GitError, added_lines, only_changed
from .collect import collect
from .report import as_markdown, as_report, diagnostics
from .runner import RunOutcome, run_checks_sync

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add linkcheck's own options to its sub-command parser."""
    parser.add_argument("--since", metavar="REF", help="only URLs on lines added or changed since REF (a pull request)")
    parser.add_argument("--summary", metavar="FILE", help="also append a Markdown summary to FILE (job summary)")
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not update the result cache")


def run(args: argparse.Namespace) -> int:
    """Collect, check and report external links; see the module docstring."""
    from ..links.settings import links_settings  # noqa: PLC0415 - after the rules are declared

    project, problems = open_project(args.config)
    if project is None:
        print(render(problems, 0, args.format))
        return 2
    config = project.config
    settings = links_settings(project)
    urls = collect(project, settings)
    if args.since:
        try:
            urls = only_changed(urls, added_lines(config.root, args.since))
        except GitError as exc:
            print(f"kbcheck linkcheck: cannot compare with '{args.since}': {exc}", file=sys.stderr)
            return 2
    cache = LinkCache(None if args.no_cache else config.root / settings.cache, settings.cache_days)
    outcome: RunOutcome = run_checks_sync(urls, settings, cache)
    if not args.no_cache:
        cache.save()
    found = [d for d in map(project.settings.apply, diagnostics(outcome.results)) if d is not None]
    print(as_report(outcome, args.format, found))
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as summary:  # noqa: PTH123 - append mode
            summary.write(as_markdown(outcome))
    return exit_status([d.severity for d in found], args.strict)
