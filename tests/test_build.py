"""Real MkDocs builds in temp folders with the real hooks and configuration."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from conftest import BIN, page


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            digest.update(file.relative_to(folder).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def test_clean_site_builds_strict_and_leaves_marker(make_site) -> None:
    """A valid site builds under --strict and the hooks leave their marker."""
    site = make_site({"index.md": page("Home")})
    result = site.build()
    assert result.aborted is None, result.messages()
    marker = json.loads((site.site_dir / "kb-checks.json").read_text())
    assert marker["checks"] == "kbcheck"
    assert marker["pages"] == 1


def test_front_matter_problem_fails_strict_build_with_location(make_site) -> None:
    """Our diagnostic is logged under mkdocs.* with path:line:col and aborts --strict."""
    site = make_site({"index.md": page("Home"), "bad.md": "---\ntitle: Bad\n---\n# Bad\n"})
    result = site.build()
    assert result.aborted is not None
    assert "strict mode" in result.aborted
    ours = result.ours()
    assert any(
        m.startswith("docs/bad.md:2:1: KB103 error: front matter lacks required key 'description'")
        or "bad.md:2:1: KB103" in m
        for m in ours
    ), ours


def test_building_twice_in_one_process_gives_identical_diagnostics(make_site) -> None:
    """Hook state is rebuilt in on_config: a second build does not accumulate findings."""
    site = make_site({"index.md": page("Home"), "bad.md": "# No front matter\n"})
    first = site.build(strict=False).ours()
    second = site.build(strict=False).ours()
    assert first == second
    assert len([m for m in first if "KB101" in m]) == 1


def test_build_never_modifies_docs(make_site) -> None:
    """Building hashes docs/ identically before and after."""
    site = make_site({"index.md": page("Home", "Text with a citation-like [@x] and `code`.\n")})
    before = tree_hash(site.docs)
    site.build(strict=False)
    assert tree_hash(site.docs) == before


def test_invalid_yaml_front_matter_is_reported_not_rendered_silently(make_site) -> None:
    """MkDocs would show broken front matter as page text; we fail with its line."""
    site = make_site({"index.md": page("Home"), "broken.md": "---\ntitle: [oops\n---\n# Broken\n"})
    result = site.build()
    assert result.aborted is not None
    assert any("broken.md:" in m and "KB102" in m for m in result.ours())


def test_empty_docs_fails(make_site) -> None:
    """An empty docs/ folder is an error, in the build and the CLI."""
    site = make_site({})
    result = site.build()
    assert result.aborted is not None
    assert any("KB004" in m for m in result.ours())
    cli = site.run(str(BIN / "python"), "-m", "kbcheck", "check")
    assert cli.returncode == 1
    assert "KB004 error: no Markdown pages found" in cli.stdout


def test_unknown_settings_key_fails_with_config_line(make_site) -> None:
    """A misspelt extra.kb key names mkdocs.yml and its line, with a suggestion."""
    site = make_site({"index.md": page("Home")}, extra_kb={"front_mater": {}})
    result = site.build()
    assert result.aborted is not None
    (message,) = [m for m in result.ours() if "KB001" in m]
    assert message.startswith("mkdocs.yml:")
    assert "unknown key 'extra.kb.front_mater'" in message
    assert "did you mean 'front_matter'?" in message
