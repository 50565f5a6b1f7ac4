"""Named network and cache faults: verify-refs and linkcheck against a misbehaving server on 127.0.0.1.

A service that answers something that is not its API is "could not verify"
(KB221), the lock is never touched when nothing could be checked (exit 2); a
link check with one impossible URL reports it and checks the others; damaged
caches are read as empty. docs/ and data/ are hashed before and after.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from faultkit import TALLY, digest, fault_matrix_fixture, project_fixture, run, template_fixture  # noqa: F401

from citation_data import bibliography_json, record
from faultserver import FaultServer, fault_server

LOCK = {
    "version": 1,
    "generated_by": "kbcheck verify-refs",
    "records": {"a": {"hash": "sha256:old", "verified": "2026-01-01T00:00:00Z", "checks": []}},
}


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with fault_server() as running:
        yield running


def _verify_project(root: Path, base: str, retries: int = 0) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    block = (
        "    citations:\n      verify:\n"
        f"        crossref_url: {base}\n        ncbi_url: {base}\n        contact: editors@example.org\n"
        f"        timeout: 0.3\n        retries: {retries}\n        backoff: 0.01\n"
    )
    config.write_text(text.replace("  kb:\n", "  kb:\n" + block, 1), encoding="utf-8")
    (root / "data/bibliography.json").write_text(bibliography_json(record("a", PMID="111")), encoding="utf-8")
    (root / "data/bibliography.lock.json").write_text(json.dumps(LOCK, indent=2) + "\n", encoding="utf-8")


Cache = Callable[[Path], None]


def cache_file(text: str | bytes) -> Cache:
    def apply(root: Path) -> None:
        path = root / ".cache/kbcheck/verify.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)  # type: ignore[operator]

    return apply


def cache_is_a_file(root: Path) -> None:
    (root / ".cache").mkdir(exist_ok=True)
    (root / ".cache/kbcheck").write_text("not a folder", encoding="utf-8")


def cache_is_a_fifo(root: Path) -> None:
    (root / ".cache/kbcheck").mkdir(parents=True, exist_ok=True)
    os.mkfifo(root / ".cache/kbcheck/verify.json")


@dataclass(frozen=True)
class VerifyCase:
    name: str
    fault: str
    cache: Cache | None = None


VERIFY_CASES = [
    VerifyCase("service answers HTML", "html"),
    VerifyCase("service answers garbage bytes", "garbage"),
    VerifyCase("service answers JSON of the wrong shape", "shape"),
    VerifyCase("service answers an empty body", "empty"),
    VerifyCase("service answers 503", "status-503"),
    VerifyCase("service answers 500", "status-500"),
    VerifyCase("service answers 429 with Retry-After", "retry-1"),
    VerifyCase("service closes the connection", "close"),
    VerifyCase("service never answers", "silent"),
    VerifyCase("service answers one byte a second", "drip"),
    VerifyCase("service answers a huge body", "huge"),
    VerifyCase("TLS handshake fails", "tls"),
    VerifyCase("damaged cache: truncated JSON", "html", cache_file('{"x": ')),
    VerifyCase("damaged cache: deep JSON", "html", cache_file("[" * 100_000)),
    VerifyCase("damaged cache: not UTF-8", "html", cache_file(b"\xff\xfe\x00")),
    VerifyCase("damaged cache: wrong entry shapes", "html", cache_file('{"u": 1, "v": {"status": "x"}}')),
    VerifyCase(
        "damaged cache: a planted 200 for the DOI",
        "html",
        cache_file(json.dumps({"__any__": {"status": 200, "time": 9e99, "data": "<html>"}})),
    ),
    VerifyCase("cache folder is a file", "html", cache_is_a_file),
    VerifyCase("cache file is a FIFO", "html", cache_is_a_fifo),
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", VERIFY_CASES, ids=[case.name for case in VERIFY_CASES])
def test_verify_refs_fault(case: VerifyCase, project: Path, server: FaultServer) -> None:
    base = f"{server.base}/{case.fault}"
    if case.fault == "tls":  # https to a server that speaks plain HTTP: the handshake fails
        base = server.base.replace("http://", "https://") + "/html"
    _verify_project(project, base, retries=1 if case.fault.startswith("retry") else 0)
    if case.cache is not None:
        case.cache(project)
    before = digest(project)
    TALLY.cases += 1
    outcome = run(project, "verify-refs", "--format", "json")
    TALLY.tracebacks += outcome.crash is not None
    changed = digest(project) != before
    TALLY.changed += changed
    assert outcome.crash is None, outcome.crash
    assert outcome.status == 2, outcome.out + outcome.err  # nothing could be checked
    assert not changed  # the lock (in data/) stays as it was
    assert outcome.codes() == ["KB221"], outcome.out
    assert all(path == "data/bibliography.json" for path, _, _ in outcome.places("KB221"))
    assert all(("no answer" in d["message"]) or ("bad answer" in d["message"]) for d in outcome.diagnostics)
    TALLY.located += 1


def _link_project(root: Path, links: str, cache: str | None = None) -> None:
    index = root / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n" + links + "\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    block = "    links:\n      timeout: 1\n      retries: 1\n      retry_after_max: 1\n      wayback: false\n"
    config.write_text(config.read_text(encoding="utf-8").replace("  kb:\n", "  kb:\n" + block, 1), encoding="utf-8")
    if cache is not None:
        (root / ".cache/kbcheck").mkdir(parents=True, exist_ok=True)
        (root / ".cache/kbcheck/links.json").write_text(cache, encoding="utf-8")


@dataclass(frozen=True)
class LinkCase:
    name: str
    links: str  # '{base}' is the fault server
    code: str
    cache: str | None = None


LINK_CASES = [
    LinkCase("impossible port", "[x](http://127.0.0.1:99999/)", "KB320"),
    LinkCase("impossible IPv6 port", "[x](http://[::1]:70000/)", "KB320"),
    LinkCase("port zero", "[x](http://127.0.0.1:0/)", "KB320"),
    LinkCase("server answers 429 for good", "[x]({base}/retry-1/a)", "KB322"),
    LinkCase("server never answers", "[x]({base}/silent/a)", "KB323"),
    LinkCase("server closes the connection", "[x]({base}/close/a)", "KB320"),
    LinkCase("server answers 503", "[x]({base}/status-503/a)", "KB320"),
    LinkCase("TLS handshake fails", "[x]({tls}/html/a)", "KB320"),
    LinkCase("damaged link cache", "[x](http://127.0.0.1:99999/)", "KB320", cache="{broken"),
    LinkCase("deep link cache", "[x](http://127.0.0.1:99999/)", "KB320", cache="[" * 50_000),
    LinkCase(
        "link cache of the wrong shape",
        "[x](http://127.0.0.1:99999/)",
        "KB320",
        cache='{"version": 1, "urls": {"http://127.0.0.1:99999/": {"status": "ok", "expires": "never"}}}',
    ),
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", LINK_CASES, ids=[case.name for case in LINK_CASES])
def test_linkcheck_fault(case: LinkCase, project: Path, server: FaultServer) -> None:
    """The faulty link is one finding at its place; a working link next to it is checked and cached."""
    good = f"{server.base}/html/ok"
    tls = server.base.replace("http://", "https://")
    _link_project(project, case.links.format(base=server.base, tls=tls) + f" [ok]({good})", case.cache)
    before = digest(project)
    TALLY.cases += 1
    outcome = run(project, "linkcheck", "--format", "json")
    TALLY.tracebacks += outcome.crash is not None
    changed = digest(project) != before
    TALLY.changed += changed
    assert outcome.crash is None, outcome.crash
    assert outcome.status in {0, 1}
    assert not changed
    assert outcome.codes() == [case.code], outcome.out
    (place,) = outcome.places(case.code)
    assert place[0] == "docs/index.md" and place[1] == 17
    saved = json.loads((project / ".cache/kbcheck/links.json").read_text(encoding="utf-8"))
    assert good in saved["urls"]
    TALLY.located += 1
