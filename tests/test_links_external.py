"""External link checking against real HTTP servers this test starts on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from kbcheck.external.cache import DAY, LinkCache
from kbcheck.external.model import Occurrence, Status
from kbcheck.external.runner import RunOutcome, run_checks_sync
from kbcheck.links.settings import LinkSettings
from linkserver import LinkServer, closed_port

FAST = LinkSettings(
    timeout=1.0,
    retries=2,
    retry_after_max=5,
    concurrency=16,
    per_host=8,
    host_interval=0,
    wayback=False,
    blocked_hosts=[],
)


@pytest.fixture
def server() -> Iterator[LinkServer]:
    with LinkServer() as running:
        yield running


def run(urls: list[str], settings: LinkSettings = FAST, cache: LinkCache | None = None) -> RunOutcome:
    places = {url: [Occurrence("docs/p.md", 1, 1, url)] for url in urls}
    return run_checks_sync(places, settings, cache or LinkCache(None, 0))


def statuses(outcome: RunOutcome) -> dict[str, Status]:
    return {result.url: result.status for result in outcome.results}


def test_every_status_class(server: LinkServer) -> None:
    """2xx ok, 3xx followed, 4xx and 5xx broken, each in one request."""
    urls = {
        "ok/a": Status.OK,
        "status/204/x": Status.OK,
        "moved/302/ok/b": Status.OK,
        "status/404/x": Status.BROKEN,
        "status/410/x": Status.BROKEN,
        "status/500/x": Status.BROKEN,
    }
    outcome = run([server.url(path) for path in urls])
    assert statuses(outcome) == {server.url(path): status for path, status in urls.items()}
    codes = {r.url.split("/", 3)[3]: r.code for r in outcome.results}
    assert codes["status/404/x"] == 404
    assert codes["status/500/x"] == 500
    assert server.requests_for("ok/a") == 1
    assert server.requests_for("status/404/x") == 1
    assert server.requests_for("status/500/x") == 1  # only 429, 502, 503 and 504 are retried


def test_retry_after_is_honoured_and_success_is_not_reported(server: LinkServer) -> None:
    """A 429 with Retry-After, or a 503 that recovers, ends ok: no false alarm."""
    started = time.monotonic()
    outcome = run([server.url("retry/1/429/1/a"), server.url("retry/2/503/-/b")])
    assert set(statuses(outcome).values()) == {Status.OK}
    times = [t for method, path, t in server.state.log if path == "/retry/1/429/1/a"]
    assert len(times) == 2
    assert times[1] - times[0] >= 0.95  # waited as the server asked
    assert server.requests_for("retry/2/503/-/b") == 3
    assert time.monotonic() - started < 30  # generous: only a hang fails this


def test_retry_after_is_capped(server: LinkServer) -> None:
    """A server asking for an hour gets retry_after_max seconds, not an hour."""
    outcome = run([server.url("retry/1/429/3600/a")], replace(FAST, retry_after_max=0.3))
    assert statuses(outcome) == {server.url("retry/1/429/3600/a"): Status.OK}
    first, second = [t for _, path, t in server.state.log if path == "/retry/1/429/3600/a"]
    assert 0.25 <= second - first < 30


def test_lasting_429_is_blocked_not_broken(server: LinkServer) -> None:
    """Rate limiting that never ends is reported apart from dead links."""
    outcome = run([server.url("retry/99/429/0/a")], replace(FAST, retries=1))
    result = outcome.results[0]
    assert (result.status, result.code) == (Status.BLOCKED, 429)
    assert server.requests_for("retry/99/429/0/a") == 2


def test_bot_challenge_is_blocked(server: LinkServer) -> None:
    """A Cloudflare-style 403 challenge is 'blocked' and never retried."""
    outcome = run([server.url("challenge/x")])
    assert outcome.results[0].status is Status.BLOCKED
    assert server.requests_for("challenge/x") == 2  # HEAD, then GET because HEAD was refused


def test_redirects_permanent_temporary_and_loop(server: LinkServer) -> None:
    """301 suggests the new URL; a redirect loop ends as broken, not as a hang."""
    outcome = run([server.url("moved/301/ok/new"), server.url("moved/307/ok/tmp"), server.url("loop/a")])
    results = {r.url: r for r in outcome.results}
    moved = results[server.url("moved/301/ok/new")]
    assert (moved.status, moved.suggestion) == (Status.REDIRECTED, server.url("ok/new"))
    assert results[server.url("moved/307/ok/tmp")].status is Status.OK
    loop = results[server.url("loop/a")]
    assert (loop.status, loop.detail) == (Status.BROKEN, "redirect loop")
    assert server.requests_for("loop/a") == 1
    assert server.requests_for("loop/b") == 1


def test_timeout_costs_timeout_and_retries_once(server: LinkServer) -> None:
    """A server that never answers: timeout, retried per settings, nothing stalls."""
    settings = replace(FAST, timeout=0.4, timeout_retries=1)
    started = time.monotonic()
    outcome = run([server.url("never/a"), server.url("ok/fine")], settings)
    elapsed = time.monotonic() - started
    assert statuses(outcome) == {server.url("never/a"): Status.TIMEOUT, server.url("ok/fine"): Status.OK}
    assert server.requests_for("never/a") == 2
    assert elapsed < 30  # generous: only a hang fails this


def test_head_not_allowed_falls_back_to_get(server: LinkServer) -> None:
    """405 to HEAD means GET, and the page is ok."""
    outcome = run([server.url("no-head/x")])
    assert outcome.results[0].status is Status.OK
    assert [m for m, p, _ in server.state.log] == ["HEAD", "GET"]


def test_connection_refused_is_unreachable() -> None:
    """Nothing listening: 'unreachable', immediately, never 'broken'."""
    url = f"http://127.0.0.1:{closed_port()}/x"
    started = time.monotonic()
    outcome = run([url])
    assert outcome.results[0].status is Status.UNREACHABLE
    assert time.monotonic() - started < 30


def test_tls_error_is_broken(server: LinkServer) -> None:
    """https:// to a plain-HTTP server fails the TLS handshake: one clear result."""
    url = server.base.replace("http://", "https://") + "/ok/x"
    result = run([url]).results[0]
    assert result.status in {Status.BROKEN, Status.UNREACHABLE}
    assert "TLS" in result.detail or "SSL" in result.detail


