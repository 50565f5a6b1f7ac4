"""Fixtures for the browser suite: a strict build of the real site, served on
127.0.0.1 by the tests themselves, and Debian's Chromium driven by Playwright.

Without Chromium, Playwright or axe-core the browser tests are left out, and
the run says so once, in one line naming the command that installs what is
missing. CI sets KB_REQUIRE_BROWSER=1, which turns a missing prerequisite into
a failure, so a broken install can never pass as green.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, run

CHROMIUM = Path(os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Debian's Chromium, headless, with every background service that could call home switched off.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing_prerequisite() -> str | None:
    if not CHROMIUM.is_file():
        return f"Chromium not found at {CHROMIUM}; install it with: apt-get install chromium (or set KB_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed; install it with: make test (it installs requirements-dev.txt)"
    if not AXE.is_file():
        return f"axe-core not found at {AXE.relative_to(ROOT)}; install it with: npm ci --ignore-scripts"
    return None


_LEFT_OUT: dict[str, object] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave every browser test out, once, when a prerequisite is missing (instead of one skip line each)."""
    here = Path(__file__).parent
    browser = [item for item in items if here in item.path.parents]
    reason = _missing_prerequisite() if browser else None
    if not reason or os.environ.get("KB_REQUIRE_BROWSER") == "1":
        return  # with KB_REQUIRE_BROWSER=1, the browser_ready fixture fails each test instead
    items[:] = [item for item in items if item not in browser]
    config.hook.pytest_deselected(items=browser)
    _LEFT_OUT.update(count=len(browser), reason=reason)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _LEFT_OUT:
        terminalreporter.write_line(f"{_LEFT_OUT['count']} browser tests not run: {_LEFT_OUT['reason']}", yellow=True)


@pytest.fixture(scope="session")
def browser_ready() -> None:
    """Skip (or, with KB_REQUIRE_BROWSER=1, fail) when a prerequisite is missing."""
    reason = _missing_prerequisite()
    if reason and os.environ.get("KB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required but cannot run: {reason}")
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def site_dir(browser_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A strict build of the real site (`make build`), or KB_BROWSER_SITE when given."""
    given = os.environ.get("KB_BROWSER_SITE")
    if given:
        return Path(given).resolve()
    target = tmp_path_factory.mktemp("browser-site")
    result = run(["make", "--no-print-directory", "build", f"SITE={target}"], cwd=ROOT)
    if result.returncode != 0:
        pytest.fail("strict build of the real site failed:\n" + (result.stdout + result.stderr)[-3000:])
    return target


def site_prefix() -> str:
    """The URL path the site is published under (``/kb/`` for site_url ``https://host/kb/``)."""
    from kbcheck.project import load_project_config

    config, _ = load_project_config(ROOT / "mkdocs.yml")
    path = urlsplit(config.site_url or "/").path
    return path if path.endswith("/") else path + "/"


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site under its published prefix, as GitHub Pages does.

    The 404 page links its assets absolutely (``/kb/assets/...``), so serving
    the site at ``/`` would break it in the test but not in production.
    """

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/kb/``) of a static server for the built site."""
    prefix = site_prefix()
    handler = functools.partial(type("Handler", (_SiteHandler,), {"prefix": prefix}), directory=str(site_dir))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser(browser_ready: None) -> Iterator[object]:
    """One headless Chromium per test module.

    Not per session: Playwright's sync API keeps an asyncio loop running in
    this thread while it is open, which would break later tests that call
    asyncio.run() (the external link checker's).
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@dataclass(frozen=True)
class BuiltPage:
    """One HTML page of the built site."""

    path: str  # site-relative URL path: "anxiety/gad/"
    source: str | None  # docs-relative Markdown source, None for theme pages (404)


def built_pages(site: Path) -> list[BuiltPage]:
    """Every HTML page in the built site, mapped to its Markdown source."""
    from kbcheck.project import load_project, load_project_config

    config, _ = load_project_config(ROOT / "mkdocs.yml")
    project = load_project(config)
    by_url = {project.page_url(path): path for path in project.pages}
    pages = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        if relative.startswith("assets/"):
            continue
        url = relative.removesuffix("index.html")
        pages.append(BuiltPage(url, by_url.get(url)))
    return pages


@pytest.fixture
def tab(browser, server: str) -> Iterator[object]:
    """A fresh light-palette tab; ``tab.open(path)`` loads a page of the site."""
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()

    def open_path(path: str) -> None:
        page.goto(server + path, wait_until="load")
        page.wait_for_function("() => typeof window.document$ !== 'undefined'")

    page.open = open_path  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> list[BuiltPage]:
    found = built_pages(site_dir)
    assert len(found) > 10, f"only {len(found)} pages built"
    return found


@dataclass
class SiteAudit:
    """Every page audited in the light and the dark palette, and the cookies left behind."""

    light: list  # list[PageAudit], in the order of the ``pages`` fixture
    dark: list
    cookies: list[dict]
    seconds: float


@pytest.fixture(scope="session")
def audits(browser_ready: None, server: str, pages: list[BuiltPage]) -> SiteAudit:
    """Open every built page once per palette: requests, console, axe, structured data."""
    from .audit import audit_site

    started = time.perf_counter()
    results, cookies = audit_site(CHROMIUM, CHROMIUM_ARGS, [server + page.path for page in pages], AXE)
    by_palette = {palette: [r for r in results if r.palette == palette] for palette in ("light", "dark")}
    return SiteAudit(by_palette["light"], by_palette["dark"], cookies, time.perf_counter() - started)
