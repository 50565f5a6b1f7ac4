"""Preprocessors: remember the page's lines, fill generated pages, and map what snippets added.

- :class:`SourceStart` (before everything): finds which page is being rendered
  and keeps its lines as the engine handed them over;
- :class:`GeneratedPages` (before snippets): replaces the marker comments of
  the glossary, FAQ and bibliography pages with their generated Markdown;
- :class:`SourceExpanded` (right after snippets): builds the source map.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from ..citations.bibliography_page import render_bibliography_page
from ..faq.page import render_markdown as render_faq_page
from ..glossary.page import render_markdown as render_glossary_page
from ..project import Project, display_path
from . import snippets
from .session import Session
from .sourcemap import SourceMap
from .state import DocumentState

GENERATORS: tuple[Callable[[Project, str, str], str], ...] = (render_glossary_page, render_faq_page)


def page_being_rendered(md: Markdown, session: Session, body: str) -> str | None:
    """The docs-relative path of the page ``md`` converts, from what the engine tells us."""
    if "relpath" in md.treeprocessors:  # MkDocs and ProperDocs: their link rewriter knows the file
        file = getattr(md.treeprocessors["relpath"], "file", None)
        src_uri = getattr(file, "src_uri", None)
        if isinstance(src_uri, str):
            return src_uri
    for processor in md.preprocessors:  # Zensical: its rendering context holds the page
        page = getattr(processor, "page", None)
        path = getattr(page, "path", None)
        if isinstance(path, str) and path.endswith((".md", ".markdown")):
            return path.replace("\\", "/")
    return session.page_for_body(body)


def engine_config_file(md: Markdown, configured: str) -> str:
    """The configuration file of the build running ``md`` (engines know it; else the extension option)."""
    if "relpath" in md.treeprocessors:  # MkDocs and ProperDocs
        path = getattr(getattr(md.treeprocessors["relpath"], "config", None), "config_file_path", None)
        if isinstance(path, str) and path:
            return path
    for processor in md.preprocessors:  # Zensical: the configuration's folder
        config = getattr(processor, "config", None)
        if isinstance(config, dict) and isinstance(config.get("root_dir"), str) and hasattr(processor, "page"):
            return str(Path(config["root_dir"]) / Path(configured).name)
    return configured


class SourceStart(Preprocessor):
    def __init__(
        self, md: Markdown, state: DocumentState, session: Callable[[Markdown], Session | None], page: str | None
    ) -> None:
        super().__init__(md)
        self.state = state
        self.session = session
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        session = self.session(self.md)
        state = self.state
        state.original = list(lines)
        if session is None:
            return lines
        state.project = session.project
        state.reuse_between_builds = session.reuse_between_builds
        body = "\n".join(lines)
        state.page_path = self.page or page_being_rendered(self.md, session, body)
        page = session.project.pages.get(state.page_path or "")
        if page is not None:
            # Engines hand over the body without the front matter (and some without leading blank lines).
            split = page.split
            state.first_line = split.body_line if body == split.body else _line_of(page.text, body, split.body_line)
        state.includes = snippets.observe(self.md, session.project.config.root)
        return lines


def _line_of(text: str, body: str, otherwise: int) -> int:
    """The line of ``text`` where ``body`` starts (``otherwise`` when it cannot be found)."""
    found = text.find(body) if body.strip() else -1
    return text.count("\n", 0, found) + 1 if found >= 0 else otherwise


class GeneratedPages(Preprocessor):
    def __init__(self, md: Markdown, state: DocumentState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        project, path = self.state.project, self.state.page_path
        if project is None or path is None or path not in project.pages:
            return lines
        text = original = "\n".join(lines)
        for generate in GENERATORS:
            text = generate(project, path, text)
        text = render_bibliography_page(project, path, text)
        return lines if text is original else text.split("\n")


class SourceExpanded(Preprocessor):
    def __init__(self, md: Markdown, state: DocumentState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        state = self.state
        included: dict[str, list[str]] = {}
        if state.includes is not None and state.project is not None:
            root = state.project.config.root
            included = {display_path(Path(file), root): text for file, text in state.includes.files.items()}
        state.source_map = SourceMap.build(state.page_display, state.first_line, state.original, lines, included)
        return lines
