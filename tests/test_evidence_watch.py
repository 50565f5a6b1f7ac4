"""Evidence watch against a stub PubMed on 127.0.0.1: new items per page, polite, cached, resumable."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from citation_data import bibliography_json, record
from conftest import BIN, ROOT, page
from stub_services import esummary_item, stub  # noqa: F401 - the fixture

REVIEWED = "2026-01-15"
WATCH = """\
pages:
  gad.md:
    query: 'ketamine[tiab] AND "generalized anxiety"[tiab]'
  ocd.md:
    query: 'ketamine[tiab] AND OCD[tiab]'
"""


def clinical(title: str) -> str:
    text = page(title, "A claim.\n").replace("type: general", "type: clinical")
    return text.replace(text.split("reviewed: ")[1].split("\n")[0], REVIEWED)


@pytest.fixture
def watched(make_site, stub):  # noqa: F811
    extra = {"citations": {"verify": {"contact": "editors@example.org", "backoff": 0.01, "retries": 0}}}
    site = make_site(
        {"index.md": page("Home"), "gad.md": clinical("Worry"), "ocd.md": clinical("Checking")}, extra_kb=extra
    )
    site.write("data/evidence-watch.yml", WATCH)
    site.write(
        "data/bibliography.json",
        bibliography_json(record("old2020", PMID="99000010"), record("doi2021", DOI="10.5555/kb-test.11")),
    )
    stub.searches['"generalized anxiety"'] = ["99000010", "99000011", "99000012"]
    stub.searches["OCD[tiab]"] = []
    stub.summaries["99000011"] = esummary_item(
        "99000011",
        title="Already cited under its DOI.",
        source="J Fict",
        pubdate="2026 Feb",
        pubtype=["Journal Article", "Meta-Analysis"],
        articleids=[{"idtype": "doi", "value": "10.5555/KB-TEST.11"}],
    )
    stub.summaries["99000012"] = esummary_item(
        "99000012",
        title="A fictional randomised trial of ketamine for *worry*.",
        source="J Fict Test Med",
        pubdate="2026 Mar 2",
        pubtype=["Journal Article", "Randomized Controlled Trial"],
        articleids=[{"idtype": "doi", "value": "10.5555/kb-test.12"}],
    )
    return site


def watch(site, stub, *args: str, env: dict[str, str] | None = None):  # noqa: F811
    full_env = {name: value for name, value in os.environ.items() if name != "NCBI_API_KEY"}
    full_env.update({**stub.env(), "PYTHONPATH": str(ROOT / "hooks"), **(env or {})})
    command = [str(BIN / "python"), "-m", "kbcheck", "evidence-watch", "--output", "report.md", *args]
    return subprocess.run(command, cwd=site.root, env=full_env, capture_output=True, text=True, check=False)


def test_report_lists_new_items_per_page_with_the_query(watched, stub) -> None:  # noqa: F811
    result = watch(watched, stub, "--issues", "issues")
    assert result.returncode == 0, result.stdout + result.stderr
    report = (watched.root / "report.md").read_text(encoding="utf-8")
    assert "Run on " in report
    assert "1 new item for 1 of 2 pages" in report
    assert "## Worry (`docs/gad.md`)" in report
    assert f'Reviewed {REVIEWED}. Query: `ketamine[tiab] AND "generalized anxiety"[tiab]`' in report
    assert "PubMed found 3; 1 not yet in the bibliography:" in report
    assert "[PMID 99000012](https://pubmed.ncbi.nlm.nih.gov/99000012/), DOI `10.5555/kb-test.12`" in report
    assert r"ketamine for \*worry\*" in report  # titles cannot inject Markdown
    assert "99000010" not in report and "99000011" not in report  # in the bibliography by PMID / by DOI
    assert "## Checking (`docs/ocd.md`)" in report
    assert "PubMed found nothing." in report
    index = (watched.root / "issues/index.tsv").read_text(encoding="utf-8").splitlines()
    assert index == ["Evidence watch: docs/gad.md\tgad-md.md"]
    assert "99000012" in (watched.root / "issues/gad-md.md").read_text(encoding="utf-8")


def test_query_filters_and_polite_parameters(watched, stub) -> None:  # noqa: F811
    """Publication types and dates in the query; tool, e-mail and the API key (never cached or shown)."""
    result = watch(watched, stub, env={"NCBI_API_KEY": "secret-key"})
    assert result.returncode == 0, result.stderr
    searches = [(q, h) for path, q, h, _ in stub.requests if path == "/ncbi/esearch.fcgi"]
    query, headers = searches[0]
    term = query["term"][0]
    assert term.startswith('(ketamine[tiab] AND "generalized anxiety"[tiab]) AND (')
    for publication_type in ("randomized controlled trial", "systematic review", "meta-analysis", "guideline"):
        assert f'"{publication_type}"[pt]' in term
    assert (query["datetype"], query["mindate"], query["maxdate"]) == (["pdat"], ["2026/01/15"], ["3000"])
    assert (query["tool"], query["email"], query["api_key"]) == (["kbcheck"], ["editors@example.org"], ["secret-key"])
    assert "mailto:editors@example.org" in headers["User-Agent"]
    cache = (watched.root / ".cache/kbcheck/evidence-watch.json").read_text(encoding="utf-8")
    assert "secret-key" not in cache
    assert "secret-key" not in (watched.root / "report.md").read_text(encoding="utf-8")


def test_interrupted_run_resumes_from_the_cache(watched, stub) -> None:  # noqa: F811
    """PubMed fails on the second page: exit 2; the next run asks only for what it still lacks."""
    stub.fail_terms.add("OCD[tiab]")
    first = watch(watched, stub)
    assert first.returncode == 2
    assert "1 of 2 pages done" in first.stderr
    assert "answers so far are cached" in first.stderr
    stub.fail_terms.clear()
    stub.requests.clear()
    second = watch(watched, stub)
    assert second.returncode == 0, second.stderr
    terms = [q["term"][0] for path, q, *_ in stub.requests if path == "/ncbi/esearch.fcgi"]
    assert len(terms) == 1 and "OCD" in terms[0]
    assert not any(path == "/ncbi/esummary.fcgi" for path, *_ in stub.requests)


def test_watch_file_problems(watched, stub) -> None:  # noqa: F811
    """A page that does not exist, or a clinical page without a query: reported, exit 1, report still written."""
    watched.write("data/evidence-watch.yml", WATCH.replace("ocd.md:", "ocdd.md:"))
    result = watch(watched, stub)
    assert result.returncode == 1
    assert "data/evidence-watch.yml:4:3: KB503 error: 'ocdd.md' is not a page in docs/" in result.stdout
    assert "KB504 warning: the clinical page 'ocd.md' has no query" in result.stdout
    assert (watched.root / "report.md").is_file()
    watched.write("data/evidence-watch.yml", "pages: [\n")
    broken = watch(watched, stub)
    assert broken.returncode == 2
    assert "data/evidence-watch.yml:" in broken.stdout


def test_real_watch_file_covers_every_clinical_page() -> None:
    """The site's own watch file names real pages, and every clinical page has a query."""
    from kbcheck.project import open_project
    from kbcheck.watch.model import load_watch_list

    project, _ = open_project(ROOT / "mkdocs.yml")
    assert project is not None
    watch_list = load_watch_list(project, ROOT / "data/evidence-watch.yml", ["clinical"])
    assert [p.format() for p in watch_list.problems] == []
    assert len(watch_list.watches) >= 20


