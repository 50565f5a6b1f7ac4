"""Links: the link graph, the anchors of every page, and the internal link checks.

Public API (used by other concerns and by the hooks through checks.py):

- :func:`page_links` -- page -> pages it links to, from the sources;
- :func:`anchors` -- ids a page will have once built (headings with the
  configured toc slugify, attr_list ids, raw HTML ids, footnotes, and the
  anchors the citations and glossary concerns generate);
- :func:`check` -- KB3xx diagnostics for internal links, the nav and orphans.

External URLs are checked on demand by :mod:`kbcheck.external`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..project import Project
from . import rules as rules
from .headings import attr_list_ids, footnote_ids, page_headings
from .mdconfig import markdown_config
from .resolve import Kind, Target, resolve
from .settings import links_settings
from .source import Link, html_scan, page_source_links

__all__ = ["anchors", "check", "checked_links", "page_links", "resolved_links"]


def resolved_links(project: Project, page_path: str) -> list[tuple[Link, Target]]:
    """Every link in a page's source with what it resolves to (memoised)."""

    def compute(p: Project) -> list[tuple[Link, Target]]:
        return [(link, resolve(p, page_path, link.target)) for link in page_source_links(p.pages[page_path])]

    return project.derive(f"links.resolved:{page_path}", compute)


def checked_links(project: Project) -> frozenset[tuple[str, str]]:
    """(page, link as written) of every link the KB3xx checks judge, reported or not.

    The build uses it to silence MkDocs' own validation messages about the same
    links: ours carry line numbers and know the anchors other concerns generate.
    """
    return project.derive(
        "links.checked",
        lambda p: frozenset((path, link.target.strip()) for path in p.pages for link, _ in resolved_links(p, path)),
    )


def page_links(project: Project) -> dict[str, list[str]]:
    """Docs-relative page -> the other pages it links to, from its Markdown source.

    Each value lists resolved ``.md`` paths in order of first appearance, without
    repeats and without the page itself. Links written as absolute URLs of our
    own site count when they map to a page; broken links do not.

    Args:
        project: the loaded project.

    Returns:
        A mapping with one entry for every page (an empty list when it links nowhere).
    """

    def compute(p: Project) -> dict[str, list[str]]:
        graph: dict[str, list[str]] = {}
        for path in p.pages:
            targets = (
                target.path
                for _, target in resolved_links(p, path)
                if target.kind in {Kind.PAGE, Kind.OWN_SITE} and target.path in p.pages and target.path != path
            )
            graph[path] = list(dict.fromkeys(targets))
        return graph

    return {path: list(targets) for path, targets in project.derive("links.graph", compute).items()}


def anchors(project: Project, page_path: str) -> set[str]:
    """Anchor ids page ``page_path`` will have once built.

    Heading ids use the configured toc extension (its ``slugify`` and
    ``separator``, duplicate numbering ``_1``); plus ``attr_list`` ids, raw HTML
    ``id``/``<a name>``, footnote ids, and the anchors the citations and
    glossary concerns (and any other concern in the render chain) generate.

    Args:
        project: the loaded project.
        page_path: docs-relative path of a page ("anxiety/gad.md").

    Returns:
        The set of ids (empty for an unknown page).
    """
    page = project.pages.get(page_path)
    if page is None:
        return set()

    def compute(p: Project) -> frozenset[str]:
        from ..render import TRANSFORMS  # noqa: PLC0415 - render imports this module

        config = markdown_config(p)
        ids = {heading.id for heading in page_headings(p, page)}
        ids.update(found.value for found in html_scan(page).ids)
        if config.has("attr_list"):
            ids.update(value for _, value in attr_list_ids(page))
        if config.has("footnotes"):
            ids.update(footnote_ids(page))
        for concern in TRANSFORMS:  # citations, glossary, trust...: ids they add when rendering
            generated = getattr(concern, "anchors", None) if concern.__name__ != __name__ else None
            if generated is not None:
                ids.update(generated(p, page_path))
        return frozenset(ids)

    return set(project.derive(f"links.anchors:{page_path}", compute))


def check(project: Project) -> Iterator[Diagnostic]:
    """KB3xx: internal links and anchors, the nav, orphan pages (offline)."""
    from .internal import check_internal  # noqa: PLC0415 - keeps import order one-way

    yield from check_internal(project, links_settings(project))
