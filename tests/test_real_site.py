"""The real site: a strict build of docs/ passes, leaves the marker, and changes nothing in docs/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, run
from test_build import tree_hash

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str, object]:
    site_dir = tmp_path_factory.mktemp("real-site")
    before = tree_hash(ROOT / "docs")
    result = run(["make", "--no-print-directory", "build", f"SITE={site_dir}"], cwd=ROOT)
    return site_dir, before, tree_hash(ROOT / "docs"), result


def test_strict_build_of_the_real_site_passes(built_site) -> None:
    """`make build` (strict, hooks verified) succeeds on the real content."""
    site_dir, _, _, result = built_site
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    marker = json.loads((site_dir / "kb-checks.json").read_text())
    assert marker["counts"]["error"] == 0
    assert marker["counts"]["warning"] == 0


def test_build_does_not_modify_docs(built_site) -> None:
    """Building never writes under docs/."""
    _, before, after, _ = built_site
    assert before == after


def test_every_page_is_built(built_site) -> None:
    """Each Markdown page becomes an HTML page."""
    site_dir, *_ = built_site
    for source in (ROOT / "docs").rglob("*.md"):
        relative = source.relative_to(ROOT / "docs").with_suffix("")
        target = site_dir / (
            "index.html"
            if relative.name == "index" and relative.parent == Path()
            else (relative.parent / "index.html" if relative.name == "index" else relative / "index.html")
        )
        assert target.is_file(), target


def test_standalone_check_of_the_real_site_is_clean() -> None:
    """`make check` (strict) reports nothing on the real content."""
    result = run(["make", "--no-print-directory", "check"], cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:]


def test_no_placeholder_or_raw_citation_reaches_a_page(built_site) -> None:
    """Every [@key] became a superscript and every reference list was filled in."""
    site_dir, *_ = built_site
    for html_file in site_dir.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert "KBCHECK-REFERENCES-LIST" not in text, html_file
        assert "kbcheckcite" not in text, html_file
        prose = re.sub(r"<(pre|code)\b.*?</\1>", "", text, flags=re.S)  # syntax shown as code is fine
        assert "[@" not in prose, html_file


def test_reference_lists_are_on_pages_but_only_the_bibliography_is_searchable(built_site) -> None:
    """Each citing page shows its superscripts and list; search finds a source on the Bibliography page only."""
    site_dir, *_ = built_site
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    html = (site_dir / "anxiety" / "gad" / "index.html").read_text(encoding="utf-8")
    assert "kbcheck:references" not in html
    heading = html.index('id="references"')
    assert html.index('<ol class="kb-references" data-search-exclude="">') > heading
    assert html.index('<ol class="kb-references" data-search-exclude="">') < html.index("kb-page-foot")
    first_entry = re.search(r'<span class="kb-ref__text">(.*?)</span>', html[heading:]).group(1)
    title = re.sub(r"<[^>]+>", "", first_entry).split(". ")[1]  # "Org. Title. Publisher; year."
    found_on = {doc["location"].split("#")[0] for doc in index["docs"] if title in doc["text"]}
    assert found_on == {"bibliography/"}, (title, found_on)
    assert not [doc for doc in index["docs"] if doc["location"].endswith("#references")]
    # Nor do citation numbers clutter the indexed text (they would show in result snippets as "1–3").
    assert html.count('<sup class="kb-cite" data-search-exclude="">') > 10
    assert not [doc["location"] for doc in index["docs"] if "<sup>" in doc["text"] or "kbcheckcite" in doc["text"]]
