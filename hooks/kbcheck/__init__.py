"""kbcheck: engine-agnostic checks for the knowledge base.

Parse Markdown and data files into a :class:`~kbcheck.project.Project`, run the
checks, report :class:`~kbcheck.diagnostics.Diagnostic` objects. Nothing in this
package imports MkDocs: ``hooks/kb_hooks.py`` adapts MkDocs events to it and
``python -m kbcheck`` runs it on its own.
"""

from .checks import run_checks
from .diagnostics import Diagnostic, Rule, Severity
from .project import Page, Project, load_project, load_project_config
from .render import render_content, render_markdown, render_output

__all__ = [
    "Diagnostic",
    "Page",
    "Project",
    "Rule",
    "Severity",
    "load_project",
    "load_project_config",
    "render_content",
    "render_markdown",
    "render_output",
    "run_checks",
]
