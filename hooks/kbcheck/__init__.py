"""kbcheck: engine-agnostic checks for the knowledge base.

Sources flow one way: files -> :class:`~kbcheck.project.Project` -> one parse
per page by Python-Markdown with our extension (:mod:`kbcheck.mdext`, which
also renders citations, glossary terms and generated pages) -> a typed
:class:`~kbcheck.parsed.PageModel` per page -> checks ->
:class:`~kbcheck.diagnostics.Diagnostic` objects -> a report or the page.
Nothing in this package imports MkDocs: ``hooks/kb_hooks.py`` adapts MkDocs
events to it, other engines run the extension alone, and ``python -m kbcheck``
runs it on its own.
"""

from .checks import release_check_detail, run_checks, take_findings
from .diagnostics import Diagnostic, Rule, Severity
from .project import Page, Project, load_project, load_project_config
from .render import render_output

__all__ = [
    "Diagnostic",
    "Page",
    "Project",
    "Rule",
    "Severity",
    "load_project",
    "load_project_config",
    "release_check_detail",
    "render_output",
    "run_checks",
    "take_findings",
]
