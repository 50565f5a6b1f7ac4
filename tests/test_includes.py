"""Snippet includes: missing files are located; the crisis box is required on content pages."""

from __future__ import annotations

from conftest import BIN, page


def test_page_without_crisis_box_is_an_error(make_site) -> None:
    """Clinical and general pages must include urgent-help.md (KB107)."""
    without = page("No box").replace('--8<-- "urgent-help.md"\n', "")
    site = make_site({"index.md": page("Home"), "a.md": without})
    result = site.run(str(BIN / "python"), "-m", "kbcheck", "check")
    assert result.returncode == 1
    assert "docs/a.md:10:1: KB107 error: page does not include 'urgent-help.md'" in result.stdout


def test_reference_pages_need_no_crisis_box(make_site) -> None:
    """Pages of type reference (glossary, bibliography) are exempt."""
    reference = page("Glossary").replace("type: general", "type: reference").replace('--8<-- "urgent-help.md"\n', "")
    site = make_site({"index.md": page("Home"), "glossary.md": reference})
    assert site.run(str(BIN / "python"), "-m", "kbcheck", "check").returncode == 0


def test_include_inside_code_is_still_an_include(make_site) -> None:
    """pymdownx.snippets reads includes before code blocks exist, so one inside a fence is included
    too, and a missing one is reported (to show one, escape it: ;--8<-- "file")."""
    body = '```markdown\n--8<-- "missing.md"\n```\n'
    site = make_site({"index.md": page("Home", body)})
    result = site.run(str(BIN / "python"), "-m", "kbcheck", "check")
    assert "docs/index.md:14:9: KB106 error: included file 'missing.md' does not exist" in result.stdout


def test_line_range_suffix_resolves_to_the_file(make_site) -> None:
    """`file.md:2:4` and `file.md:section` refer to file.md."""
    site = make_site({"index.md": page("Home", '--8<-- "urgent-help.md:1:3"\n')})
    assert "KB106" not in site.run(str(BIN / "python"), "-m", "kbcheck", "check").stdout
