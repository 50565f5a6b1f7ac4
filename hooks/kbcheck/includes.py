"""Snippet includes (``--8<-- "file.md"``): missing files and required includes.

pymdownx.snippets with ``check_paths: true`` stops the build on a missing file,
but with a Python traceback and no line number. This module reports the same
problem as a located diagnostic first, then replaces the broken include with a
visible notice so the build ends with our message instead of a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Severity, rule
from .markdown_scan import LineIndex
from .project import Project
from .settings import register_section

MISSING = rule("KB106", "include-missing", Severity.ERROR, "an included snippet file does not exist")
REQUIRED = rule("KB107", "include-required", Severity.ERROR, "a page lacks a snippet every page must include")

INCLUDE = re.compile(r"""^(?P<indent>[ \t]*)--8<--[ \t]+(?P<quote>["'])(?P<target>[^"'\n]+)(?P=quote)[ \t]*$""", re.M)

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


def _snippet_options(project: Project) -> dict[str, Any]:
    for extension in project.config.markdown_extensions:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            return extension["pymdownx.snippets"] or {}
    return {}


def base_paths(project: Project) -> list[Path]:
    """Folders snippets are looked up in (pymdownx's default is the working directory)."""
    configured = _snippet_options(project).get("base_path", ["."])
    configured = [configured] if isinstance(configured, str) else configured
    return [(project.config.root / folder).resolve() for folder in configured]


def _exists(target: str, bases: list[Path]) -> bool:
    if target.startswith(("http://", "https://")):
        return True
    candidates = {target, re.sub(r"(:[^:/\\]*)+$", "", target)}  # "file.md:10:20", "file.md:section"
    return any((base / name).is_file() for base in bases for name in candidates if name)


def _includes(markdown: str) -> Iterator[re.Match[str]]:
    yield from INCLUDE.finditer(markdown)


def check(project: Project) -> Iterator[Diagnostic]:
    if not any(isinstance(e, dict) and "pymdownx.snippets" in e for e in project.config.markdown_extensions):
        return
    options = project.settings.section("includes")
    bases = base_paths(project)
    for page in project.pages.values():
        index = LineIndex(page.split.body, page.split.body_line)
        found = set()
        for match in _includes(page.masked_body):
            target = match["target"]
            found.add(target)
            if not _exists(target, bases):
                line, column = index.position(match.start("target"))
                shown = ", ".join(
                    str(b.relative_to(project.config.root)) if b.is_relative_to(project.config.root) else str(b)
                    for b in bases
                )
                yield MISSING.at(
                    page.display,
                    line,
                    column,
                    f"included file '{target}' does not exist",
                    f"snippets are looked up in: {shown}",
                )
        if page.meta.get("type") in options["required_types"]:
            for required in options["required"]:
                if required not in found:
                    yield REQUIRED.at(
                        page.display,
                        page.split.body_line,
                        1,
                        f"page does not include '{required}'",
                        f'add a line --8<-- "{required}" after the Key points box',
                    )


def render_markdown(project: Project, page_path: str, markdown: str) -> str:
    """Replace includes of missing files by a visible notice (the check reports them)."""
    bases = base_paths(project)

    def replace(match: re.Match[str]) -> str:
        if _exists(match["target"], bases):
            return match.group()
        return (
            f'{match["indent"]}!!! failure "Missing include"\n{match["indent"]}    `{match["target"]}` was not found.'
        )

    return INCLUDE.sub(replace, markdown)
