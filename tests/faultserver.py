"""A misbehaving HTTP server on 127.0.0.1: every answer a service should never give.

The first path segment names the fault, so a test points a service's base URL
at ``http://127.0.0.1:PORT/<fault>``:

- ``html``: 200 with an HTML page (a captive portal); ``garbage``: 200 with random bytes;
- ``shape``: 200 with JSON of the wrong shape; ``empty``: 200 with no body;
- ``status-<code>``: that status with a JSON error body; ``retry-<seconds>``: 429 with Retry-After;
- ``drip``: 200 whose body comes one byte a second; ``silent``: accepts, never answers;
- ``close``: closes the connection without answering; ``huge``: announces and streams 100 MB.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULTS = ("html", "garbage", "shape", "empty", "status-503", "status-500", "retry-1", "drip", "silent", "close", "huge")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaultServer

    def log_message(self, format: str, *args: object) -> None:
        return

    def _send(self, code: int, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: PLR0911, PLR0912 - one branch per fault
        fault = self.path.strip("/").split("/")[0].split("?")[0]
        self.server.hits.append(fault)
        if fault == "html":
            return self._send(200, b"<!doctype html><title>Log in</title><p>Sign in to the network", "text/html")
        if fault == "garbage":
            return self._send(200, os.urandom(512), "application/json")
        if fault == "shape":
            return self._send(200, b'[1, {"message": "not an object"}]', "application/json")
        if fault == "empty":
            return self._send(200, b"", "application/json")
        if fault.startswith("status-"):
            return self._send(int(fault[7:]), b'{"status": "error"}', "application/json")
        if fault.startswith("retry-"):
            return self._send(429, b"slow down", "text/plain", {"Retry-After": fault[6:]})
        if fault == "drip":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            with contextlib.suppress(OSError):
                for _ in range(1000):
                    if self.server.stopping.wait(1.0):
                        return None
                    self.wfile.write(b" ")
                    self.wfile.flush()
            return None
        if fault == "silent":
            self.server.stopping.wait(120)
            return None
        if fault == "close":
            self.close_connection = True
            return None
        if fault == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(100 * 1024**2))
            self.end_headers()
            with contextlib.suppress(OSError):
                chunk = b"[" + b" " * 65535
                for _ in range(1600):
                    if self.server.stopping.is_set():
                        return None
                    self.wfile.write(chunk)
            return None
        return self._send(404, b'{"error": "unknown fault"}', "application/json")


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: list[str] = []
        self.stopping = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextlib.contextmanager
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        time.sleep(0)
