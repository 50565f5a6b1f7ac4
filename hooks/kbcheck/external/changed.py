"""Lines a change adds, from ``git diff``: pull requests check only the URLs they add or edit."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ..project import display_path
from .model import Occurrence

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@", re.M)


class GitError(Exception):
    """git could not produce the diff (not a repository, unknown revision)."""


def added_lines(root: Path, since: str) -> set[tuple[str, int]]:
    """(display path, line) of every line added or changed since the merge base with ``since``."""
    command = ["git", "-C", str(root), "diff", "--no-color", "--no-ext-diff", "-U0", "--merge-base", since, "--"]
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
        ).stdout.strip()
        diff = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = exc.stderr.strip() if isinstance(exc, subprocess.CalledProcessError) else str(exc)
        raise GitError(detail or "git failed") from exc
    lines: set[tuple[str, int]] = set()
    current: str | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else display_path(Path(top) / name.removeprefix("b/"))
        elif current and (hunk := HUNK.match(line)):
            start, count = int(hunk["start"]), int(hunk["count"] or 1)
            lines.update((current, number) for number in range(start, start + count))
    return lines


def only_changed(urls: dict[str, list[Occurrence]], changed: set[tuple[str, int]]) -> dict[str, list[Occurrence]]:
    """Keep the URLs written on changed lines, with only those occurrences."""
    kept = {url: [o for o in places if (o.path, o.line) in changed] for url, places in urls.items()}
    return {url: places for url, places in kept.items() if places}
