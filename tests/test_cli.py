"""The standalone command: same checks without MkDocs, formats, exit codes, other projects."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import BIN, ROOT, page, run

PYTHON = str(BIN / "python")


def test_clean_project_exits_zero(make_site) -> None:
    """No findings: exit 0 and a summary line."""
    site = make_site({"index.md": page("Home")})
    result = site.run(PYTHON, "-m", "kbcheck", "check", "--strict")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("0 errors, 0 warnings, 0 info in 1 page")


def test_errors_exit_one_with_located_lines(make_site) -> None:
    """Errors print path:line:col: CODE and exit 1; no traceback."""
    site = make_site({"index.md": page("Home"), "a.md": "---\ntitle: A\nreviewed: soon\n---\n"})
    result = site.run(PYTHON, "-m", "kbcheck", "check")
    assert result.returncode == 1
    assert "docs/a.md:3:1: KB104 error: 'reviewed' is 'soon', not a valid ISO date" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_warnings_fail_only_with_strict(make_site) -> None:
    """A warning alone exits 0, or 1 with --strict (as the strict build does)."""
    site = make_site({"index.md": page("Home").replace("type: general", "type: general\nsubtitel: x")})
    assert site.run(PYTHON, "-m", "kbcheck", "check").returncode == 0
    strict = site.run(PYTHON, "-m", "kbcheck", "check", "--strict")
    assert strict.returncode == 1
    assert "KB105 warning: unknown front-matter key 'subtitel'" in strict.stdout


def test_json_and_github_formats(make_site) -> None:
    """--format json is valid JSON; --format github prints workflow annotations."""
    site = make_site({"index.md": page("Home"), "a.md": "# no header\n"})
    payload = json.loads(site.run(PYTHON, "-m", "kbcheck", "check", "--format", "json").stdout)
    assert payload["counts"]["error"] == 1
    assert payload["diagnostics"][0]["path"] == "docs/a.md"
    github = site.run(PYTHON, "-m", "kbcheck", "check", "--format", "github").stdout
    assert github.splitlines()[0].startswith("::error file=docs/a.md,line=1,col=1,title=KB101::")


def test_config_option_checks_another_project_from_elsewhere(make_site, tmp_path: Path) -> None:
    """--config points at any MkDocs project; paths are reported relative to it."""
    site = make_site({"index.md": page("Home"), "sub/x.md": "# x\n"})
    result = run([PYTHON, "-m", "kbcheck", "check", "--config", str(site.config_file)], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("docs/sub/x.md:1:1: KB101")


def test_unreadable_config_is_one_line(tmp_path: Path) -> None:
    """Broken or missing mkdocs.yml: one located line, exit 2 (could not run), no traceback."""
    (tmp_path / "mkdocs.yml").write_text("site_name: [x\n", encoding="utf-8")
    broken = run([PYTHON, "-m", "kbcheck", "check"], cwd=tmp_path)
    assert broken.returncode == 2
    assert broken.stdout.startswith("mkdocs.yml:2:1: KB003 error: invalid YAML") or "KB003" in broken.stdout
    missing = run([PYTHON, "-m", "kbcheck", "check", "--config", "nope.yml"], cwd=tmp_path)
    assert missing.returncode == 2
    assert "KB003 error: cannot read configuration" in missing.stdout
    assert "Traceback" not in broken.stderr + missing.stderr


def test_rules_lists_every_code() -> None:
    """`kbcheck rules` lists codes with names and default severities."""
    result = run([PYTHON, "-m", "kbcheck", "rules"], cwd=Path.cwd())
    assert result.returncode == 0
    assert "KB103  front-matter-missing-key" in result.stdout


def test_built_marker_check(tmp_path: Path) -> None:
    """`kbcheck built` fails for a site built without our hooks, passes with the marker."""
    result = run([PYTHON, "-m", "kbcheck", "built", str(tmp_path)], cwd=tmp_path)
    assert result.returncode == 1
    assert "built without the kbcheck hooks" in result.stdout
    (tmp_path / "kb-checks.json").write_text('{"pages": 3, "counts": {}}', encoding="utf-8")
    assert run([PYTHON, "-m", "kbcheck", "built", str(tmp_path)], cwd=tmp_path).returncode == 0


def test_another_project_gets_only_the_generic_checks(tmp_path: Path) -> None:
    """No bibliography, glossary or policies there: '[@name]' is text, and only links and anchors are judged."""
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: Other\nmarkdown_extensions:\n  - admonition\n", "utf-8")
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\nSee [page](sub/page.md#intro), [gone](nope.md) and @octocat's [@octocat].\n", "utf-8"
    )
    (tmp_path / "docs" / "sub" / "page.md").write_text("# Page\n\n## Intro\n\n[Home](../index.md)\n", "utf-8")
    result = run([str(BIN / "python"), "-m", "kbcheck", "check", "--config", str(tmp_path / "mkdocs.yml")], cwd=ROOT)
    codes = re.findall(r": (KB\d{3}) ", result.stdout)
    assert codes == ["KB301"], result.stdout
