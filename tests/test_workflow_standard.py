"""Workflows held to a standard: zizmor finds nothing, actions are pinned by commit, credentials stay out.

The commit of each action was read from the action's own repository, at the tag
named in the comment; a pin is only ever changed together with its comment.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT, load_workflow

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?P<comment>.*)$", re.M)


def test_zizmor_is_pinned_and_finds_nothing() -> None:
    pinned = next(
        line.split("==")[1]
        for line in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith("zizmor==")
    )
    zizmor = BIN / "zizmor"
    assert zizmor.is_file(), "zizmor is not installed: make test installs requirements-dev.txt"
    version = subprocess.run([str(zizmor), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.split() == ["zizmor", pinned]
    result = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", "--pedantic", ".github/workflows/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_by_commit_with_version(path: Path) -> None:
    """Every `uses:` names a full commit SHA and, in a comment, the release it is."""
    found = list(USES.finditer(path.read_text(encoding="utf-8")))
    assert found
    for use in found:
        assert re.fullmatch(r"[0-9a-f]{40}", use.group("ref")), use.group()
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", use.group("comment")), use.group()


def test_one_version_per_commit() -> None:
    """The same action at the same commit carries the same version comment in every workflow."""
    seen: dict[tuple[str, str], str] = {}
    for path in WORKFLOWS:
        for use in USES.finditer(path.read_text(encoding="utf-8")):
            key = (use.group("action").split("/")[1], use.group("ref"))
            assert seen.setdefault(key, use.group("comment").strip()) == use.group("comment").strip(), use.group()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_keeps_no_credentials_and_permissions_are_least(path: Path) -> None:
    workflow = load_workflow(path)
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False
        for scope, level in (job.get("permissions") or {}).items():
            assert level in {"read", "write"}, (scope, level)
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if re.match(r"^\s+[a-z-]+: write\b", line):
            assert "#" in line, f"say why a job needs to write: {line.strip()}"
    assert yaml.safe_load(text)
