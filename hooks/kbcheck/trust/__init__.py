"""Trust: provenance, privacy and safety of contributions.

Checks (KB5xx): review dates (due soon, overdue), raw HTML or addresses in
pages that could run code or load from other websites, and GitHub workflows
that would run a pull request's code with secrets.

Rendering: each finished page gets schema.org JSON-LD in its head and, at its foot, its
provenance, a "Report an error" link, backlinks and related pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..project import Project
from ..settings import register_section
from . import html_safety, review, workflows
from .graph import PageGraph, build_graph
from .page_foot import insert_foot, render_foot, written_related
from .structured_data import insert_in_head, medical_web_page, script_tag

__all__ = ["check", "finish_inputs", "render_output"]

register_section(
    "trust",
    {
        "review_months": {
            "type": "object",
            "additionalProperties": {"type": "integer", "minimum": 1},
            "default": {"clinical": 12},
            "description": "page type -> months between reviews",
        },
        "default_review_months": {"type": "integer", "minimum": 1, "default": 36},
        "due_soon_days": {"type": "integer", "minimum": 0, "default": 30},
        "author": {"type": "string", "default": "Editorial team"},
        "review_status": {"type": "string", "default": "not yet clinically reviewed"},
        "publisher": {"type": ["string", "null"], "default": None, "description": "default: site_name"},
        "language": {"type": "string", "default": "en"},
        "license": {"type": ["string", "null"], "default": None, "description": "URL of the content licence"},
        "editorial_policy": {"type": ["string", "null"], "default": "about/editorial-policy.md"},
        "issue_template": {"type": "string", "default": "content-error.yml"},
        "related_max": {"type": "integer", "minimum": 0, "default": 5},
        "workflows_dir": {"type": "string", "default": ".github/workflows"},
        "about": {
            "type": "array",
            "default": [],
            "description": "pages (glob) -> a schema.org subject of the page; every matching rule adds one",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["pages", "type"],
                "properties": {"pages": {"type": "string"}, "type": {"type": "string"}, "name": {"type": "string"}},
            },
        },
    },
)


def check(project: Project, today: dt.date | None = None) -> Iterator[Diagnostic]:
    """Review dates and HTML safety of every page, and the repository's workflows."""
    options = project.settings.section("trust")
    today = today or dt.date.today()
    for page in project.pages.values():
        yield from review.check_page(page, options, today)
        yield from html_safety.check_page(page, project.rendered.get(page.path))
    yield from workflows.check(project)


def render_output(project: Project, page_path: str, html: str) -> str:
    """The finished page with JSON-LD in its head and the provenance foot in its article."""
    options = project.settings.section("trust")
    page_review = review.review_of(project.pages[page_path], options)
    html = insert_in_head(html, script_tag(medical_web_page(project, page_path, page_review, options)))
    return insert_foot(html, render_foot(project, page_path, page_review, page_graph(project), options))


def page_graph(project: Project) -> PageGraph:
    """Backlinks and related pages of every page, from the rendered pages' links."""
    related_max = project.settings.section("trust")["related_max"]
    return project.derive("trust.graph", lambda p: build_graph(p, related_max))


def finish_inputs(project: Project) -> None:
    """Derive what the page foot reads from the rendered pages (then the models may let it go)."""
    page_graph(project)
    written_related(project)
