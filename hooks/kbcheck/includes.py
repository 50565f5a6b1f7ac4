"""Snippet includes (``--8<-- "file.md"``): what pymdownx.snippets could not include, and required includes.

pymdownx.snippets reads the include syntax; our Markdown extension watches it
(:mod:`kbcheck.mdext.snippets`) and records every include it could not make,
with the line that asked for it. This module turns those records into
diagnostics, and checks that pages of the configured types include the
required snippets (the crisis box).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import PurePosixPath

from .diagnostics import Diagnostic, Severity, rule
from .project import Project
from .settings import register_section

MISSING = rule("KB106", "include-missing", Severity.ERROR, "an included snippet file does not exist")
REQUIRED = rule("KB107", "include-required", Severity.ERROR, "a page lacks a snippet every page must include")
OUTSIDE = rule("KB130", "include-outside", Severity.ERROR, "an included file lies outside the project")
RECURSIVE = rule("KB131", "include-recursive", Severity.ERROR, "an include includes itself")
UNREADABLE = rule("KB132", "include-unreadable", Severity.ERROR, "an included file is not readable UTF-8 text")
RANGE = rule("KB133", "include-range", Severity.ERROR, "an include's line range goes past the file's end")

_BY_KIND = {
    "include-missing": MISSING,
    "include-outside": OUTSIDE,
    "include-recursive": RECURSIVE,
    "include-unreadable": UNREADABLE,
    "include-range": RANGE,
}

register_section(
    "includes",
    {
        "required": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "snippet files every page of the given types must include",
        },
        "required_types": {"type": "array", "items": {"type": "string"}, "default": ["clinical", "general"]},
    },
)


def check(project: Project) -> Iterator[Diagnostic]:
    options = project.settings.section("includes")
    for path, model in project.rendered.items():
        for problem in model.problems:
            found = _BY_KIND.get(problem.kind)
            if found is not None:
                where = problem.where.position
                yield found.at(where.path, where.line, where.column, problem.message, problem.hint)
        page = project.pages.get(path)
        if not project.settings.policies or page is None or page.meta.get("type") not in options["required_types"]:
            continue
        included = {PurePosixPath(file) for file in model.included}
        # A misspelt include of a required file is one mistake: its KB106 says so, not a KB107 too.
        attempted = {PurePosixPath(p.subject).name for p in model.problems if p.kind == "include-missing"}
        for required in options["required"]:
            if difflib.get_close_matches(PurePosixPath(required).name, attempted, n=1, cutoff=0.8):
                continue
            if not any(
                file.parts[-len(PurePosixPath(required).parts) :] == PurePosixPath(required).parts for file in included
            ):
                yield REQUIRED.at(
                    page.display,
                    page.split.body_line,
                    1,
                    f"page does not include '{required}'",
                    f'add a line --8<-- "{required}" after the Key points box',
                )
