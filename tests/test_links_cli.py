"""`python -m kbcheck linkcheck` end to end: sources -> one request per URL -> every report format."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import run
from linkserver import LinkServer


@pytest.fixture
def server() -> Iterator[LinkServer]:
    with LinkServer() as running:
        yield running


def write_project(root: Path, server: LinkServer, pages: dict[str, str]) -> None:
    links = {
        "timeout": 2,
        "retries": 1,
        "host_interval": 0,
        "wayback": False,
        "doi_api": server.url("handles/"),
        "cache": ".cache/links.json",
        "data_files": ["data/bibliography.json"],
    }
    config = {"site_name": "t", "nav": ["index.md"], "extra": {"kb": {"links": links}}}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for relative, text in pages.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def linkcheck(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "kbcheck", "linkcheck", "--config", "mkdocs.yml", *args], cwd=root)


@pytest.fixture
def site(tmp_path: Path, server: LinkServer) -> Path:
    ok, gone, moved = server.url("ok/page"), server.url("status/404/gone"), server.url("moved/301/ok/new")
    bibliography = [{"id": "a", "URL": server.url("ok/paper"), "DOI": "10.1000/xyz"}]
    write_project(
        tmp_path,
        server,
        {
            "docs/index.md": f"---\nsource: {ok}\n---\n# Home\n\n[a]({ok}) [b]({gone}#section)\n\n[c]({moved})\n",
            "docs/other.md": f"# Other\n\nSee <{ok}> and [again]({gone}).\n",
            "data/bibliography.json": json.dumps(bibliography, indent=2),
        },
    )
    return tmp_path


def test_json_report_lists_each_url_once_with_every_place(site: Path, server: LinkServer) -> None:
    """One request per unique URL; every place it is written is listed; broken means exit 1."""
    result = linkcheck(site, "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    by_url = {r["url"]: r for r in report["results"]}
    assert by_url[server.url("ok/page")]["status"] == "ok"
    assert len(by_url[server.url("ok/page")]["occurrences"]) == 3  # front matter, link, autolink
    gone = by_url[server.url("status/404/gone")]
    assert (gone["status"], gone["code"], len(gone["occurrences"])) == ("broken", 404, 2)
    assert by_url[server.url("moved/301/ok/new")]["suggestion"] == server.url("ok/new")
    assert by_url["https://doi.org/10.1000/xyz"]["status"] == "ok"
    assert by_url[server.url("ok/paper")]["status"] == "ok"
    assert server.requests_for("ok/page") == 1
    assert server.requests_for("status/404/gone") == 1
    assert server.requests_for("handles/10.1000/xyz") == 1
    # Errors first, then warnings (each in file order).
    assert [d["code"] for d in report["diagnostics"]] == ["KB320", "KB320", "KB321"]


def test_github_annotations_and_markdown_summary(site: Path, server: LinkServer) -> None:
    """Annotations carry file and line; the job summary is a Markdown table."""
    summary = site / "summary.md"
    result = linkcheck(site, "--format", "github", "--summary", str(summary))
    lines = result.stdout.splitlines()
    assert any(line.startswith("::error file=docs/index.md,line=6,col=") and "KB320" in line for line in lines)
    assert any(line.startswith("::warning file=docs/index.md,line=8,col=5,title=KB321") for line in lines)
    text = summary.read_text(encoding="utf-8")
    assert "### Broken (1)" in text
    assert "`docs/index.md:6`<br>`docs/other.md:3`" in text


def test_second_run_uses_the_cache(site: Path, server: LinkServer) -> None:
    """Successes are cached between runs; the broken link is asked again."""
    linkcheck(site)
    before = server.requests_for("ok/page")
    result = linkcheck(site)
    assert server.requests_for("ok/page") == before == 1
    assert server.requests_for("status/404/gone") == 2
    assert "from cache" in result.stdout.splitlines()[-1]


def test_since_checks_only_links_a_change_adds(site: Path, server: LinkServer) -> None:
    """--since REF: only URLs on lines added since REF are requested and reported."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=site, check=True)
    subprocess.run([*git, "add", "."], cwd=site, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], cwd=site, check=True)
    page = site / "docs/other.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nNew: [n]({server.url('status/410/new')})\n", "utf-8")
    result = linkcheck(site, "--since", "main", "--format", "json", "--no-cache")
    report = json.loads(result.stdout)
    assert [r["url"] for r in report["results"]] == [server.url("status/410/new")]
    assert report["diagnostics"][0]["line"] == 5
    assert server.total_requests == 1
    bad = linkcheck(site, "--since", "no-such-ref")
    assert bad.returncode == 2
    assert "cannot compare" in bad.stderr


def test_unreadable_config_is_a_clear_error(tmp_path: Path) -> None:
    """A broken mkdocs.yml: located message, exit 2, no traceback."""
    (tmp_path / "mkdocs.yml").write_text("site_name: [oops\n", encoding="utf-8")
    result = linkcheck(tmp_path)
    assert result.returncode == 2
    assert "KB003" in result.stdout
    assert "Traceback" not in result.stderr
