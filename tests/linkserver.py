"""A real HTTP server on 127.0.0.1 for link-checker tests and benchmarks.

Paths describe the behaviour, so a test (or a generated benchmark site) only
has to write URLs:

- ``/ok/...`` 200; ``/status/404/...`` that status; ``/no-head/...`` 405 to HEAD, 200 to GET;
- ``/retry/<n>/<code>/<seconds>/...`` answers ``code`` (429 or 503) with
  ``Retry-After: <seconds>`` (``-`` for none) the first n times, then 200;
- ``/moved/<code>/<path>`` redirects with ``code`` to ``/<path>``; ``/loop/a`` <-> ``/loop/b``;
- ``/slow/<seconds>/...`` waits, then 200; ``/never/...`` never answers (until stopped);
- ``/huge/...`` announces a 10 GB body and streams it slowly (HEAD refused);
- ``/challenge/...`` a Cloudflare-style 403 challenge;
- ``/handles/<doi>`` the DOI handle API (200, or 404 when the DOI contains "missing");
- ``/wayback?url=...`` the Wayback availability API (a snapshot for every URL).

Every request is recorded (method, path, time) for assertions; ``latency``
adds a delay to every answer.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HUGE = 10 * 1024**3
CHUNK = 64 * 1024


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LinkServer

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _send(self, code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _answer(self, method: str) -> None:
        path = urlsplit(self.path).path
        state = self.server.state
        with state.lock:
            state.log.append((method, self.path, time.monotonic()))
            state.counts[path] += 1
            seen = state.counts[path]
        if state.latency:
            time.sleep(state.latency)
        parts = path.strip("/").split("/")
        route = getattr(self, f"_route_{parts[0].replace('-', '_')}", None)
        if route is None:
            self._send(404, body=b"not found")
        else:
            route(method, parts[1:], seen)

    def _route_ok(self, method: str, rest: list[str], seen: int) -> None:
        self._send(200, {"Content-Type": "text/html"}, b"<html><body>ok</body></html>")

    def _route_status(self, method: str, rest: list[str], seen: int) -> None:
        self._send(int(rest[0]), body=b"status")

    def _route_no_head(self, method: str, rest: list[str], seen: int) -> None:
        self._send(405 if method == "HEAD" else 200, {"Allow": "GET"}, b"ok")

    def _route_retry(self, method: str, rest: list[str], seen: int) -> None:
        times, code, seconds = int(rest[0]), int(rest[1]), rest[2]
        if seen <= times:
            self._send(code, {} if seconds == "-" else {"Retry-After": seconds}, b"later")
        else:
            self._send(200, body=b"ok")

    def _route_moved(self, method: str, rest: list[str], seen: int) -> None:
        self._send(int(rest[0]), {"Location": "/" + "/".join(rest[1:])})

    def _route_loop(self, method: str, rest: list[str], seen: int) -> None:
        self._send(302, {"Location": "/loop/b" if rest[0] == "a" else "/loop/a"})

    def _route_slow(self, method: str, rest: list[str], seen: int) -> None:
        time.sleep(float(rest[0]))
        self._send(200, body=b"slow")

    def _route_never(self, method: str, rest: list[str], seen: int) -> None:
        self.server.state.stopping.wait()
        self.close_connection = True

    def _route_huge(self, method: str, rest: list[str], seen: int) -> None:
        if method == "HEAD":
            self._send(405)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        sent = 0
        try:
            while sent < HUGE and not self.server.state.stopping.is_set():
                self.wfile.write(b"x" * CHUNK)
                sent += CHUNK
                with self.server.state.lock:
                    self.server.state.huge_bytes = max(self.server.state.huge_bytes, sent)
        except OSError:
            pass  # the client hung up, as it should
        self.close_connection = True

    def _route_challenge(self, method: str, rest: list[str], seen: int) -> None:
        self._send(403, {"Server": "cloudflare", "cf-mitigated": "challenge"}, b"Just a moment...")

    def _route_handles(self, method: str, rest: list[str], seen: int) -> None:
        doi = "/".join(rest)
        found = "missing" not in doi
        body = json.dumps({"responseCode": 1 if found else 100, "handle": doi}).encode()
        self._send(200 if found else 404, {"Content-Type": "application/json"}, body)

    def _route_wayback(self, method: str, rest: list[str], seen: int) -> None:
        url = parse_qs(urlsplit(self.path).query).get("url", [""])[0]
        snapshot = {"available": True, "url": f"http://web.archive.org/web/2020/{url}", "status": "200"}
        self._send(
            200,
            {"Content-Type": "application/json"},
            json.dumps({"archived_snapshots": {"closest": snapshot}}).encode(),
        )


class _State:
    def __init__(self, latency: float) -> None:
        self.lock = threading.Lock()
        self.log: list[tuple[str, str, float]] = []
        self.counts: Counter[str] = Counter()
        self.latency = latency
        self.stopping = threading.Event()
        self.huge_bytes = 0


class LinkServer(ThreadingHTTPServer):
    """Start with ``with LinkServer() as server:``; URLs from ``server.url(path)``."""

    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, latency: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = _State(latency)
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> LinkServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.state.stopping.set()
        self.shutdown()
        self.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + "/" + path.lstrip("/")

    def requests_for(self, path: str) -> int:
        """How many requests reached ``path`` (query ignored)."""
        with self.state.lock:
            return self.state.counts[urlsplit(path).path if "://" in path else "/" + path.lstrip("/")]

    @property
    def total_requests(self) -> int:
        with self.state.lock:
            return len(self.state.log)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
