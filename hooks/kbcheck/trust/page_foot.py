"""The foot of every page: who wrote it, when it was checked, how to report an error,
and the pages that link to it or are related to it.

A list is shown only when it has entries (an empty "Pages that link here" looks
unfinished), and a page whose text already ends with its own "Related pages"
section gets no second, generated one.

The theme leaves the marker ``<!-- kb:page-foot -->`` where the foot belongs
(inside the article, after the content and its references); without the
marker the foot goes before the article's end. It is added to the finished
page, not to the page content, so search results are not cluttered with it.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import Any
from urllib.parse import urlencode

from ..pagelinks import page_href
from ..project import Project
from .graph import PageGraph
from .review import Review

MARKER = "<!-- kb:page-foot -->"
WRITTEN_RELATED = re.compile(r"Related pages", re.I)
NOT_REVIEWED = "not yet clinically reviewed"


def human_date(day: dt.date) -> str:
    """``2026-11-24`` as ``24 November 2026``."""
    return f"{day.day} {day:%B %Y}"


def page_title(project: Project, page_path: str) -> str:
    """The front-matter title of a page (its path when it has none)."""
    title = project.pages[page_path].meta.get("title")
    return title.strip() if isinstance(title, str) and title.strip() else page_path


def repo_url(project: Project) -> str | None:
    """The repository's web address from mkdocs.yml (``repo_url``)."""
    source = project.config.source
    value = source.data.get("repo_url") if source is not None and isinstance(source.data, dict) else None
    return value.rstrip("/") if isinstance(value, str) and value.strip() else None


def report_error_url(project: Project, page_path: str, options: dict[str, Any]) -> str | None:
    """A new-issue address with the content-error form pre-filled for this page."""
    repo = repo_url(project)
    if repo is None:
        return None
    query = {
        "template": options["issue_template"],
        "title": f"Content error: {page_title(project, page_path)}",
        "page": project.absolute_url(page_path) or project.page_url(page_path) or "/",
    }
    return f"{repo}/issues/new?{urlencode(query)}"


def _link_list(project: Project, page_path: str, targets: list[str], *, heading_id: str, heading: str) -> str:
    """A titled list of links to ``targets``, or nothing when there are none."""
    if not targets:
        return ""
    items = sorted(targets, key=lambda target: page_title(project, target).casefold())
    body = "".join(
        f'<li><a href="{escape(page_href(project, page_path, target))}">{escape(page_title(project, target))}</a></li>'
        for target in items
    )
    return (
        f'<nav class="kb-page-foot__links" aria-labelledby="{heading_id}">'
        f'<h2 id="{heading_id}">{escape(heading)}</h2><ul>{body}</ul></nav>'
    )


def review_words(review: Review) -> str:
    """The clinical review status in plain words ("Not yet reviewed by a clinician")."""
    if review.status.strip().casefold() == NOT_REVIEWED:
        return "Not yet reviewed by a clinician"
    if review.reviewer:
        return f"Reviewed by {review.reviewer}"
    return review.status[:1].upper() + review.status[1:]


def written_related(project: Project) -> frozenset[str]:
    """The pages whose authors wrote a "Related pages" heading (at any level): they get no generated one."""
    return project.derive(
        "trust.written_related",
        lambda p: frozenset(
            path
            for path, model in p.rendered.items()
            if any(WRITTEN_RELATED.fullmatch(h.text.strip()) for h in model.headings)
        ),
    )


def render_foot(
    project: Project, page_path: str, review: Review | None, graph: PageGraph, options: dict[str, Any]
) -> str:
    """The foot's HTML for one page."""
    rows = []
    if review is not None:
        rows = [
            ("Written by", escape(review.author)),
            ("Clinical review", escape(review_words(review))),
            ("Last checked against the evidence", _time(review.reviewed)),
            ("Next check due", _time(review.next_due)),
        ]
    details = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    report = report_error_url(project, page_path, options)
    report_html = (
        f'<p class="kb-page-foot__report"><a href="{escape(report)}" rel="noopener noreferrer">'
        "Report an error on this page</a> (opens a form on GitHub; please do not include personal "
        "health information).</p>"
        if report
        else ""
    )
    backlinks = _link_list(
        project,
        page_path,
        graph.backlinks.get(page_path, []),
        heading_id="kb-backlinks",
        heading="Pages that link here",
    )
    related = (
        ""
        if page_path in written_related(project)
        else _link_list(
            project, page_path, graph.related.get(page_path, []), heading_id="kb-related", heading="Related pages"
        )
    )
    return (
        '<footer class="kb-page-foot" aria-labelledby="kb-about-page">'
        '<h2 id="kb-about-page">About this page</h2>'
        f'<dl class="kb-page-foot__provenance">{details}</dl>{report_html}{related}{backlinks}</footer>'
    )


def _time(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{human_date(day)}</time>'


def insert_foot(output: str, foot: str) -> str:
    """Put ``foot`` at the theme's marker, else before the article's end; unchanged if neither exists."""
    at = output.find(MARKER)  # one scan of the page (its navigation comes first, and is long)
    if at >= 0:
        return output[:at] + foot + output[at + len(MARKER) :]
    end = output.find("</article>")
    return output if end < 0 else output[:end] + foot + output[end:]
