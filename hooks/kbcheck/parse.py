"""Render every page with Python-Markdown as the project configures it, outside any engine.

This is what ``kbcheck check`` does before the checks run: the same extensions
with the same options as ``mkdocs.yml`` lists (and ours, last, when the
project does not list it), so the checks read exactly the parse a build makes.
"""

from __future__ import annotations

from typing import Any

import markdown

from .diagnostics import Severity, rule
from .links.mdconfig import PythonApply, PythonName, markdown_config
from .mdext import KnowledgeBaseExtension
from .mdext.session import SESSIONS, PageHandler
from .parsed import PageModel
from .project import Project

UNLOADABLE = rule("KB092", "markdown-extensions-unloadable", Severity.ERROR, "markdown_extensions cannot be loaded")
UNRENDERABLE = rule("KB093", "page-unrenderable", Severity.ERROR, "an extension fails on a page")

OUR_NAMES = ("kbcheck.mdext",)
UNRESOLVED = (PythonName, PythonApply)


def extension_list(project: Project) -> tuple[list[Any], dict[str, dict[str, Any]]]:
    """The configured extensions (ours left out: the caller adds it per page) and their options."""
    configured = markdown_config(project).extensions
    names: list[Any] = []
    options: dict[str, dict[str, Any]] = {}
    for name, settings in configured.items():
        if name in OUR_NAMES:
            continue
        names.append(name)
        if settings:
            # A Python tag that could not be resolved (reported by the checks) is left to the default.
            options[name] = {key: value for key, value in settings.items() if not isinstance(value, UNRESOLVED)}
    snippets = options.get("pymdownx.snippets")
    if snippets is not None:  # MkDocs resolves them from where it runs, which is the project folder
        bases = snippets.get("base_path", ["."])
        bases = [bases] if isinstance(bases, str) else list(bases or [])
        snippets["base_path"] = [str((project.config.root / str(base)).resolve()) for base in bases]
    return names, options


def render_page(project: Project, page_path: str, extensions: tuple[list[Any], dict[str, dict[str, Any]]]) -> str:
    """The page's HTML; its model lands in the project's session."""
    names, options = extensions
    ours = KnowledgeBaseExtension(config_file=str(project.config.path), page=page_path)
    md = markdown.Markdown(extensions=[*names, ours], extension_configs=options)
    return md.convert(project.pages[page_path].split.body)


def render_all(project: Project, on_page: PageHandler | None = None) -> dict[str, PageModel]:
    """Render every page; returns each page's model (also kept in ``project.rendered``).

    ``on_page`` is given each page's model as soon as it is made (the checks' prose pass).

    A configuration Python-Markdown cannot load, or a page an extension fails on, is one
    located diagnostic in ``project.diagnostics`` (the build would fail there too), never a traceback.
    """
    session = SESSIONS.start(project, on_page=on_page)
    extensions = extension_list(project)
    try:
        markdown.Markdown(extensions=extensions[0], extension_configs=extensions[1])
    except Exception as exc:
        line, column = project.config.source.where("markdown_extensions") if project.config.source else (1, 1)
        message = f"the Markdown extensions cannot be loaded: {exc.__class__.__name__}: {_short(exc)}"
        hint = "check each name and option under markdown_extensions"
        project.diagnostics.append(UNLOADABLE.at(project.config.display, line, column, message, hint))
        return project.rendered
    for path, page in project.pages.items():
        try:
            render_page(project, path, extensions)
        except Exception as exc:
            message = f"the page cannot be rendered: {exc.__class__.__name__}: {_short(exc)}"
            project.diagnostics.append(UNRENDERABLE.at(page.display, 1, 1, message))
    project.rendered = dict(session.models)
    return project.rendered


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
