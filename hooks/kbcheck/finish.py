"""The post-build pass for engines that run our Markdown extension but not our hooks (Zensical).

``kbcheck finish SITE`` does over a built site what the MkDocs hooks do during
a build: it confirms every page was rendered by our extension, runs the checks
on the same parse, adds what needs more than one page's Markdown (page foot,
JSON-LD) to each built page, and leaves the marker file ``make build`` looks for.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import published
from .checks import run_checks
from .diagnostics import Diagnostic, Severity
from .engine import NOT_RUN, rendered_by_extension
from .project import Project, display_path
from .render import render_output

MARKER = "kb-checks.json"
FOOT_MARK = 'class="kb-page-foot'  # what the finished-page pass adds


@dataclass
class Finished:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0


def built_page(project: Project, site: Path, page_path: str) -> Path:
    """Where a directory-URL engine writes ``page_path``'s HTML."""
    return site / project.page_url(page_path) / "index.html"


def finish_site(project: Project, site: Path) -> Finished:
    """Check the built pages and the project, and finish each page in place."""
    result = Finished()
    checked = run_checks(project)  # first: the page foot reads the link graph the checks' parse gives
    unrendered = []
    for path in project.pages:
        file = built_page(project, site, path)
        try:
            html = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not built (excluded by the engine): nothing to finish
        if not rendered_by_extension(html):
            unrendered.append(NOT_RUN.at(display_path(file, project.config.root), 1, 1, _not_run(path), _HINT))
            continue
        if FOOT_MARK not in html:  # finished once already (a hooks build, or a second run)
            _write(file, render_output(project, path, html))
        result.pages += 1
    # What is published is what is checked: the finished pages against the HTML allowlist.
    result.diagnostics = unrendered + checked + published.check_site(site)
    counts = {s.label: sum(d.severity == s for d in result.diagnostics) for s in Severity}
    _write(site / MARKER, json.dumps({"checks": "kbcheck", "pages": result.pages, "counts": counts}, indent=2) + "\n")
    return result


_HINT = "list '- kbcheck.mdext' under markdown_extensions and make hooks/ importable (PYTHONPATH=hooks)"


def _not_run(path: str) -> str:
    return f"page '{path}' was built without the kbcheck Markdown extension: no citations, terms or checks"


def _write(file: Path, text: str) -> None:
    """Replace ``file`` atomically (a reader never sees half a page)."""
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temporary).replace(file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
