"""`kbcheck pr-summary` on a throwaway git repository: what a pull request changes, as Markdown."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from citation_data import bibliography_json, record
from conftest import BIN, RECENTLY, ROOT, page

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]


def git(root: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True)


def test_summary_of_a_pull_request(make_site, tmp_path: Path) -> None:
    site = make_site(
        {
            "index.md": page("Home", "A claim [@a2020]. Another [@b2020].\n"),
            "other.md": page("Other", "Same words here [@a2020].\n"),
        }
    )
    site.write("data/bibliography.json", bibliography_json(record("a2020"), record("b2020")))
    git(site.root, "init", "-q", "-b", "main")
    git(site.root, "add", ".")
    git(site.root, "commit", "-q", "-m", "base")
    git(site.root, "switch", "-q", "-c", "change")
    # The change: cite c2020 instead of b2020, add the record, a new external link, a new review date.
    site.write(
        "docs/index.md",
        page(
            "Home",
            "A claim [@a2020]. A new one [@c2020]. See [the source](https://example.org/new-source).\n\n"
            "In the trial, 42% responded [@c2020].\n",
        ).replace(f"reviewed: {RECENTLY}", "reviewed: 2026-01-02"),
    )
    site.write("data/bibliography.json", bibliography_json(record("a2020"), record("b2020"), record("c2020")))
    # The ledger holds a figure of c2020, but not the 42% the changed page states.
    site.write("data/figures.yml", 'c2020:\n  - {figure: "37%", locator: "Table 2", measures: "responders"}\n')
    git(site.root, "add", ".")
    git(site.root, "commit", "-q", "-am", "change")
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier step.\n", encoding="utf-8")
    result = site.run(str(BIN / "python"), "-m", "kbcheck", "pr-summary", "--base", "main", "--output", str(summary))
    assert result.returncode == 0, result.stdout + result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Earlier step.\n## What this pull request changes (compared with `main`")
    assert "| `docs/index.md` | `[@c2020]` | `[@b2020]` |" in text
    assert "other.md" not in text.split("### New bibliography records")[0]
    assert "| `c2020` | rct | Test title c2020 | not verified" in text
    assert "| `docs/index.md` | `https://example.org/new-source` | not checked here" in text
    assert "| `docs/index.md` |" in text.split("### Review dates")[1]
    assert "2026-01-02" in text.split("### Review dates")[1]
    figures = text.split("### Figures not in the ledger (changed pages)")[1]
    assert "| `docs/index.md:" in figures and "42%" in figures
    assert not (site.root / ".cache/kbcheck/pr-base").exists() or not any(
        (site.root / ".cache/kbcheck/pr-base").iterdir()
    )


def test_step_summary_variable_and_errors(make_site, tmp_path: Path) -> None:
    """Appends to $GITHUB_STEP_SUMMARY; an unknown ref or no repository is exit 2 without a traceback."""
    site = make_site({"index.md": page("Home")})
    outside = site.run(str(BIN / "python"), "-m", "kbcheck", "pr-summary", "--base", "main")
    assert outside.returncode == 2
    assert "cannot compare with 'main'" in outside.stderr
    git(site.root, "init", "-q", "-b", "main")
    git(site.root, "add", ".")
    git(site.root, "commit", "-q", "-m", "base")
    unknown = site.run(str(BIN / "python"), "-m", "kbcheck", "pr-summary", "--base", "nope")
    assert unknown.returncode == 2
    assert "Traceback" not in unknown.stderr
    env_summary = tmp_path / "step.md"
    result = subprocess.run(
        [str(BIN / "python"), "-m", "kbcheck", "pr-summary", "--base", "main"],
        cwd=site.root,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(env_summary), "PYTHONPATH": str(ROOT / "hooks")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "No citation added or removed." in env_summary.read_text(encoding="utf-8")


def test_ci_writes_the_summary_on_pull_requests() -> None:
    from conftest import load_workflow

    steps = load_workflow(ROOT / ".github/workflows/ci.yml")["jobs"]["test"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    summary = next(s for s in steps if "pr-summary" in s.get("run", ""))
    assert "github.event_name == 'pull_request'" in summary["if"]
    assert summary["run"] == 'make pr-summary BASE="origin/$BASE_REF"'
