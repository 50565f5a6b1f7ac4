"""Check a set of URLs once each: exclusions, the cache, the network, archived copies."""

from __future__ import annotations

import asyncio
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx

from ..links.settings import LinkSettings
from ..patterns import compile_all
from .cache import LinkCache
from .client import ExternalChecker
from .model import Occurrence, Result, Status
from .urls import url_problem


@dataclass
class RunOutcome:
    results: list[Result]  # one per unique URL, in the order given
    requests: Counter[str]  # URL -> HTTP requests sent this run (redirect hops and DOI API included)
    seconds: float


async def check_urls(
    urls: dict[str, list[Occurrence]],
    settings: LinkSettings,
    cache: LinkCache,
    client: httpx.AsyncClient | None = None,
) -> RunOutcome:
    """Classify every URL; successes go to ``cache`` (saved by the caller)."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    checker = ExternalChecker(settings, client)
    excluded = compile_all(settings.exclude)  # validated by the settings; bounded in time

    async def one(url: str) -> Result:
        if any(pattern.search(url) for pattern in excluded):
            return Result(url, Status.EXCLUDED, detail="excluded by extra.kb.links.exclude")
        problem = url_problem(url)
        if problem is not None:
            return Result(url, Status.BROKEN, detail=f"impossible URL: {problem}")
        try:
            result = cache.get(url) or await checker.check(url)
        except Exception as exc:
            result = Result(url, Status.UNREACHABLE, detail=f"no answer: {_first(exc)}")
        if result.status is Status.BROKEN and settings.wayback and result.code is not None:
            result.suggestion = await checker.archived_copy(url)
        cache.put(result)
        return result

    try:
        results = await asyncio.gather(*(one(url) for url in urls))
    finally:
        if client is None:
            await checker.aclose()
    for result in results:
        result.occurrences = urls[result.url]
    return RunOutcome(list(results), checker.requests, loop.time() - started)


def _first(exc: BaseException) -> str:
    """The innermost cause, readably (HTTP clients wrap socket errors in exception groups)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def run_checks_sync(urls: dict[str, list[Occurrence]], settings: LinkSettings, cache: LinkCache) -> RunOutcome:
    """:func:`check_urls` from synchronous code, even where an event loop already runs.

    (Some hosts of this code, e.g. a test session driving a browser, keep a loop
    running in the main thread; the check then gets a thread of its own.)
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(check_urls(urls, settings, cache))
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, check_urls(urls, settings, cache)).result()
