"""One impossible URL is one finding; the others are still checked and the cache is saved."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
from pathlib import Path

import pytest

from faultserver import fault_server
from kbcheck.external.cache import LinkCache
from kbcheck.external.client import ExternalChecker
from kbcheck.external.model import Occurrence, Status
from kbcheck.external.report import diagnostics
from kbcheck.external.runner import run_checks_sync
from kbcheck.external.urls import url_problem
from kbcheck.links.settings import LinkSettings
from linkserver import LinkServer

FAST = LinkSettings(timeout=1.0, retries=1, concurrency=4, per_host=2, host_interval=0, wayback=False)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:99999/",
        "http://[::1]:70000/x",
        "http://[::1/x",
        "http://exa mple.org/",
        "http:///nohost",
        "http://127.0.0.1:0/",
        "https://example.org/\x00",
        "https://example.org/" + "a" * 9000,
    ],
)
def test_impossible_urls_are_named_without_the_network(url: str) -> None:
    assert url_problem(url)


@pytest.mark.parametrize("url", ["https://example.org/a?b=c#d", "//example.org/x", "http://[::1]:8080/x"])
def test_possible_urls_pass(url: str) -> None:
    assert url_problem(url) is None


def test_one_impossible_url_does_not_stop_the_others(tmp_path: Path) -> None:
    with LinkServer() as server:
        good = server.url("ok/a")
        bad = "http://127.0.0.1:99999/"
        places = {url: [Occurrence("docs/p.md", 3, 5, url)] for url in (bad, good)}
        cache = LinkCache(tmp_path / "links.json", 7)
        outcome = run_checks_sync(places, FAST, cache)
        cache.save()
    found = {r.url: r.status for r in outcome.results}
    assert found == {bad: Status.BROKEN, good: Status.OK}
    assert [(d.code, d.line, d.column) for d in diagnostics(outcome.results)] == [("KB320", 3, 5)]
    assert good in json.loads((tmp_path / "links.json").read_text())["urls"]


def test_garbage_answer_is_a_bad_answer_not_no_answer() -> None:
    """A server that answers something that is not HTTP is not 'unreachable: check your network'."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    def garbage() -> None:
        try:
            while True:
                connection, _ = listener.accept()
                connection.recv(1024)
                connection.sendall(b"\x00\x01garbage that is not HTTP\r\n\r\n")
                connection.close()
        except OSError:
            return  # the listener was closed: the test is over

    thread = threading.Thread(target=garbage, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}/x"
    outcome = run_checks_sync({url: [Occurrence("docs/p.md", 1, 1, url)]}, FAST, LinkCache(None, 0))
    with contextlib.suppress(OSError):
        listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
    listener.close()
    thread.join(10)
    result = outcome.results[0]
    assert result.status is Status.BROKEN and "bad answer" in result.detail
    (finding,) = diagnostics(outcome.results)
    assert "check your network" not in (finding.hint or "")


def test_no_answer_says_so() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    outcome = run_checks_sync({url: [Occurrence("docs/p.md", 1, 1, url)]}, FAST, LinkCache(None, 0))
    (finding,) = diagnostics(outcome.results)
    assert finding.code == "KB324" and "got no answer" in finding.message


def test_a_retry_waits_only_for_its_own_host() -> None:
    """Every global slot is taken (slow hosts); a retry after 429 still goes out."""

    async def scenario(base: str) -> int:
        checker = ExternalChecker(FAST)
        for _ in range(FAST.concurrency):
            await checker._global.acquire()
        try:
            response = await asyncio.wait_for(checker._send("GET", f"{base}/html/x", retry=True), 30)
        finally:
            await checker.aclose()
        return response.status_code

    with fault_server() as server:
        assert asyncio.run(scenario(server.base)) == 200