FAKE_GH = """#!/bin/sh
echo "$*" >> "$GH_LOG"
case "$*" in
  "issue list"*) cat "$GH_EXISTING" ;;
esac
"""


def test_workflow_opens_or_updates_one_issue_per_page(tmp_path: Path) -> None:
    """The workflow's issue step, run for real with a stand-in gh: edit the open issue, create the other."""
    from conftest import load_workflow

    workflow = load_workflow(ROOT / ".github/workflows/evidence-watch.yml")
    job = workflow["jobs"]["watch"]
    script = next(s for s in job["steps"] if s.get("name") == "Open or update one issue per page")["run"]
    issues = tmp_path / "evidence-watch-issues"
    issues.mkdir()
    (issues / "a-md.md").write_text("body a\n", encoding="utf-8")
    (issues / "b-md.md").write_text("body b\n", encoding="utf-8")
    (issues / "index.tsv").write_text(
        "Evidence watch: docs/a.md\ta-md.md\nEvidence watch: docs/b.md\tb-md.md\n", encoding="utf-8"
    )
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    # gh's --jq output for the "issue list" call: the open issue for docs/a.md is number 7.
    (tmp_path / "existing").write_text("7\tEvidence watch: docs/a.md\n", encoding="utf-8")
    env = {
        **os.environ,
        **job.get("env", {}),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(tmp_path / "gh.log"),
        "GH_EXISTING": str(tmp_path / "existing"),
        "RUN_URL": "https://example.org/run/1",
    }
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    calls = (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()
    assert [call.split()[:3] for call in calls] == [
        ["issue", "list", "--state"],
        ["issue", "edit", "7"],
        ["issue", "create", "--title"],
    ]
    assert "Evidence watch: docs/b.md" in calls[2]
    assert workflow["permissions"] == {"contents": "read"}
    assert job["permissions"] == {"contents": "read", "issues": "write"}
