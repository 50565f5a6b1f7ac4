"""Render every page with Python-Markdown as the project configures it, outside any engine.

This is what ``kbcheck check`` does before the checks run: the same extensions
with the same options as ``mkdocs.yml`` lists (and ours, last, when the
project does not list it), so the checks read exactly the parse a build makes.
"""

from __future__ import annotations

from typing import Any

import markdown

from .links.mdconfig import PythonApply, PythonName, markdown_config
from .mdext import KnowledgeBaseExtension
from .mdext.session import SESSIONS
from .parsed import PageModel
from .project import Project

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


def render_all(project: Project) -> dict[str, PageModel]:
    """Render every page; returns each page's model (also kept in ``project.rendered``)."""
    session = SESSIONS.start(project)
    extensions = extension_list(project)
    for path in project.pages:
        render_page(project, path, extensions)
    project.rendered = dict(session.models)
    return project.rendered
