"""The fault suite's tools: a minimal clean project, an in-process runner, and the tally of the matrix."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import shutil
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from conftest import page, site_config
from kbcheck import cli

Mutate = Callable[[Path], None]

WORKFLOW = """\
name: checks
on: [push, pull_request]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
"""


def make_template(root: Path) -> Path:
    """A small project every check passes: one page, the real glossary and FAQ, a workflow.

    No bibliography (the glossary and FAQ cite the real one); the cases that need one write it.
    """
    root.mkdir(parents=True)
    config = site_config()
    # Snippets from the project's own includes/ (a base path outside the project is an error).
    config["markdown_extensions"] = [
        {"pymdownx.snippets": {"base_path": ["includes"], "check_paths": True}}
        if isinstance(ext, dict) and "pymdownx.snippets" in ext
        else ext
        for ext in config["markdown_extensions"]
    ]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text(page("Home"), encoding="utf-8")
    source = Path(__file__).resolve().parents[2]
    shutil.copytree(source / "includes", root / "includes")
    shutil.copytree(source / "data", root / "data", ignore=shutil.ignore_patterns("bibliography*.json", "incoming"))
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/checks.yml").write_text(WORKFLOW, encoding="utf-8")
    return root


def digest(root: Path) -> str:
    """A hash of docs/ and data/ (names, kinds and contents; FIFOs and links are never opened)."""
    hashed = hashlib.sha256()
    for folder in ("docs", "data"):
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            hashed.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape"))
            if path.is_symlink():
                hashed.update(b"link:" + str(path.readlink()).encode("utf-8", "surrogateescape"))
            elif path.is_file():
                hashed.update(path.read_bytes())
    return hashed.hexdigest()


def build(project: Path, *, strict: bool = True) -> str | None:
    """An in-process MkDocs build with the real hooks; the reason when it aborts (a finding)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logging.getLogger("mkdocs").setLevel(logging.WARNING)  # quiet, but errors still count under --strict
    previous = Path.cwd()
    os.chdir(project)  # pymdownx.snippets reads its base path from the working directory
    try:
        mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=strict))
    except (Abort, ConfigurationError) as exc:
        return str(exc) or type(exc).__name__
    finally:
        os.chdir(previous)
    return None


@dataclass
class Outcome:
    status: int | None
    out: str
    err: str
    crash: str | None  # the traceback, when the command raised
    diagnostics: list[dict] = field(default_factory=list)

    def codes(self) -> list[str]:
        return sorted({d["code"] for d in self.diagnostics})

    def places(self, code: str) -> list[tuple[str, int, int]]:
        return [(d["path"], d["line"], d["column"]) for d in self.diagnostics if d["code"] == code]


def run(root: Path, *args: str) -> Outcome:
    """``kbcheck ARGS`` in-process in ``root``; JSON diagnostics parsed when the format allows."""
    out, err = io.StringIO(), io.StringIO()
    crash = None
    status: int | None = None
    previous = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(list(args))
    except SystemExit as exc:  # argparse
        status = exc.code if isinstance(exc.code, int) else 2
    except BaseException:
        crash = traceback.format_exc()
    finally:
        os.chdir(previous)
    result = Outcome(status, out.getvalue(), err.getvalue(), crash)
    if "--format" in args and "json" in args and result.out.strip().startswith("{"):
        with contextlib.suppress(ValueError):
            result.diagnostics = json.loads(result.out)["diagnostics"]
    return result


@dataclass
class Tally:
    """The fault matrix, printed at the end of the run."""

    cases: int = 0
    located: int = 0
    tracebacks: int = 0
    hangs: int = 0
    changed: int = 0
    unsafe_published: int = 0
    known_gaps: int = 0  # cases expected to fail until code outside this suite's reach is fixed (xfail)

    def line(self) -> str:
        return (
            f"fault matrix: {self.cases} cases, {self.located} located diagnostics, {self.tracebacks} tracebacks, "
            f"{self.hangs} hangs, {self.changed} with docs/ or data/ changed, "
            f"{self.unsafe_published} with unsafe output published; {self.known_gaps} known gaps (xfail), "
            "which the tracebacks and unsafe output above, if any, come from"
        )


TALLY = Tally()


@pytest.fixture(scope="session", name="template")
def template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clean project, made once."""
    return make_template(tmp_path_factory.mktemp("template") / "project")


@pytest.fixture(name="project")
def project_fixture(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the clean project for one case."""
    copy = tmp_path / "project"
    shutil.copytree(template, copy, symlinks=True)
    return copy


class _MatrixReport:
    """A pytest plugin printing the matrix in the terminal summary."""

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if TALLY.cases:
            terminalreporter.write_line(TALLY.line())


@pytest.fixture(scope="session", autouse=True, name="fault_matrix")
def fault_matrix_fixture(request: pytest.FixtureRequest) -> Tally:
    """Print the matrix once the suite has run."""
    if not request.config.pluginmanager.has_plugin("kb-fault-matrix"):
        request.config.pluginmanager.register(_MatrixReport(), "kb-fault-matrix")
    return TALLY
