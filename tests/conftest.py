"""Shared fixtures: throwaway sites built with the real hooks and configuration."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "hooks" / "kb_hooks.py"

GOOD_FRONT_MATTER = """\
---
title: {title}
description: A short description of the page.
type: general
audience: patient
author: Editorial team
review_status: not yet clinically reviewed
reviewed: {reviewed}
---
"""
# A month ago, whenever the tests run: never in the future, never due for review.
RECENTLY = (dt.date.today() - dt.timedelta(days=30)).isoformat()


def page(title: str = "A page", body: str = "Some text.\n", front_matter: str | None = None) -> str:
    """Markdown for a valid page (or with the given raw front matter), crisis box included."""
    header = GOOD_FRONT_MATTER.format(title=title, reviewed=RECENTLY) if front_matter is None else front_matter
    return header + f"\n# {title}\n\n" + textwrap.dedent(body) + '\n--8<-- "urgent-help.md"\n'


def load_workflow(path: Path) -> dict:
    """A GitHub workflow file as a dict, with its triggers under "on" (YAML 1.1 reads a bare 'on' as true)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def site_config(extra_kb: dict | None = None, **overrides: object) -> dict:
    """The real mkdocs.yml as a dict, adapted for a temp site (absolute hook, no nav)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    config["hooks"] = [str(HOOK)]
    config.pop("nav", None)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["extra_css"] = []
    config["watch"] = []
    config["markdown_extensions"] = [
        {"pymdownx.snippets": {"base_path": [str(ROOT / "includes")], "check_paths": True}}
        if isinstance(ext, dict) and "pymdownx.snippets" in ext
        else ext
        for ext in config["markdown_extensions"]
    ]
    if extra_kb is not None:
        config["extra"]["kb"] = extra_kb
    config.update(overrides)
    return config


@dataclass
class Site:
    """A throwaway MkDocs project on disk."""

    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def write(self, relative: str, text: str) -> Path:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def build(self, *, strict: bool = True) -> BuildResult:
        """Build in this process with the real hooks; collect mkdocs.* log records."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort

        records: list[logging.LogRecord] = []
        handler = _Collector(records)
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        previous = logger.level
        logger.setLevel(logging.INFO)
        try:
            config = load_config(str(self.config_file), strict=strict)
            try:
                build(config)
                aborted = None
            except Abort as exc:
                aborted = str(exc)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(previous)
        return BuildResult(records, aborted)

    def run(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        """Run a command in the site folder with the project's environment."""
        return run(list(args), cwd=self.root, check=check)


@dataclass
class BuildResult:
    records: list[logging.LogRecord]
    aborted: str | None

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def ours(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.name == "mkdocs.plugins.kbcheck"]


class _Collector(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def run(
    args: list[str], cwd: Path, check: bool = False, pythonpath: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": pythonpath or str(ROOT / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=check, timeout=600)


BIN = Path(sys.executable).parent


@pytest.fixture
def make_site(tmp_path: Path) -> Iterator[Callable[..., Site]]:
    """Factory: make_site({"index.md": page()}, extra_kb={...}) -> Site."""

    def factory(pages: dict[str, str], extra_kb: dict | None = None, **overrides: object) -> Site:
        site = Site(tmp_path / "project")
        site.root.mkdir(parents=True, exist_ok=True)
        config = site_config(extra_kb, **overrides)
        site.write("mkdocs.yml", yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
        site.docs.mkdir(exist_ok=True)
        for relative, text in pages.items():
            site.write(f"docs/{relative}", text)
        for folder in ("data",):
            if (ROOT / folder).is_dir() and not (site.root / folder).exists():
                # Not the real bibliography: its records would all be "uncited" on a test site.
                # Citation tests write their own data/bibliography.json.
                ignore = shutil.ignore_patterns("bibliography*.json", "incoming")
                shutil.copytree(ROOT / folder, site.root / folder, ignore=ignore)
        return site

    yield factory
