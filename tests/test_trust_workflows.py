"""Workflows never run a pull request's code with secrets or a write token."""

from __future__ import annotations

import os
import textwrap

from conftest import ROOT
from kbcheck.project import load_project, load_project_config
from kbcheck.trust import workflows


def findings(text: str) -> list[tuple[str, int, int, str]]:
    diagnostics = workflows.check_workflow(textwrap.dedent(text), ".github/workflows/x.yml")
    return [(d.code, d.line, d.column, d.message) for d in diagnostics]


def test_the_repository_workflows_are_safe() -> None:
    """Our own .github/workflows pass (and there is at least one to check)."""
    config, _ = load_project_config(ROOT / "mkdocs.yml")
    project = load_project(config)
    files = workflows.workflow_files(project)
    assert any(file.name == "ci.yml" for file in files)
    assert list(workflows.check(project)) == []


PWN_REQUEST = """\
    name: Preview
    on:
      pull_request_target:
        types: [opened, synchronize]
    permissions:
      contents: read
    jobs:
      build:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
            with:
              ref: ${{ github.event.pull_request.head.sha }}
          - run: make build
    """


def test_pull_request_target_with_head_checkout_is_an_error_at_the_ref() -> None:
    """The classic "pwn request" is KB520 on the line of the ref."""
    (finding,) = findings(PWN_REQUEST)
    assert finding[:3] == ("KB520", 13, 11)
    assert "pull_request_target" in finding[3]


def test_pull_request_target_without_checkout_of_the_head_is_allowed() -> None:
    """Labelling or commenting on pull_request_target without their code is safe."""
    safe = PWN_REQUEST.replace("            with:\n              ref: ${{ github.event.pull_request.head.sha }}\n", "")
    assert "head.sha" not in safe
    assert findings(safe) == []


def test_fetching_the_head_in_a_run_step_is_caught_too() -> None:
    """git fetch of refs/pull/... or gh pr checkout count as checking out the head."""
    text = PWN_REQUEST.replace(
        "          - run: make build\n",
        "          - run: |\n              git fetch origin refs/pull/${{ github.event.number }}/head\n",
    ).replace("            with:\n              ref: ${{ github.event.pull_request.head.sha }}\n", "")
    assert [f[0] for f in findings(text)] == ["KB520"]


def test_workflow_run_checking_out_the_head_is_an_error() -> None:
    """workflow_run also has secrets: checking out the triggering head is KB520."""
    text = """\
    on:
      workflow_run:
        workflows: [CI]
        types: [completed]
    permissions: {contents: read}
    jobs:
      deploy:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
            with:
              ref: ${{ github.event.workflow_run.head_sha }}
    """
    assert [f[:2] for f in findings(text)] == [("KB520", 12)]


def test_pull_request_workflow_without_permissions_warns() -> None:
    """No top-level permissions: the token may be read-write; KB521 on the 'on' key."""
    text = """\
    name: CI
    on: [push, pull_request]
    jobs:
      test:
        runs-on: ubuntu-latest
        steps:
          - run: make test
    """
    assert [f[:3] for f in findings(text)] == [("KB521", 2, 1)]


def test_push_only_workflow_needs_no_permissions_block() -> None:
    """Only workflows that run for pull requests are held to this."""
    assert findings("on:\n  push:\njobs: {}\n") == []


def test_invalid_yaml_is_located_not_a_traceback() -> None:
    """A broken workflow file is one KB522 with its line."""
    (finding,) = findings("on: [push\njobs:\n")
    assert finding[0] == "KB522"
    assert finding[1] >= 1


def _workflow_project(tmp_path):
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    folder = tmp_path / ".github/workflows"
    folder.mkdir(parents=True)
    config, _ = load_project_config(tmp_path / "mkdocs.yml")
    return load_project(config), folder


def test_workflow_that_is_not_utf8_text_or_not_a_file_is_one_diagnostic(tmp_path) -> None:
    """A Latin-1 workflow, a folder named x.yml, a FIFO and a dangling link: KB522 each, never a traceback."""
    project, folder = _workflow_project(tmp_path)
    (folder / "latin.yml").write_bytes(b"name: caf\xe9\non: push\n")
    (folder / "folder.yml").mkdir()
    os.mkfifo(folder / "pipe.yml")
    (folder / "gone.yml").symlink_to(folder / "nowhere.yml")
    found = sorted((d.path, d.line, d.column, d.code) for d in workflows.check(project))
    assert found == [
        (".github/workflows/folder.yml", 1, 1, "KB522"),
        (".github/workflows/gone.yml", 1, 1, "KB522"),
        (".github/workflows/latin.yml", 1, 10, "KB522"),
        (".github/workflows/pipe.yml", 1, 1, "KB522"),
    ]


def test_workflow_symlink_leaving_the_repository_is_not_read(tmp_path) -> None:
    project, folder = _workflow_project(tmp_path / "p")
    outside = tmp_path / "evil.yml"
    outside.write_text("on: pull_request_target\n", encoding="utf-8")
    (folder / "evil.yml").symlink_to(outside)
    assert [(d.code, d.path) for d in workflows.check(project)] == [("KB007", ".github/workflows/evil.yml")]
