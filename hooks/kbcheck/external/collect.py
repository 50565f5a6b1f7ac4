"""Every external http(s) URL of a project, with every place it is written.

Sources: links in the rendered pages (Markdown, autolinks, raw HTML, bare URLs
when pymdownx.magiclink makes them links), front matter values, and the data files
named in ``extra.kb.links.data_files`` (the bibliography's ``URL`` and ``DOI``
fields, glossary and FAQ sources). The key of a URL is the URL without its
fragment, since the fragment is never sent to the server: one request per key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import atomic
from ..links import resolved_links
from ..links.resolve import Kind
from ..links.settings import LinkSettings
from ..links.urls import BARE_URL
from ..markdown_scan import LineIndex
from ..parse import render_all
from ..parsed import Position
from ..project import Page, Project, display_path
from ..yamlloc import LocatedYaml
from .model import Occurrence

DATA_URL = re.compile(r"https?://[^\s\"'<>\\|`]+[^\s\"'<>\\|`.,;:)\]]", re.I)
DATA_DOI = re.compile(r"[\"']?\bDOI[\"']?\s*:\s*[\"']?(?P<doi>10\.\d{4,9}/[^\s\"',]+)", re.I)


def url_key(url: str) -> str:
    """The URL as requested: no fragment, protocol-relative links made https."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    return url.split("#", 1)[0]


def _page_urls(project: Project, page: Page) -> Iterator[tuple[Position, str]]:
    for link, target in resolved_links(project, page.path):
        if target.kind is Kind.EXTERNAL:
            yield link.where.position, link.target.strip()


def _front_matter_urls(loaded: LocatedYaml, value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[int, int, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _front_matter_urls(loaded, item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _front_matter_urls(loaded, item, (*path, index))
    elif isinstance(value, str):
        line, column = loaded.where(*path)
        yield from ((line, column, match.group()) for match in BARE_URL.finditer(value))


def _data_file_urls(file: Path) -> Iterator[tuple[int, int, str]]:
    text = atomic.read_text(file)  # never opens a FIFO
    if text is None:
        return  # the concern owning the file reports it
    index = LineIndex(text)
    for match in DATA_URL.finditer(text):
        yield (*index.position(match.start()), match.group())
    for match in DATA_DOI.finditer(text):
        yield (*index.position(match.start("doi")), f"https://doi.org/{match['doi']}")


def collect(project: Project, settings: LinkSettings) -> dict[str, list[Occurrence]]:
    """URL key -> every place it occurs, in report order."""
    found: dict[str, list[Occurrence]] = {}

    def add(url: str, path: str, line: int, column: int) -> None:
        found.setdefault(url_key(url), []).append(Occurrence(path, line, column, url))

    if not project.rendered:
        render_all(project)
    for page in project.pages.values():
        for where, url in _page_urls(project, page):
            add(url, where.path, where.line, where.column)
        if isinstance(page.front_matter, LocatedYaml):
            for line, column, url in _front_matter_urls(page.front_matter, page.front_matter.data):
                add(url, page.display, line, column)
    for name in settings.data_files:
        file = project.config.root / name
        for line, column, url in _data_file_urls(file):
            add(url, display_path(file), line, column)
    return {url: sorted(places, key=lambda o: (o.path, o.line, o.column)) for url, places in found.items()}
