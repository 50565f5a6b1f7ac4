"""The benchmark's same-html build holds exactly the page HTML of the full build.

Its ratios split what the published pages cost the engine from what our code costs;
that split is only true if the two builds hold the same pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import build as bench  # noqa: E402  (bench/ is a folder of scripts, not a package)

pytestmark = pytest.mark.slow


def test_same_html_build_holds_the_full_build_pages(tmp_path: Path) -> None:
    full, same = tmp_path / "full", tmp_path / "same-html"
    bench.make_site(full, 1, full=True)
    bench.make_site(same, 1, full=False, same_html_from=full)
    served = tmp_path / "served"
    bench.capture_html(same, served)

    expected = {
        p.relative_to(same / "full-html"): p.read_text(encoding="utf-8") for p in (same / "full-html").rglob("*.html")
    }
    got = {p.relative_to(served): p.read_text(encoding="utf-8") for p in served.rglob("*.html")}
    pages = {p.relative_to(full / "docs").with_suffix(".md.html") for p in (full / "docs").rglob("*.md")}
    assert set(expected) == pages
    assert set(got) == pages
    different = sorted(str(path) for path in pages if got[path] != expected[path])
    assert not different, f"the same-html build serves other HTML on {different}"
    # The full build's pages are the rich ones: citations and glossary links are in them.
    gad = expected[Path("anxiety/gad.md.html")]
    assert 'class="kb-cite__link"' in gad and 'class="kb-glossary-link"' in gad
