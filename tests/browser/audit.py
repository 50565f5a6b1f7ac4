"""Open built pages in Chromium and record what a reader's browser does.

Pages are audited a few at a time (Playwright's async API, in a thread of
its own): on two cores this halves the time of one page after the other.
Requests to any host other than the local test server are recorded as
third-party and aborted, so a regression can never reach the internet.
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# WCAG 2.0, 2.1 and 2.2 at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOCAL_SCHEMES = {"data", "blob", "about"}
# Elements Material gives a tooltip: glossary terms and citations first, any titled element otherwise.
TOOLTIP_HOSTS = (".md-content .md-typeset :is(abbr[title], a.kb-cite__link[title])", ".md-content .md-typeset [title]")
ACTIVE_TOOLTIP_TEXT = """() => document.querySelector('.md-tooltip2--active[role=tooltip]')?.textContent || null"""
AXE_RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})"""
PALETTES = {"light": "default", "dark": "slate"}  # colour-scheme preference -> Material scheme
# axe-core is served to the pages from this path (answered by the test, never by the site),
# so Chromium caches its compiled code instead of parsing 500 kB again on every page.
AXE_PATH = "/__browser-tests__/axe.min.js"


@dataclass
class PageAudit:
    """What one page did in one colour scheme."""

    url: str
    palette: str  # "light" or "dark": the reader's colour-scheme preference
    scheme: str = ""  # the palette Material applied: "default" or "slate"
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)
    canonical: str | None = None
    tooltip: str | None = None  # text of the tooltip shown on hovering a titled element ("" if none showed)


def is_local(url: str, origin: str) -> bool:
    """True for the test server and for URLs that make no request (data:, blob:)."""
    return url.startswith(origin + "/") or urlsplit(url).scheme in LOCAL_SCHEMES


def _summarise(violations: list[dict]) -> list[dict]:
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [" ".join(map(str, node["target"])) for node in violation["nodes"]],
            "summary": violation["nodes"][0]["failureSummary"] if violation["nodes"] else "",
        }
        for violation in violations
    ]


class _Watcher:
    """Routes one Playwright page's events into the audit of the URL it is showing."""

    def __init__(self, page, origin: str) -> None:
        self.origin = origin
        self.current: PageAudit | None = None
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._note("console_errors", f"uncaught: {error}"))

    def _note(self, kind: str, text: str) -> None:
        if self.current is not None:
            getattr(self.current, kind).append(text)

    async def block(self, route, request) -> None:
        self._note("third_party", request.url)
        await route.abort()

    def _failed(self, request) -> None:
        # ERR_ABORTED is the browser cancelling a request (the audit moved on to the next page
        # while the favicon was still loading), not the site failing to serve it; a missing file
        # shows as an HTTP status below.
        if is_local(request.url, self.origin) and request.failure != "net::ERR_ABORTED":
            self._note("failed_requests", f"{request.url}: {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 400 and is_local(response.url, self.origin):
            self._note("failed_requests", f"{response.url}: HTTP {response.status}")

    def _console(self, message) -> None:
        if message.type == "error":
            self._note("console_errors", f"{message.text} ({message.location.get('url', '')})")


async def _audit_one(page, watcher: _Watcher, result: PageAudit, axe_url: str) -> None:
    watcher.current = result
    try:
        await page.goto(result.url, wait_until="load")
        await page.wait_for_function("() => typeof window.document$ !== 'undefined'")
        result.scheme = await page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") or ""
        result.json_ld = await page.locator('script[type="application/ld+json"]').all_text_contents()
        canonical = page.locator('link[rel="canonical"]')
        result.canonical = await canonical.get_attribute("href") if await canonical.count() else None
        await page.add_script_tag(url=axe_url)
        result.violations = _summarise((await page.evaluate(AXE_RUN, AXE_TAGS))["violations"])
        if result.palette == "light":
            result.tooltip = await _hover_tooltip(page)
    finally:
        watcher.current = None


async def _hover_tooltip(page) -> str | None:
    """Hover the first element with a title; the tooltip text Material shows ("" if none), None if no host."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    for selector in TOOLTIP_HOSTS:
        host = page.locator(f"{selector} >> visible=true").first  # not inside closed <details>
        if await host.count():
            await host.hover()
            try:
                shown = await page.wait_for_function(ACTIVE_TOOLTIP_TEXT, timeout=3_000)
                return await shown.json_value() or ""
            except PlaywrightTimeout:
                return ""
    return None


async def _audit_all(
    chromium: Path, args: list[str], urls: list[str], axe_script: Path, workers: int
) -> tuple[list[PageAudit], list[dict]]:
    from playwright.async_api import async_playwright

    origin = "{0.scheme}://{0.netloc}".format(urlsplit(urls[0]))
    jobs: asyncio.Queue[PageAudit] = asyncio.Queue()
    results = [PageAudit(url, palette) for palette in PALETTES for url in urls]
    for result in results:
        jobs.put_nowait(result)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(chromium), args=args)
        contexts = {
            palette: await browser.new_context(color_scheme=palette, viewport={"width": 1280, "height": 900})
            for palette in PALETTES
        }
        axe_body = axe_script.read_bytes()
        for context in contexts.values():
            await context.route(
                origin + AXE_PATH,
                lambda route: route.fulfill(
                    body=axe_body, content_type="text/javascript", headers={"Cache-Control": "max-age=3600"}
                ),
            )

        async def worker() -> None:
            pages = {}
            while not jobs.empty():
                result = jobs.get_nowait()
                if result.palette not in pages:
                    page = await contexts[result.palette].new_page()
                    page.set_default_timeout(15_000)
                    watcher = _Watcher(page, origin)
                    await page.route(lambda url: not is_local(url, origin), watcher.block)
                    pages[result.palette] = (page, watcher)
                await _audit_one(*pages[result.palette], result, origin + AXE_PATH)

        await asyncio.gather(*(worker() for _ in range(workers)))
        cookies = [cookie for context in contexts.values() for cookie in await context.cookies()]
        await browser.close()
    return results, cookies


def audit_site(
    chromium: Path, args: list[str], urls: list[str], axe_script: Path, workers: int = 2
) -> tuple[list[PageAudit], list[dict]]:
    """Audit every URL in the light and the dark palette; return the audits and any cookies set."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(_audit_all(chromium, args, urls, axe_script, workers))
        except BaseException as exc:  # re-raised in the calling thread
            outcome["error"] = exc

    # A thread of its own: the sync Playwright API used by other tests owns this thread's event loop.
    thread = threading.Thread(target=target, name="page-audit")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def describe(violations: list[dict]) -> str:
    """One line per violation, for assertion messages."""
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'][:4])}; {v['summary'][:200]!r}"
        for v in violations
    )


def parse_json_ld(texts: list[str]) -> list[dict]:
    """Every JSON-LD block of a page, parsed (raises on invalid JSON)."""
    return [json.loads(text) for text in texts]
