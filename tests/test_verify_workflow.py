"""The reference-verification workflow: weekly, least privilege, and it proposes the lock file.

The step that proposes the lock file is run for real, in a throwaway git
repository with a local remote and a stand-in for the GitHub CLI.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, load_workflow
from kbcheck.trust import workflows

FILE = ROOT / ".github/workflows/verify-refs.yml"
FAKE_GH = """#!/bin/sh
echo "$*" >> "$GH_LOG"
case "$*" in
  "pr list"*) cat "$GH_OPEN_PRS" ;;
esac
"""


def load() -> dict:
    return load_workflow(FILE)


def step(name: str) -> dict:
    return next(s for s in load()["jobs"]["verify"]["steps"] if s.get("name") == name)


def test_schedule_and_permissions() -> None:
    """Weekly and on demand; read-only by default, write only in the job that pushes the lock."""
    workflow = load()
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["verify"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert list(workflows.check_workflow(FILE.read_text(encoding="utf-8"), "verify-refs.yml")) == []


def test_failed_verification_still_proposes_the_lock_then_fails_the_run() -> None:
    """Records that passed are kept; the run still ends red when any record failed."""
    verify = step("Verify DOIs and PMIDs")
    assert verify["continue-on-error"] is True
    assert "make verify-refs" in verify["run"]
    last = load()["jobs"]["verify"]["steps"][-1]
    assert last["if"] == "steps.verify.outcome == 'failure'"
    assert "exit 1" in last["run"]


@pytest.fixture
def repository(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    remote, work, bin_dir = tmp_path / "remote.git", tmp_path / "work", tmp_path / "bin"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True)
    git = ["git", "-C", str(work), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    (work / "data").mkdir()
    (work / "data/bibliography.json").write_text("[]\n", encoding="utf-8")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "start"], check=True)
    subprocess.run([*git, "remote", "add", "origin", str(remote)], check=True)
    subprocess.run([*git, "push", "-q", "origin", "main"], check=True)
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    (tmp_path / "open-prs").write_text("0\n", encoding="utf-8")
    job_env = load()["jobs"]["verify"]["env"]
    env = {
        **os.environ,
        **job_env,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(tmp_path / "gh.log"),
        "GH_OPEN_PRS": str(tmp_path / "open-prs"),
    }
    return work, remote, env


def propose(work: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = step("Propose the updated lock file")["run"]
    # GitHub runs `run:` scripts with `bash --noprofile --norc -eo pipefail`.
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
    return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)


def branch_files(remote: Path, branch: str) -> list[str]:
    listed = subprocess.run(
        ["git", "-C", str(remote), "ls-tree", "-r", "--name-only", branch], capture_output=True, text=True, check=False
    )
    return listed.stdout.split() if listed.returncode == 0 else []


def test_unchanged_lock_pushes_nothing(repository) -> None:
    work, remote, env = repository
    result = propose(work, env)
    assert result.returncode == 0, result.stderr
    assert "unchanged" in result.stdout
    assert branch_files(remote, env["BRANCH"]) == []
    assert not Path(env["GH_LOG"]).exists()


def test_new_lock_goes_to_a_branch_and_one_pull_request(repository) -> None:
    """The lock is committed on its own branch and a pull request opened, once."""
    work, remote, env = repository
    (work / env["LOCK"]).write_text('{"version": 1, "records": {}}\n', encoding="utf-8")
    result = propose(work, env)
    assert result.returncode == 0, result.stderr
    assert env["LOCK"] in branch_files(remote, env["BRANCH"])
    calls = Path(env["GH_LOG"]).read_text(encoding="utf-8").splitlines()
    assert [call.split()[:2] for call in calls] == [["pr", "list"], ["pr", "create"]]

    # Next week: the pull request is still open, so the branch is updated and no second one is opened.
    Path(env["GH_OPEN_PRS"]).write_text("1\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(work), "switch", "-q", "main"], check=True)
    (work / env["LOCK"]).write_text('{"version": 1, "records": {"a": {}}}\n', encoding="utf-8")
    result = propose(work, env)
    assert result.returncode == 0, result.stderr
    calls = Path(env["GH_LOG"]).read_text(encoding="utf-8").splitlines()
    assert [call.split()[:2] for call in calls].count(["pr", "create"]) == 1
