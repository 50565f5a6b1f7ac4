"""``kbcheck pr-summary --base REF``: what a pull request changes, as Markdown for the job summary.

Compares the project with its state at the merge base of REF and HEAD:
citations added and removed per page, new bibliography records with their
verification state, new external links, reading grade per changed page, and
pages whose review date changed. Writes to --output, else appends to
$GITHUB_STEP_SUMMARY when set, else prints.

Exit status: 0 written; 2 could not run (not a git repository, unknown ref,
unreadable configuration).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from ..project import open_project
from ..report import render as render_diagnostics
from .compare import compare
from .markdown import render
from .snapshot import SNAPSHOT_DIR, GitError, unpack


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = __doc__.split("\n\n")[0]
    parser.add_argument("--base", required=True, metavar="REF", help="the branch the pull request goes into")
    parser.add_argument("--output", help="write here (default: $GITHUB_STEP_SUMMARY, else standard output)")


def run(args: argparse.Namespace) -> int:
    head, problems = open_project(args.config)
    if head is None:
        print(render_diagnostics(problems, 0, args.format))
        return 2
    try:
        commit, base_config = unpack(head.config.root, args.base, Path(args.config).name)
    except GitError as exc:
        print(f"kbcheck pr-summary: cannot compare with '{args.base}': {exc}", file=sys.stderr)
        return 2
    try:
        base, _ = open_project(base_config)
        if base is None:
            print(
                f"kbcheck pr-summary: the project at '{args.base}' has no readable {base_config.name}", file=sys.stderr
            )
            return 2
        text = render(compare(base, head), args.base, commit)
    finally:
        shutil.rmtree(head.config.root / SNAPSHOT_DIR / commit, ignore_errors=True)
    target = args.output or os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(text)
        print(f"pr-summary: written to {target}")
    else:
        print(text, end="")
    return 0
