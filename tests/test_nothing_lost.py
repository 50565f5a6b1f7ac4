"""verify-refs never loses what it knew: bad answers keep the lock, writes are atomic, caches are re-validated."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest

from citation_data import bibliography_json, record
from conftest import page
from faultserver import fault_server
from kbcheck import atomic, cli
from kbcheck.citations.entry_cache import EntryCache
from kbcheck.citations.services import Answer, Cache

LOCK = {
    "version": 1,
    "generated_by": "kbcheck verify-refs",
    "records": {
        "a": {"hash": "sha256:old-a", "verified": "2026-01-01T00:00:00Z", "checks": []},
        "b": {"hash": "sha256:old-b", "verified": "2026-01-01T00:00:00Z", "checks": []},
    },
}


def _site(make_site, base: str, retries: int = 0):
    extra = {
        "citations": {
            "verify": {
                "crossref_url": base,
                "ncbi_url": base,
                "contact": "editors@example.org",
                "timeout": 0.3,
                "retries": retries,
                "backoff": 0.01,
                "cache": ".cache/verify.json",
            }
        }
    }
    site = make_site({"index.md": page("Home", "Claim [@a]. Other [@b].\n")}, extra_kb=extra)
    site.write("data/bibliography.json", bibliography_json(record("a", PMID="111"), record("b")))
    site.write("data/bibliography.lock.json", json.dumps(LOCK, indent=2) + "\n")
    return site


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize(
    "fault", ["html", "garbage", "shape", "empty", "status-503", "retry-1", "close", "silent", "drip", "huge"]
)
def test_a_service_that_is_not_its_api_changes_nothing(make_site, fault: str, monkeypatch, capsys) -> None:
    """HTML, garbage, the wrong shape, 5xx, 429, no answer: 'could not verify', lock untouched, exit 2."""
    with fault_server() as server:
        site = _site(make_site, f"{server.base}/{fault}", retries=1 if fault.startswith("retry") else 0)
        before = _digest(site.root / "data")
        monkeypatch.chdir(site.root)
        status = cli.main(["verify-refs"])
        out = capsys.readouterr()
    assert status == 2, out.out + out.err
    assert _digest(site.root / "data") == before
    lines = [line for line in out.out.splitlines() if "KB221" in line]
    assert lines and all(("no answer" in line) or ("bad answer" in line) for line in lines), out.out
    assert "KB220" not in out.out  # never "does not exist" because of a bad answer
    assert "no record could be checked" in out.err


def test_cache_and_lock_writes_are_atomic_under_concurrency(tmp_path: Path) -> None:
    """Eight writers at once: every read sees one whole document, no temporary file is left."""
    target = tmp_path / "cache" / "x.json"
    bad: list[str] = []

    def writer(number: int) -> None:
        for _ in range(20):
            assert atomic.write_text(target, json.dumps({"writer": number, "pad": "x" * 50_000})) is None
            text = target.read_text(encoding="utf-8")
            try:
                json.loads(text)
            except ValueError:
                bad.append(text[:40])

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert bad == []
    assert [p.name for p in target.parent.iterdir()] == ["x.json"]


def test_a_cache_folder_that_is_a_file_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("not a folder", encoding="utf-8")
    assert "cannot write" in (atomic.write_text(tmp_path / ".cache" / "kbcheck" / "x.json", "{}") or "")
    assert Cache(tmp_path / ".cache" / "kbcheck" / "x.json", 60).save() is not None


@pytest.mark.parametrize(
    "text",
    ["", "{", "[]", '{"u": 1}', '{"u": {"status": "200"}}', '{"u": {"status": 200, "time": "now"}}', "[" * 10_000],
)
def test_damaged_service_cache_is_empty(tmp_path: Path, text: str) -> None:
    path = tmp_path / "verify.json"
    path.write_text(text, encoding="utf-8")
    assert Cache(path, 60).get("u") is None


def test_bad_answers_are_never_cached(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "verify.json", 60)
    cache.put(Answer(200, None, "u1", "bad answer: HTTP 200 with text/html, not JSON"))
    cache.put(Answer(503, None, "u2", "bad answer: HTTP 503"))
    cache.put(Answer(200, {"message": {}}, "u3"))
    assert list(cache.entries) == ["u3"]


@pytest.mark.parametrize(
    "planted",
    [
        '<img src=x onerror="alert(1)">',
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<span style="background:url(//evil)">x</span>',
        "<i onclick=x>t</i>",
    ],
)
def test_a_planted_cached_reference_is_rendered_again(tmp_path: Path, planted: str) -> None:
    """A cache entry with the right key but markup citeproc never writes is not used."""
    cache = EntryCache(tmp_path / "references.json")
    cache.save("k", {"a": "Alpha A. <i>J Tests</i>. 2020.", "b": planted})
    assert cache.load("k") is None
    cache.save("k", {"a": 'Alpha A. <i>J Tests</i>. <span style="font-variant:small-caps;">x</span> 2020;1&amp;2.'})
    assert cache.load("k") is not None
