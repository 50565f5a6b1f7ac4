"""Page transforms applied during a build, in a fixed order.

Each concern exposes ``render_markdown(project, page_path, markdown) -> str``;
rendering never reports problems (the checks do), so a build and the
standalone command always agree on what is wrong.
"""

from __future__ import annotations

from . import citations, glossary, links, trust
from .project import Project

# Citations first (they add the References section), glossary last so it never
# links terms inside generated reference entries.
MARKDOWN_TRANSFORMS = (trust, links, citations, glossary)


def render_markdown(project: Project, page_path: str, markdown: str) -> str:
    for module in MARKDOWN_TRANSFORMS:
        markdown = module.render_markdown(project, page_path, markdown)
    return markdown
