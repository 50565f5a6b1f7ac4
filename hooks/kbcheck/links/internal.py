"""KB3xx: internal links, anchors, the nav and orphan pages, checked from the sources."""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..diagnostics import Diagnostic
from ..parsed import Heading, PageFindings, PageModel
from ..project import Project
from . import anchors, page_links, resolved_links
from .mdconfig import markdown_config
from .resolve import Kind, Target, did_you_mean, relative_link
from .rules import (
    ABSOLUTE_PATH,
    ANCHOR_MISSING,
    DIRECTORY,
    DUPLICATE_HEADING,
    EMPTY,
    ESCAPES,
    HTML_MARKDOWN,
    MALFORMED,
    MISSING,
    NAV_MISSING,
    ORPHAN,
    OWN_SITE,
    REFERENCE_UNDEFINED,
    SLUGIFY,
    UNSAFE,
    URL_STYLE,
)
from .settings import LinkSettings

_BY_KIND = {
    Kind.MISSING: MISSING,
    Kind.ESCAPES: ESCAPES,
    Kind.OWN_SITE: OWN_SITE,
    Kind.ABSOLUTE_PATH: ABSOLUTE_PATH,
    Kind.DIRECTORY: DIRECTORY,
    Kind.URL_STYLE: URL_STYLE,
    Kind.EMPTY: EMPTY,
    Kind.UNSAFE: UNSAFE,
    Kind.MALFORMED: MALFORMED,
    Kind.HTML_MARKDOWN: HTML_MARKDOWN,
}
_MESSAGES = {
    Kind.MISSING: "link '{written}' points to '{path}', which does not exist in the docs folder",
    Kind.ESCAPES: "link '{written}' leaves the docs folder; it will be broken on the site",
    Kind.OWN_SITE: "link '{written}' is an absolute URL to this site; write a relative link to the .md file",
    Kind.ABSOLUTE_PATH: "link '{written}' starts with '/'; it breaks when the site is served under a sub-path",
    Kind.DIRECTORY: "link '{written}' points to a folder; link to its index page",
    Kind.URL_STYLE: "link '{written}' is a site URL; link to the .md file so the build can check and rewrite it",
    Kind.EMPTY: "link has an empty target",
    Kind.UNSAFE: "link '{written}' uses the {scheme}: scheme, which is refused",
    Kind.MALFORMED: "link '{written}' is not a valid URL",
    Kind.HTML_MARKDOWN: "raw HTML link '{written}' names a Markdown file: MkDocs and ProperDocs publish raw "
    "HTML as written, so there it is broken (Zensical rewrites it)",
}


def _hint(project: Project, page_path: str, target: Target) -> str | None:
    if target.kind is Kind.MISSING and target.path is not None:
        close = did_you_mean(project, target.path)
        anchor = f"#{target.fragment}" if target.fragment else ""
        return f"did you mean '{relative_link(page_path, close)}{anchor}'?" if close else None
    if target.kind is Kind.HTML_MARKDOWN:
        return "write a Markdown link, [text](page.md), which every engine rewrites"
    if target.suggestion:
        return f"did you mean '{target.suggestion}'?"
    if target.kind is Kind.UNSAFE:
        return "link to a page or a file in the docs folder instead"
    return None


def _anchor_hint(project: Project, fragment: str, ids: set[str]) -> str | None:
    config = markdown_config(project)
    slug = config.slugify(fragment, config.separator)
    if slug in ids and slug != fragment:
        return f"did you mean '#{slug}'? (anchors are the heading's slug)"
    close = difflib.get_close_matches(fragment, sorted(ids), n=1, cutoff=0.6)
    return f"did you mean '#{close[0]}'?" if close else None


def _problem(project: Project, target: Target, ignore: list[re.Pattern[str]]) -> str:
    """'' when the link works, else its problem: a :class:`Kind` value or 'anchor'."""
    if target.kind in _BY_KIND:
        return target.kind.value
    checkable = target.fragment and target.kind in {Kind.PAGE, Kind.SAME_PAGE} and target.path
    if not checkable or any(pattern.search(target.fragment or "") for pattern in ignore):
        return ""
    return "" if target.fragment in anchors(project, target.path or "") else "anchor"


