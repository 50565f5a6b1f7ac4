"""The parsed model of a documentation project: configuration plus pages.

Sources flow one way: files on disk -> :class:`Project` -> checks -> report or
rendered page. Nothing here imports MkDocs; the hooks build the same model
from the same files, so a build and the standalone command see identical input.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from . import safe_files
from .diagnostics import Diagnostic, Severity, rule
from .markdown_scan import SplitPage, split_front_matter
from .parsed import PageModel
from .settings import Settings, load_settings
from .yamlloc import LocatedYaml, YamlError, load_located

T = TypeVar("T")

CONFIG_UNREADABLE = rule("KB003", "config-unreadable", Severity.ERROR, "mkdocs.yml cannot be read")
NO_PAGES = rule("KB004", "docs-empty", Severity.ERROR, "the docs directory has no Markdown pages")
PAGE_UNREADABLE = rule("KB005", "page-unreadable", Severity.ERROR, "a page is not valid UTF-8 text")

# MkDocs never publishes these (its default exclude_docs), so neither do we check them.
_HIDDEN_PREFIXES = (".",)
_TEMPLATES_DIR = "templates"


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as users should see it: relative to the project root (the folder of
    mkdocs.yml), so reports read the same wherever the command runs from."""
    base = (root or Path.cwd()).resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.resolve().as_posix()


@dataclass
class ProjectConfig:
    """The parts of mkdocs.yml the checks need."""

    path: Path
    source: LocatedYaml | None
    docs_dir: Path
    site_url: str | None = None
    nav: Any = None
    markdown_extensions: list[Any] = field(default_factory=list)
    extra_kb: Any = None

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def display(self) -> str:
        return display_path(self.path, self.root)


def load_project_config(
    config_path: str | os.PathLike[str], docs_dir: str | os.PathLike[str] | None = None
) -> tuple[ProjectConfig, list[Diagnostic]]:
    """Read mkdocs.yml (tolerating its custom tags); ``docs_dir`` overrides the file's."""
    path = Path(config_path)
    shown = display_path(path, path.parent)
    text = safe_files.read_text(path, shown, CONFIG_UNREADABLE)  # never blocks on a FIFO
    if isinstance(text, Diagnostic):
        problem = replace(text, message=f"cannot read configuration: {text.message}")
        return ProjectConfig(path, None, path.parent / (docs_dir or "docs")), [problem]
    loaded = load_located(text)
    if isinstance(loaded, YamlError):
        problem = CONFIG_UNREADABLE.at(shown, loaded.line, loaded.column, f"invalid YAML: {loaded.message}")
        return ProjectConfig(path, None, path.parent / (docs_dir or "docs")), [problem]
    data = loaded.data if isinstance(loaded.data, dict) else {}
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    config = ProjectConfig(
        path=path,
        source=loaded,
        docs_dir=(path.parent / (docs_dir or data.get("docs_dir") or "docs")).resolve(),
        site_url=data.get("site_url"),
        nav=data.get("nav"),
        markdown_extensions=list(data.get("markdown_extensions") or []),
        extra_kb=extra.get("kb"),
    )
    return config, []


class Page:
    """One Markdown source file.

    Held for the whole build, while the engine holds the same text, so it is kept
    compressed (about a third of its size) and unpacked when a check reads it, a few
    times a page; the front matter, read often, is parsed once.
    """

    def __init__(self, path: str, file: Path, display: str, text: str) -> None:
        self.path = path  # docs-relative, POSIX separators: "anxiety/gad.md"
        self.file = file
        self.display = display  # as shown in diagnostics: "docs/anxiety/gad.md"
        self._packed = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)

    @property
    def text(self) -> str:
        """The file's whole text."""
        return zlib.decompress(self._packed).decode("utf-8", "surrogatepass")

    @property
    def digest(self) -> bytes:
        """A digest of the file's text."""
        return hashlib.blake2b(self._packed, digest_size=20).digest()

    @property
    def split(self) -> SplitPage:
        """The front matter and the body (split on each use: take it once where several parts are read)."""
        return split_front_matter(self.text)

    def __repr__(self) -> str:
        return f"Page({self.path!r})"

    @cached_property
    def front_matter(self) -> LocatedYaml | YamlError | None:
        split = self.split
        if split.front_matter is None:
            return None
        return load_located(split.front_matter, first_line=split.front_matter_line)

    def release_positions(self) -> None:
        """After the checks: keep the front matter's data, not where each key was written."""
        loaded = self.__dict__.get("front_matter")
        if isinstance(loaded, LocatedYaml) and loaded.positions:
            self.__dict__["front_matter"] = LocatedYaml(loaded.data)

    @property
    def meta(self) -> dict[str, Any]:
        """Front matter as a dict ({} when missing or invalid)."""
        loaded = self.front_matter
        if isinstance(loaded, LocatedYaml) and isinstance(loaded.data, dict):
            return loaded.data
        return {}


