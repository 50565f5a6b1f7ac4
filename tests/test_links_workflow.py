"""The link-check workflow: pull requests check what they add, a weekly job checks everything."""

from __future__ import annotations

from conftest import ROOT, load_workflow
from kbcheck.trust import workflows

FILE = ROOT / ".github/workflows/links.yml"


def load() -> dict:
    return load_workflow(FILE)


def test_triggers_are_safe_and_permissions_minimal() -> None:
    """pull_request (never pull_request_target), a weekly schedule, read-only token by default."""
    workflow = load()
    assert set(workflow["on"]) == {"pull_request", "schedule", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["changed-links"]
    assert jobs["all-links"]["permissions"] == {"contents": "read", "issues": "write"}
    assert list(workflows.check_workflow(FILE.read_text(encoding="utf-8"), "links.yml")) == []


def test_pull_requests_check_only_added_links_with_annotations() -> None:
    """The PR job compares with the base branch and prints GitHub annotations."""
    job = load()["jobs"]["changed-links"]
    assert job["if"] == "github.event_name == 'pull_request'"
    run = next(step["run"] for step in job["steps"] if "make linkcheck" in step.get("run", ""))
    assert "FORMAT=github" in run
    assert 'SINCE="origin/$BASE_REF"' in run
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_weekly_job_keeps_the_cache_and_reports_to_an_issue() -> None:
    """actions/cache keeps the per-URL cache; the job opens, updates or closes one issue."""
    job = load()["jobs"]["all-links"]
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("actions/cache@") for u in uses)
    script = job["steps"][-1]["run"]
    assert "gh issue create" in script
    assert "gh issue edit" in script
    assert "gh issue close" in script
