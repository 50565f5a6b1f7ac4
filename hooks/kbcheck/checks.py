"""Run every check over a project and return its diagnostics, sorted.

Checks read the rendered pages (:attr:`Project.rendered`): a build fills them
as the engine renders each page; otherwise every page is rendered here first
with the project's Markdown configuration (:mod:`kbcheck.parse`).
"""

from __future__ import annotations

from . import citations, figures, frontmatter, glossary, includes, links, readability, trust
from .diagnostics import Diagnostic
from .parse import render_all
from .project import Project

# The registry of concerns that check. Order only affects the order of equal positions in reports.
CHECK_MODULES = (frontmatter, includes, citations, figures, links, glossary, trust, readability)
# Concerns that are this site's editorial policy, not what any MkDocs project wants: they run
# only with `extra.kb.policies: true` (the others keep their policy parts behind the same switch).
POLICY_MODULES = frozenset({figures, trust, readability})


def run_checks(project: Project) -> list[Diagnostic]:
    """All findings for ``project`` at their configured severity, de-duplicated and sorted."""
    if not project.rendered and project.pages:
        render_all(project)
    found: list[Diagnostic] = list(project.diagnostics)
    for module in CHECK_MODULES:
        if project.settings.policies or module not in POLICY_MODULES:
            found.extend(module.check(project))
    applied = (project.settings.apply(diagnostic) for diagnostic in found)
    unique = {d: None for d in applied if d is not None}
    return sorted(unique, key=Diagnostic.sort_key)


def release_check_detail(project: Project) -> None:
    """After the checks: keep of each rendered page only what the finishing pass reads."""
    for model in project.rendered.values():
        model.release_check_detail()
