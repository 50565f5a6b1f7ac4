"""The render session: the project every page is rendered against, and what each render found.

Engines create a new Markdown instance (and a new extension) for every page,
so what lasts across pages lives here: the loaded :class:`~kbcheck.project.Project`
and the :class:`~kbcheck.parsed.PageModel` of every page rendered so far.

An engine adapter that has loaded the project itself (the MkDocs hooks) starts
a session with it; under an engine without hooks (Zensical) the extension
loads the project from ``mkdocs.yml`` on first use and reloads it when the
configuration or a data file changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..parsed import PageModel
from ..project import Project, open_project

# What a session's owner does with each page's model as soon as it is made (the checks' prose pass).
PageHandler = Callable[[Project, PageModel], None]


@dataclass
class Session:
    project: Project
    signature: tuple[tuple[str, float], ...]
    on_page: PageHandler | None = None
    # Whether models keep the targets of the links the rendering made (a few hundred a page, right
    # by construction, read by no check): only the differential tests compare them with the HTML.
    keep_generated_links: bool = False
    # Whether this process will build the site again (``mkdocs serve``): then a render keeps what
    # the next build of an unchanged page can reuse (:mod:`kbcheck.mdext.markcache`).
    reuse_between_builds: bool = False
    models: dict[str, PageModel] = field(default_factory=dict)
    _bodies: dict[str, str] | None = None

    def add(self, model: PageModel) -> None:
        """The model of a page just rendered."""
        if not self.keep_generated_links:
            model.generated_links = []
        if self.on_page is not None:
            self.on_page(self.project, model)
        self.models[model.path] = model

    def judges(self, page: str, link: str) -> bool:
        """Whether the KB3xx checks judge ``link`` (as written) on ``page``, which an engine has rendered.

        Then an engine's own message about it is redundant. Looked up only when an engine logs
        one, in the page's model, which is there as soon as the page is rendered.
        """
        model = self.models.get(page)
        return model is not None and any(use.target.strip() == link for use in model.links)

    def page_for_body(self, body: str) -> str | None:
        """The page whose body is ``body`` (for engines that do not say which page they render)."""
        if self._bodies is None:
            self._bodies = {}
            for path, page in self.project.pages.items():
                self._bodies.setdefault(page.split.body.strip(), path)
        return self._bodies.get(body.strip())


class Sessions:
    """One session per configuration file."""

    def __init__(self) -> None:
        self._by_config: dict[Path, Session] = {}

    def start(
        self,
        project: Project,
        on_page: PageHandler | None = None,
        *,
        keep_generated_links: bool = False,
        reuse_between_builds: bool = False,
    ) -> Session:
        """A fresh session for a project an adapter has loaded (one per build)."""
        path = project.config.path.resolve()
        session = Session(project, _signature(project), on_page, keep_generated_links, reuse_between_builds)
        self._by_config[path] = session
        return session

    def for_config(self, config_file: str | os.PathLike[str]) -> Session | None:
        """The session of ``config_file``; loads (or reloads) the project when needed."""
        path = Path(config_file).resolve()
        session = self._by_config.get(path)
        if session is not None and session.signature == _signature(session.project):
            return session
        project, _ = open_project(path)
        if project is None:
            return None
        return self.start(project)


def _signature(project: Project) -> tuple[tuple[str, float], ...]:
    """Modification times of the configuration and the data files the rendering reads."""
    root = project.config.root
    watched = [project.config.path, *sorted((root / "data").glob("*"))] if (root / "data").is_dir() else []
    stamps = []
    for file in watched or [project.config.path]:
        try:
            stamps.append((str(file), file.stat().st_mtime))
        except OSError:
            stamps.append((str(file), -1.0))
    return tuple(stamps)


SESSIONS = Sessions()
