"""Project files are listed without leaving the project, and odd files are one diagnostic each."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import page
from kbcheck.checks import run_checks
from kbcheck.project import load_project, load_project_config
from kbcheck.safe_files import confined, list_files
from kbcheck.settings import load_settings
from kbcheck.yamlloc import load_located


def _project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    (tmp_path / "docs/index.md").write_text(page("Home"), encoding="utf-8")
    return tmp_path


def _codes(root: Path) -> list[tuple[str, str, int, int]]:
    config, problems = load_project_config(root / "mkdocs.yml")
    project = load_project(config, problems)
    return [(d.code, d.path, d.line, d.column) for d in project.diagnostics]


def test_symlink_leaving_the_project_is_reported_not_read(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    secret = tmp_path / "secret.md"
    secret.write_text("SECRET", encoding="utf-8")
    (root / "docs/leak.md").symlink_to(secret)
    (root / "docs/dir").symlink_to(tmp_path)
    assert _codes(root) == [("KB007", "docs/dir", 1, 1), ("KB007", "docs/leak.md", 1, 1)]
    config, _ = load_project_config(root / "mkdocs.yml")
    assert "leak.md" not in load_project(config).pages


def test_links_inside_the_project_are_followed_once(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "docs/again.md").symlink_to(root / "docs/index.md")
    (root / "docs/loop").symlink_to(root / "docs")  # a folder link back to a parent
    listing = list_files(root / "docs", root, "docs")
    assert [p.name for p in listing.files] == ["again.md", "index.md"] and listing.problems == []


def test_dangling_link_loop_and_fifo_are_one_diagnostic_each(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "docs/gone.md").symlink_to(root / "nowhere.md")
    (root / "docs/a.md").symlink_to(root / "docs/b.md")
    (root / "docs/b.md").symlink_to(root / "docs/a.md")
    os.mkfifo(root / "docs/x.md")
    assert _codes(root) == [
        ("KB008", "docs/a.md", 1, 1),
        ("KB008", "docs/b.md", 1, 1),
        ("KB008", "docs/gone.md", 1, 1),
        ("KB008", "docs/x.md", 1, 1),
    ]


def test_snippet_and_data_folders_are_scanned_too(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    (root / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [includes]\n", encoding="utf-8"
    )
    (root / "includes").mkdir()
    (root / "data").mkdir()
    (root / "includes/passwd.md").symlink_to("/etc/passwd")
    os.mkfifo(root / "data/glossary.yml")
    assert _codes(root) == [("KB008", "data/glossary.yml", 1, 1), ("KB007", "includes/passwd.md", 1, 1)]


def test_non_utf8_page_is_located_at_the_bad_byte(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "docs/latin.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    assert _codes(root) == [("KB005", "docs/latin.md", 2, 11)]


def test_confined(tmp_path: Path) -> None:
    (tmp_path / "out").symlink_to("/tmp")
    assert confined(tmp_path / "a/b/new.json", tmp_path)
    assert not confined(tmp_path / "../x", tmp_path)
    assert not confined(tmp_path / "out/x.json", tmp_path)
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert not confined(tmp_path / "loop/x", tmp_path)


def test_cache_paths_from_settings_are_confined(tmp_path: Path) -> None:
    source = load_located("extra:\n  kb:\n    links:\n      cache: ../../x.json\n")
    settings, problems = load_settings(source.data["extra"]["kb"], source, "mkdocs.yml", tmp_path)
    assert [(d.code, d.line, d.column) for d in problems] == [("KB002", 4, 7)]
    assert settings.section("links")["cache"] == ".cache/kbcheck/links.json"


def test_a_clean_project_has_no_file_findings(tmp_path: Path) -> None:
    root = _project(tmp_path)
    config, _ = load_project_config(root / "mkdocs.yml")
    assert not [d for d in run_checks(load_project(config)) if d.code in {"KB007", "KB008"}]
