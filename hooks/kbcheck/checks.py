"""Run every check over a project and return its diagnostics, sorted.

Checks read the rendered pages (:attr:`Project.rendered`): a build fills them
as the engine renders each page; otherwise every page is rendered here first
with the project's Markdown configuration (:mod:`kbcheck.parse`).
"""

from __future__ import annotations

from . import citations, figures, frontmatter, glossary, includes, links, pagecache, readability, trust
from .diagnostics import Diagnostic
from .parse import render_all
from .parsed import PageFindings, PageModel
from .project import Project
from .render import prepare_finish

# The registry of concerns that check. Order only affects the order of equal positions in reports.
CHECK_MODULES = (frontmatter, includes, citations, figures, links, glossary, trust, readability)
# Concerns that are this site's editorial policy, not what any MkDocs project wants: they run
# only with `extra.kb.policies: true` (the others keep their policy parts behind the same switch).
POLICY_MODULES = frozenset({figures, trust, readability})
# Concerns that also read a page's prose: their `check_prose` runs as soon as the page is rendered
# (see PageFindings). Readability scores every page it applies to, as the figures the readability
# report and the PR summary print; its findings stay policy.
PROSE_MODULES = (citations, figures, glossary, links, readability)
PROSE_ALWAYS = frozenset({readability})


def take_findings(project: Project, model: PageModel) -> None:
    """Run the prose checks on a page just rendered, keep what they found and let go of its prose.

    A page unchanged since the last build in this process (a `mkdocs serve` rebuild) gets
    what was found then (:mod:`kbcheck.pagecache`).
    """
    key = pagecache.key(project, model)
    findings = pagecache.found(key) if key else None
    if findings is None:
        model.read_units()
        findings = PageFindings()
        for module in PROSE_MODULES:
            if project.settings.policies or module not in POLICY_MODULES or module in PROSE_ALWAYS:
                module.check_prose(project, model, findings)
        if key:
            pagecache.keep(key, findings)
    model.keep_findings(findings)


def run_checks(project: Project) -> list[Diagnostic]:
    """All findings for ``project`` at their configured severity, de-duplicated and sorted."""
    if not project.rendered and project.pages:
        render_all(project, on_page=take_findings)
    found: list[Diagnostic] = list(project.diagnostics)
    for model in project.rendered.values():
        if model.findings is None:  # rendered by an engine that did not run the prose checks
            take_findings(project, model)
        found.extend(model.findings.diagnostics if model.findings else ())
    for module in CHECK_MODULES:
        if project.settings.policies or module not in POLICY_MODULES:
            found.extend(module.check(project))
    applied = (project.settings.apply(diagnostic) for diagnostic in found)
    unique = {d: None for d in applied if d is not None}
    return sorted(unique, key=Diagnostic.sort_key)


def release_check_detail(project: Project) -> None:
    """After the checks: derive what the finishing pass reads, then let go of the rest.

    An engine holds every page from its render until it is written, and its peak
    comes after that; what is let go here makes room for it.
    """
    prepare_finish(project)
    for model in project.rendered.values():
        model.release_check_detail()
    links.forget_resolved(project)
    for page in project.pages.values():
        page.release_positions()
