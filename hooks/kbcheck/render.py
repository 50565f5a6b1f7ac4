"""Page transforms applied during a build, in a fixed order.

Three stages, matching what a build engine offers:

- ``render_markdown(project, page_path, markdown) -> str``: the page's Markdown
  (front matter already removed) before it is converted to HTML;
- ``render_content(project, page_path, html) -> str``: the page body's HTML;
- ``render_output(project, page_path, html) -> str``: the whole HTML document.

A concern module takes part in a stage by defining the function of that name.
Rendering never reports problems (the checks do), so a build and the standalone
command always agree on what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from . import citations, faq, glossary, includes, links, trust
from .glossary import page as glossary_page
from .project import Project

# Includes first, so a missing snippet never reaches pymdownx.snippets (which
# would stop the build with a traceback); the generated glossary and FAQ pages
# next, so their Markdown is linked and cited like a written page; citations
# before glossary, so generated reference entries are never glossary-linked;
# trust last, so it sees (and can secure) everything the others produced.
TRANSFORMS: tuple[ModuleType, ...] = (includes, glossary_page, faq, links, citations, glossary, trust)


def _chain(stage: str, project: Project, page_path: str, text: str) -> str:
    for module in TRANSFORMS:
        transform: Callable[[Project, str, str], str] | None = getattr(module, stage, None)
        if transform is not None:
            text = transform(project, page_path, text)
    return text


def render_markdown(project: Project, page_path: str, markdown: str) -> str:
    return _chain("render_markdown", project, page_path, markdown)


def render_content(project: Project, page_path: str, html: str) -> str:
    return _chain("render_content", project, page_path, html)


def render_output(project: Project, page_path: str, html: str) -> str:
    return _chain("render_output", project, page_path, html)