def _link_findings(project: Project, settings: LinkSettings) -> Iterator[Diagnostic]:
    ignore = [re.compile(pattern) for pattern in settings.anchor_ignore]
    for page_path in project.pages:
        for link, target in resolved_links(project, page_path):
            problem = _problem(project, target, ignore)
            if not problem:
                continue
            where = link.where.position
            display, line, column = where.path, where.line, where.column
            if problem == "anchor":
                assert target.path is not None and target.fragment is not None
                where = "this page" if target.kind is Kind.SAME_PAGE else f"'{target.path}'"
                yield ANCHOR_MISSING.at(
                    display,
                    line,
                    column,
                    f"link '{link.target}': {where} has no anchor '#{target.fragment}'",
                    _anchor_hint(project, target.fragment, anchors(project, target.path)),
                )
                continue
            message = _MESSAGES[target.kind].format(written=link.target, path=target.path, scheme=target.scheme)
            yield _BY_KIND[target.kind].at(display, line, column, message, _hint(project, page_path, target))


def _nav_entries(nav: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(nav, str):
        yield where, nav
    elif isinstance(nav, list):
        for position, item in enumerate(nav):
            yield from _nav_entries(item, (*where, position))
    elif isinstance(nav, dict):
        for title, value in nav.items():
            yield from _nav_entries(value, (*where, title))


def nav_pages(project: Project) -> set[str]:
    """Pages the configured nav lists."""
    return {entry for _, entry in _nav_entries(project.config.nav) if entry in project.pages}


def _nav_findings(project: Project) -> Iterator[Diagnostic]:
    config = project.config
    for where, entry in _nav_entries(config.nav):
        if urlsplit(entry).scheme or entry.startswith("//") or entry in project.pages:
            continue
        line, column = config.source.where("nav", *where) if config.source else (1, 1)
        close = did_you_mean(project, entry.strip("/"))
        hint = f"did you mean '{close}'?" if close else "nav paths are relative to the docs folder"
        message = f"nav entry '{entry}' is not a page in the docs folder"
        yield NAV_MISSING.at(config.display, line, column, message, hint)


def _orphans(project: Project, settings: LinkSettings) -> Iterator[Diagnostic]:
    if project.config.nav is None:
        return  # MkDocs puts every page in the automatic nav
    listed = nav_pages(project)
    linked = {target for targets in page_links(project).values() for target in targets}
    for path, page in project.pages.items():
        if path in listed or path in linked or path == "index.md":
            continue
        if any(fnmatch.fnmatch(path, pattern) for pattern in settings.orphans_allowed):
            continue
        yield ORPHAN.at(
            page.display,
            1,
            1,
            f"page '{path}' is not in the nav and no other page links to it",
            "add it to the nav in mkdocs.yml or link to it from a related page",
        )


def check_prose(project: Project, model: PageModel, findings: PageFindings) -> None:
    """What a just-rendered page shows by itself: headings sharing an id, reference links with no definition."""
    findings.diagnostics.extend(_duplicate_headings(model))
    findings.diagnostics.extend(_undefined_references(model))


def _duplicate_headings(model: PageModel) -> Iterator[Diagnostic]:
    first: dict[str, Heading] = {}
    for heading in model.headings:
        numbered = re.fullmatch(r"(?P<base>.+)_\d+", heading.id)
        if numbered and numbered["base"] in first:
            where = heading.where.position  # located only for a finding: mapping back is the dear part
            line = first[numbered["base"]].where.position.line
            yield DUPLICATE_HEADING.at(
                where.path,
                where.line,
                where.column,
                f"heading '{heading.text}' has the same id as the heading on line {line}, "
                f"so it becomes '#{heading.id}' and links to '#{numbered['base']}' go to the first one",
                "reword one heading or give it an id: '## Heading {#my-id}'",
            )
        first.setdefault(heading.id, heading)


def _undefined_references(model: PageModel) -> Iterator[Diagnostic]:
    for problem in model.problems:
        if problem.kind == "link-reference-undefined":
            where = problem.where.position
            yield REFERENCE_UNDEFINED.at(where.path, where.line, where.column, problem.message, problem.hint)


def check_internal(project: Project, settings: LinkSettings) -> Iterator[Diagnostic]:
    """Every KB3xx finding that needs no network."""
    problem = markdown_config(project).problem
    if problem:
        line, column = project.config.source.where("markdown_extensions") if project.config.source else (1, 1)
        yield SLUGIFY.at(project.config.display, line, column, problem, "heading ids fall back to the default slugify")
    yield from _link_findings(project, settings)
    yield from _nav_findings(project)
    yield from _orphans(project, settings)
    for model in project.rendered.values():
        if model.findings is None:  # not checked as it was rendered (check_prose)
            yield from _duplicate_headings(model)
            yield from _undefined_references(model)
