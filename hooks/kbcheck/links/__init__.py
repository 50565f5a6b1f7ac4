"""Links: the link graph, the anchors of every page, and the internal link checks.

Public API (used by other concerns and by the hooks through checks.py):

- :func:`page_links` -- page -> pages it links to, from the rendered pages;
- :func:`anchors` -- every id of a rendered page;
- :func:`check` -- KB3xx diagnostics for internal links, the nav and orphans.

External URLs are checked on demand by :mod:`kbcheck.external`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..parsed import LinkUse, PageFindings, PageModel
from ..project import Project
from . import rules as rules
from .resolve import Kind, Target, resolve, resolve_in_html
from .settings import links_settings

__all__ = ["anchors", "check", "forget_resolved", "page_links", "resolved_links"]


_RESOLVED = "links.resolved:"


def resolved_links(project: Project, page_path: str) -> list[tuple[LinkUse, Target]]:
    """Every link of a rendered page with what it resolves to (memoised)."""

    def compute(p: Project) -> list[tuple[LinkUse, Target]]:
        model = p.rendered.get(page_path)
        return [
            (link, (resolve_in_html if link.kind == "html" else resolve)(p, page_path, link.target))
            for link in (model.links if model else [])
        ]

    return project.derive(f"{_RESOLVED}{page_path}", compute)


def forget_resolved(project: Project) -> None:
    """Let go of every page's resolved links, once the checks and the link graph have read them."""
    for key in [key for key in project.derived if key.startswith(_RESOLVED)]:
        del project.derived[key]


def page_links(project: Project) -> dict[str, list[str]]:
    """Docs-relative page -> the other pages its text links to, in order of first appearance.

    Only links the author wrote count (not the glossary links or permalinks the
    rendering adds). Links written as absolute URLs of our own site count when
    they map to a page; broken links do not.
    """

    def compute(p: Project) -> dict[str, list[str]]:
        graph: dict[str, list[str]] = {}
        for path in p.pages:
            targets = (
                target.path
                for link, target in resolved_links(p, path)
                if target.kind in {Kind.PAGE, Kind.OWN_SITE} and target.path in p.pages and target.path != path
            )
            graph[path] = list(dict.fromkeys(targets))
        return graph

    return {path: list(targets) for path, targets in project.derive("links.graph", compute).items()}


def anchors(project: Project, page_path: str) -> set[str]:
    """Every id of the rendered page (toc, attr_list, footnotes, tabs, raw HTML, generated content)."""
    model = project.rendered.get(page_path)
    return set(model.anchors) if model else set()


def check_prose(project: Project, model: PageModel, findings: PageFindings) -> None:
    """KB3xx a just-rendered page shows by itself (the rest needs every page's anchors)."""
    from .internal import check_prose as check_page  # noqa: PLC0415 - keeps import order one-way

    check_page(project, model, findings)


def check(project: Project) -> Iterator[Diagnostic]:
    """KB3xx: internal links and anchors, the nav, orphan pages (offline)."""
    from .internal import check_internal  # noqa: PLC0415 - keeps import order one-way

    yield from check_internal(project, links_settings(project))
