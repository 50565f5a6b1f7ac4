"""What engine adapters share: is our Markdown extension configured, and did it run on a built page."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from .diagnostics import Diagnostic, Severity, rule
from .mdext import MARKER_CLASS
from .project import Project

EXTENSION = "kbcheck.mdext"
NOT_CONFIGURED = rule(
    "KB090", "extension-not-configured", Severity.ERROR, "the kbcheck Markdown extension is not in markdown_extensions"
)
NOT_RUN = rule("KB091", "extension-not-run", Severity.ERROR, "a built page was rendered without the kbcheck extension")
RENDERED_MARK = f'<span class="{MARKER_CLASS}" hidden'


def extension_listed(extensions: Iterable[Any]) -> bool:
    """Whether ``markdown_extensions`` (names or instances) holds our extension."""
    for entry in extensions:
        name = entry if isinstance(entry, str) else type(entry).__module__
        if isinstance(entry, dict):
            name = next(iter(entry), "")
        if str(name) == EXTENSION or str(name).startswith(EXTENSION + "."):
            return True
    return False


def missing_extension(project: Project) -> Diagnostic:
    line, column = project.config.source.where("markdown_extensions") if project.config.source else (1, 1)
    return NOT_CONFIGURED.at(
        project.config.display,
        line,
        column,
        f"'{EXTENSION}' is not listed under markdown_extensions, so citations, glossary terms and the "
        "generated pages are not rendered and no page is checked",
        f"add '- {EXTENSION}' as the last entry of markdown_extensions",
    )


def rendered_by_extension(html: str) -> bool:
    """Whether a built page's HTML carries the mark our extension leaves in every page."""
    return RENDERED_MARK in html


class SkipLinksWeJudged(logging.Filter):
    """Drop MkDocs' ``validation:`` message about a link our KB3xx checks already judged.

    Ours carries the line and column; links we do not judge still get MkDocs' message.
    """

    kbcheck = True
    MESSAGE = re.compile(r"^Doc file '(?P<doc>[^']+)' contains an? (?:[a-z]+ )*link '(?P<link>[^']*)'")

    def __init__(self, judged: Callable[[str, str], bool]) -> None:
        super().__init__()
        self.judged = judged  # (page, link as written) -> whether our checks judge it

    def filter(self, record: logging.LogRecord) -> bool:
        found = self.MESSAGE.match(record.getMessage())
        return not (found and self.judged(found["doc"], found["link"]))


def refused_sources(project: Project, docs_sources: Iterable[str]) -> list[str]:
    """Sources in docs/ an engine must not read or publish: what the project's own listing refused.

    A symlink out of the project, a FIFO, a page that is not UTF-8 text: each is already one
    located diagnostic (KB005, KB007, KB008); the engine must not follow, block on or crash on it.
    """
    return [
        uri
        for uri in docs_sources
        if uri not in project.files or (uri.endswith((".md", ".markdown")) and uri not in project.pages)
    ]


def install_validation_filter(judged: Callable[[str, str], bool]) -> None:
    """Put one :class:`SkipLinksWeJudged` on MkDocs' page validation logger (replacing an earlier one)."""
    validation = logging.getLogger("mkdocs.structure.pages")
    for existing in [f for f in validation.filters if getattr(f, "kbcheck", False)]:
        validation.removeFilter(existing)
    validation.addFilter(SkipLinksWeJudged(judged))
