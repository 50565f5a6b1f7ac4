"""Shared by the reader tools: serve a built site on 127.0.0.1 under its published
path and open it in Debian's Chromium with Playwright (nothing leaves the machine)."""

from __future__ import annotations

import functools
import os
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}


def site_prefix() -> str:
    """The URL path of site_url in mkdocs.yml (``/kb/``)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # mkdocs.yml uses !!python/name tags in some projects; this one is plain YAML.
    path = urlsplit(yaml.safe_load(text).get("site_url") or "/").path
    return path if path.endswith("/") else path + "/"


def build(site: Path) -> None:
    """A strict build of the real site into ``site`` (``make build``)."""
    subprocess.run(["make", "--no-print-directory", "build", f"SITE={site}"], cwd=ROOT, check=True)


class _Handler(SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a tab closed mid-download (broken pipe) is not worth a traceback


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/kb/``) of a static server for ``site``."""
    prefix = site_prefix()
    handler = functools.partial(type("Handler", (_Handler,), {"prefix": prefix}), directory=str(site))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (Playwright sync API); requests off 127.0.0.1 are aborted."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only the browser tools need it

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url: str, viewport: dict[str, int], color_scheme: str = "light"):
    """A new tab showing ``url`` once the theme's scripts have run."""
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
    page = context.new_page()
    page.route(lambda u: not u.startswith("http://127.0.0.1"), lambda route: route.abort())
    page.goto(url, wait_until="load")
    page.wait_for_function("() => typeof window.document$ !== 'undefined'")
    return page
