"""GitHub Actions workflows must never run a pull request's code with write access or secrets.

``pull_request_target`` (and ``workflow_run``) run with the base repository's
token and secrets. Checking out the pull request's head there and building it
(our hooks are Python, so a build runs contributors' code) hands both to
whoever opened the pull request. Pull requests are built on ``pull_request``
instead, which GitHub runs without secrets and with a read-only token for forks.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity, rule
from ..project import Project, display_path
from ..safe_files import OUTSIDE, confined, read_text
from ..yamlloc import LocatedYaml, YamlError, load_located

HEAD_CHECKOUT = rule(
    "KB520",
    "workflow-untrusted-checkout",
    Severity.ERROR,
    "a privileged workflow (pull_request_target, workflow_run) checks out the pull request's code",
)
NO_PERMISSIONS = rule(
    "KB521",
    "workflow-default-permissions",
    Severity.WARNING,
    "a workflow run for pull requests does not restrict its token with 'permissions:'",
)
UNREADABLE = rule(
    "KB522", "workflow-invalid", Severity.ERROR, "a workflow file is not valid YAML, not UTF-8 text or not a file"
)

PRIVILEGED_TRIGGERS = {"pull_request_target", "workflow_run"}
PULL_REQUEST_TRIGGERS = {"pull_request", "pull_request_target"}
# Expressions and commands that point at the untrusted head of a pull request.
UNTRUSTED_HEAD = re.compile(
    r"github\.event\.pull_request\.head\.|github\.head_ref|github\.event\.workflow_run\.head_"
    r"|refs/pull/|pull/\$\{\{|gh\s+pr\s+checkout|\.merge_commit_sha",
)


def triggers(data: dict[Any, Any]) -> set[str]:
    """Event names of a workflow's ``on:`` (YAML 1.1 reads a bare ``on`` key as true)."""
    events = data.get("on", data.get(True))
    if isinstance(events, str):
        return {events}
    if isinstance(events, (list, dict)):
        return {str(event) for event in events}
    return set()


def workflow_files(project: Project) -> list[Path]:
    """Workflow files of the repository that holds mkdocs.yml."""
    folder = project.config.root / project.settings.section("trust")["workflows_dir"]
    return sorted(p for p in folder.glob("*") if p.suffix in {".yml", ".yaml"}) if folder.is_dir() else []


def check(project: Project) -> Iterator[Diagnostic]:
    root = project.config.root
    for file in workflow_files(project):
        shown = f"{display_path(file.parent, root)}/{file.name}"
        if not confined(file, root):
            yield OUTSIDE.at(shown, 1, 1, "the workflow file is a symlink that leaves the repository")
            continue
        try:
            regular = stat.S_ISREG(file.stat().st_mode)
        except (OSError, RuntimeError) as exc:
            yield UNREADABLE.at(shown, 1, 1, f"cannot read the workflow: {getattr(exc, 'strerror', None) or exc}")
            continue
        if not regular:
            yield UNREADABLE.at(shown, 1, 1, "a workflow must be a file, not a folder or a special file")
            continue
        text = read_text(file, shown, UNREADABLE)
        if isinstance(text, Diagnostic):
            yield text
            continue
        yield from check_workflow(text, shown)


def check_workflow(text: str, shown: str) -> Iterator[Diagnostic]:
    """Diagnostics for one workflow file's text, reported as ``shown``."""
    loaded = load_located(text)
    if isinstance(loaded, YamlError):
        yield UNREADABLE.at(shown, loaded.line, loaded.column, f"workflow is not valid YAML: {loaded.message}")
        return
    if not isinstance(loaded.data, dict):
        return
    events = triggers(loaded.data)
    if events & PULL_REQUEST_TRIGGERS and "permissions" not in loaded.data:
        on_key = "on" if "on" in loaded.data else True
        line, column = loaded.where(on_key)
        yield NO_PERMISSIONS.at(
            shown,
            line,
            column,
            "workflow runs on pull requests without a top-level 'permissions:'; the token may be read-write",
            "add 'permissions: {contents: read}' and grant more only to the job that needs it",
        )
    privileged = sorted(events & PRIVILEGED_TRIGGERS)
    if privileged:
        yield from _untrusted_checkouts(loaded, shown, privileged[0])


def _untrusted_checkouts(loaded: LocatedYaml, shown: str, trigger: str) -> Iterator[Diagnostic]:
    jobs = loaded.data.get("jobs")
    for job_name, job in (jobs or {}).items() if isinstance(jobs, dict) else ():
        steps = job.get("steps") if isinstance(job, dict) else None
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            if not isinstance(step, dict):
                continue
            for key, text in _step_texts(step):
                if match := UNTRUSTED_HEAD.search(text):
                    line, column = loaded.where("jobs", job_name, "steps", index, *key)
                    yield HEAD_CHECKOUT.at(
                        shown,
                        line,
                        column,
                        f"job '{job_name}' runs on '{trigger}' (with secrets and a write token) "
                        f"and checks out the pull request's code: {_line_at(text, match.start())}",
                        "build pull requests on 'pull_request'; use workflow_run only with artifacts, never a checkout",
                    )


def _step_texts(step: dict[Any, Any]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, text) of the parts of a step that can select what is checked out."""
    uses = str(step.get("uses", ""))
    options = step.get("with") if isinstance(step.get("with"), dict) else {}
    if uses.startswith("actions/checkout"):
        for key in ("ref", "repository"):
            if key in options:
                yield ("with", key), str(options[key])
    if isinstance(step.get("run"), str):
        yield ("run",), step["run"]


def _line_at(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)].strip()