@dataclass
class Project:
    """Everything the checks look at."""

    config: ProjectConfig
    settings: Settings
    pages: dict[str, Page]
    files: set[str]  # every docs-relative file, pages included
    diagnostics: list[Diagnostic] = field(default_factory=list)
    derived: dict[str, Any] = field(default_factory=dict)
    # Each page as Python-Markdown rendered it (filled by the engine's build or kbcheck.parse).
    rendered: dict[str, PageModel] = field(default_factory=dict)

    def page_url(self, page_path: str) -> str:
        """Site-relative URL of a page with MkDocs' directory URLs: 'anxiety/gad/'."""
        stem = page_path.rsplit(".", 1)[0]
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def absolute_url(self, page_path: str) -> str | None:
        """Canonical URL of a page, when site_url is configured."""
        base = self.config.site_url
        return None if not base else base.rstrip("/") + "/" + self.page_url(page_path)

    def derive(self, key: str, factory: Callable[[Project], T]) -> T:
        """Compute a model from the sources once per project (bibliography, glossary...)."""
        if key not in self.derived:
            self.derived[key] = factory(self)
        return self.derived[key]


def _published(relative: Path) -> bool:
    parts = relative.parts
    return not any(part.startswith(_HIDDEN_PREFIXES) for part in parts) and parts[0] != _TEMPLATES_DIR


def load_project(config: ProjectConfig, problems: list[Diagnostic] | None = None) -> Project:
    """Read settings and every file under ``docs_dir`` into a :class:`Project`."""
    diagnostics = list(problems or [])
    settings, more = load_settings(config.extra_kb, config.source, config.display, config.root)
    diagnostics.extend(more)
    pages: dict[str, Page] = {}
    files: set[str] = set()
    docs = config.docs_dir
    docs_shown = display_path(docs, config.root)  # once: resolving every page's path is slow
    # Never follow a symlink out of the project, never open a FIFO (safe_files reports them).
    listing = safe_files.Listing()
    if not safe_files.confined(docs, config.root):
        line, column = config.source.where("docs_dir") if config.source else (1, 1)
        message = f"docs_dir '{docs_shown}' is outside the project"
        diagnostics.append(safe_files.OUTSIDE.at(config.display, line, column, message, "keep the pages inside it"))
    elif docs.is_dir():
        listing = safe_files.list_files(docs, config.root, docs_shown)
    diagnostics.extend(d for d in listing.problems if _published(Path(d.path).relative_to(docs_shown)))
    diagnostics.extend(safe_files.scan_published(config.markdown_extensions, config.root))
    for file in listing.files:
        relative = file.relative_to(docs)
        if not _published(relative):
            continue
        files.add(relative.as_posix())
        if file.suffix.lower() not in {".md", ".markdown"}:
            continue
        shown = f"{docs_shown}/{relative.as_posix()}"
        text = safe_files.read_text(file, shown, PAGE_UNREADABLE)
        if isinstance(text, Diagnostic):
            diagnostics.append(text)
            continue
        pages[relative.as_posix()] = Page(relative.as_posix(), file, shown, text)
    if not pages:
        diagnostics.append(
            NO_PAGES.at(docs_shown, 1, 1, f"no Markdown pages found in '{docs_shown}'", "add at least an index.md")
        )
    return Project(config, settings, pages, files, diagnostics)


def open_project(config_path: str | os.PathLike[str]) -> tuple[Project | None, list[Diagnostic]]:
    """Read mkdocs.yml and every page, as each command does first.

    Returns ``(None, problems)`` when mkdocs.yml itself cannot be read.
    """
    config, problems = load_project_config(config_path)
    if problems and config.source is None:
        return None, problems
    return load_project(config, problems), problems