def test_huge_body_is_not_downloaded(server: LinkServer) -> None:
    """A 10 GB answer to GET: the headers decide, the body is left unread."""
    started = time.monotonic()
    outcome = run([server.url("huge/x")])
    assert outcome.results[0].status is Status.OK
    assert time.monotonic() - started < 30
    time.sleep(0.2)
    assert server.state.huge_bytes < 50 * 1024**2


def test_duplicates_are_requested_once_even_in_flight(server: LinkServer) -> None:
    """Two URLs redirecting to the same slow target: it is requested once, while in flight."""
    target = "slow/0.5/shared"
    urls = [server.url(f"moved/302/{target}"), server.url(f"moved/301/{target}"), server.url(target)]
    outcome = run(urls)
    assert set(statuses(outcome).values()) <= {Status.OK, Status.REDIRECTED}
    assert server.requests_for(target) == 1
    assert outcome.requests[server.url(target)] == 1


def test_doi_links_use_the_handle_api(server: LinkServer) -> None:
    """doi.org links are checked through the handle API, never the publisher page."""
    settings = replace(FAST, doi_api=server.url("handles/"))
    outcome = run(["https://doi.org/10.1000/abc", "https://doi.org/10.1000/missing.1"], settings)
    assert [r.status for r in outcome.results] == [Status.OK, Status.BROKEN]
    assert server.requests_for("handles/10.1000/abc") == 1
    skipped = run(["https://doi.org/10.1000/abc"], replace(settings, doi="skip"))
    assert skipped.results[0].status is Status.EXCLUDED


def test_dead_link_gets_an_archived_copy(server: LinkServer) -> None:
    """A broken link suggests the Wayback Machine's closest snapshot."""
    settings = replace(FAST, wayback=True, wayback_api=server.url("wayback"))
    result = run([server.url("status/404/gone")], settings).results[0]
    assert result.status is Status.BROKEN
    assert result.suggestion == f"http://web.archive.org/web/2020/{server.url('status/404/gone')}"


def test_exclusions_are_never_requested(server: LinkServer) -> None:
    """An excluded URL is classified without a request."""
    outcome = run([server.url("status/404/private")], replace(FAST, exclude=["/private$"]))
    assert outcome.results[0].status is Status.EXCLUDED
    assert server.total_requests == 0


def test_accepted_status(server: LinkServer) -> None:
    """A status listed in accept counts as ok."""
    assert run([server.url("status/418/x")], replace(FAST, accept=[418])).results[0].status is Status.OK


def test_cache_keeps_successes_until_they_expire(server: LinkServer, tmp_path: Path) -> None:
    """Second run: no request for a cached success; failures are re-checked; entries expire one by one."""
    file = tmp_path / "links.json"
    urls = [server.url("ok/cached"), server.url("status/404/never-cached")]
    first = LinkCache(file, 7, now=1_000_000)
    run(urls, cache=first)
    first.save()
    second = run(urls, cache=LinkCache(file, 7, now=1_000_000 + DAY))
    assert {r.url: r.cached for r in second.results} == {urls[0]: True, urls[1]: False}
    assert server.requests_for("ok/cached") == 1
    assert server.requests_for("status/404/never-cached") == 2
    expires = LinkCache(file, 7).entries[urls[0]]["expires"]
    assert 1_000_000 + 5 * DAY <= expires < 1_000_000 + 7 * DAY  # spread within the last quarter
    run(urls, cache=LinkCache(file, 7, now=1_000_000 + 8 * DAY))
    assert server.requests_for("ok/cached") == 2


def test_cache_spreads_expiry() -> None:
    """Entries written together do not all expire at once."""
    cache = LinkCache(None, 7, now=0)
    cache.ttl = 7 * DAY
    from kbcheck.external.model import Result

    for index in range(50):
        cache.put(Result(f"https://example.org/{index}", Status.OK, 200))
    assert len({entry["expires"] for entry in cache.entries.values()}) > 40


def test_damaged_cache_is_ignored(tmp_path: Path) -> None:
    """A corrupt cache file is an empty cache, not a traceback."""
    file = tmp_path / "links.json"
    file.write_text("{not json", encoding="utf-8")
    assert LinkCache(file, 7).entries == {}


def test_timeouts_are_not_retried_by_default(server: LinkServer) -> None:
    """By default a timeout is reported after one request: retrying costs another full timeout."""
    places = {server.url("never/b"): [Occurrence(f"docs/p{n}.md", 1, 1, server.url("never/b")) for n in range(5)]}
    outcome = run_checks_sync(places, replace(FAST, timeout=0.3), LinkCache(None, 0))
    assert outcome.results[0].status is Status.TIMEOUT
    assert len(outcome.results[0].occurrences) == 5
    assert server.requests_for("never/b") == 1


def test_offline_machine_is_told_so() -> None:
    """When (nearly) every host is unreachable, the summary says so instead of crying 'broken'."""
    from kbcheck.external.report import summary_line

    urls = [f"http://127.0.0.1:{closed_port()}/{n}" for n in range(4)]
    outcome = run(urls)
    assert {r.status for r in outcome.results} == {Status.UNREACHABLE}
    assert "offline" in summary_line(outcome)
