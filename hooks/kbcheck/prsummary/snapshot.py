"""The project as it was at the merge base with a git ref, unpacked under ``.cache/kbcheck/``.

``git archive`` gives the files (tar), :mod:`tarfile` unpacks them with its
``data`` filter; the copy is then opened like any project, so both sides of the
comparison come from the same parser and model.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

SNAPSHOT_DIR = ".cache/kbcheck/pr-base"
PARTS = ("mkdocs.yml", "docs", "data", "includes")


class GitError(Exception):
    """git could not answer (not a repository, unknown ref)."""


def _git(root: Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = exc.stderr.decode(errors="replace").strip() if isinstance(exc, subprocess.CalledProcessError) else ""
        raise GitError(detail or str(exc)) from exc


def merge_base(root: Path, ref: str) -> str:
    return _git(root, "merge-base", ref, "HEAD").decode().strip()


def unpack(root: Path, ref: str, config_name: str) -> tuple[str, Path]:
    """(commit, path of mkdocs.yml in the copy) of the project at the merge base of ``ref`` and HEAD."""
    commit = merge_base(root, ref)
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    target = root / SNAPSHOT_DIR / commit
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    listed = _git(root, "ls-tree", "--name-only", commit, "--", *(prefix + p for p in (config_name, *PARTS[1:])))
    present = [name for name in listed.decode().splitlines() if name]
    if present:
        archive = _git(root, "archive", "--format=tar", commit, "--", *present)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    return commit, target / prefix / config_name
