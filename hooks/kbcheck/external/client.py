"""Check many URLs over HTTP: concurrent, polite, one request per URL, never stalled.

Politeness: a global concurrency limit, a per-host limit and a minimum interval
between two requests to the same host. HEAD comes first; GET (headers only,
the body is never read) when a server refuses HEAD. 429 and 5xx answers are
retried honouring ``Retry-After`` (capped), with exponential backoff
otherwise; the slots are released while waiting, so one slow host never stalls
the others. Each request is a *hop*: redirect chains are followed hop by hop,
and hops are memoised as futures, so a URL is requested once per run even when
it is reached again while its first request is still in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import ssl
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

import httpx

from ..links.settings import LinkSettings
from ..patterns import compile_all
from .model import Result, Status

RETRY_STATUSES = {429, 502, 503, 504}  # 500 is rarely transient: not retried
HEAD_REFUSED = {400, 403, 405, 501}
PERMANENT = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 10
BACKOFF_START = 0.5
DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}
WAYBACK_BODY_LIMIT = 256_000


@dataclass(frozen=True, slots=True)
class Hop:
    """The outcome of requesting one URL (retries included), before following redirects."""

    code: int | None = None
    reason: str = ""
    location: str | None = None
    challenge: bool = False  # a bot-protection page (Cloudflare and the like)
    failure: Status | None = None  # TIMEOUT / UNREACHABLE / BROKEN when no HTTP answer
    detail: str = ""
    attempts: int = 0


@dataclass
class _Host:
    slots: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0


def _retry_after(value: str | None, cap: float) -> float | None:
    """Seconds from a Retry-After header (delta or HTTP date), capped; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max(when.timestamp() - time.time(), 0.0), cap)


def _is_challenge(response: httpx.Response) -> bool:
    headers = response.headers
    server = headers.get("server", "").lower()
    return (
        headers.get("cf-mitigated", "").lower() == "challenge"
        or (response.status_code in {403, 429, 503} and server in {"cloudflare", "ddos-guard", "akamaighost"})
        or "x-amzn-waf-action" in headers
    )


def _tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError) or "CERTIFICATE" in str(seen).upper() or "SSL" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class ExternalChecker:
    """Checks URLs with one shared client; create one per run."""

    def __init__(self, settings: LinkSettings, client: httpx.AsyncClient | None = None) -> None:
        self.settings = settings
        self.client = client or httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(settings.timeout),
            limits=httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency),
            headers={"User-Agent": settings.user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
        )
        self.requests: Counter[str] = Counter()  # URL -> HTTP requests sent (for reports and tests)
        self._global = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, _Host] = {}
        self._hops: dict[str, asyncio.Future[Hop]] = {}
        self._accept = set(settings.accept)
        self._blocked = compile_all(settings.blocked_hosts)

    async def aclose(self) -> None:
        await self.client.aclose()

    # -- one request -----------------------------------------------------------------
    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        if key not in self._hosts:
            self._hosts[key] = _Host(asyncio.Semaphore(self.settings.per_host))
        return self._hosts[key]

    async def _send(self, method: str, url: str, *, retry: bool = False) -> httpx.Response:
        """One request, inside the global and per-host limits; the body is never read.

        A retry (after 429/5xx) waits only for its own host: the global limit
        bounds first attempts, so slots held by slow or unreachable hosts never
        delay a retry that a server asked for.
        """
        host = self._host(url)
        async with host.slots, contextlib.nullcontext() if retry else self._global:
            async with host.lock:
                now = time.monotonic()
                start = max(now, host.next_start)
                host.next_start = start + self.settings.host_interval
            if start > now:
                await asyncio.sleep(start - now)
            self.requests[url] += 1
            async with asyncio.timeout(self.settings.timeout):
                response = await self.client.send(self.client.build_request(method, url), stream=True)
                await response.aclose()
            return response

    async def _attempt(self, method: str, url: str, *, retry: bool = False) -> httpx.Response | Hop:
        try:
            return await self._send(method, url, retry=retry)
        except (TimeoutError, httpx.TimeoutException):
            return Hop(failure=Status.TIMEOUT, detail=f"no answer within {self.settings.timeout:g} s")
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, OverflowError) as exc:
            return Hop(failure=Status.BROKEN, detail=f"impossible URL: {exc}")
        except (httpx.RemoteProtocolError, httpx.LocalProtocolError, httpx.DecodingError) as exc:
            # The server answered, but not in HTTP: a bad answer, not a network problem.
            return Hop(failure=Status.BROKEN, detail=f"bad answer: {exc.__class__.__name__}: {exc}".rstrip(": "))
        except (httpx.ConnectError, httpx.NetworkError, OSError) as exc:
            if _tls_failure(exc):
                return Hop(failure=Status.BROKEN, detail=f"TLS error: {exc}")
            detail = (
                f"no answer: {exc.__class__.__name__}: {exc}" if str(exc) else f"no answer: {exc.__class__.__name__}"
            )
            return Hop(failure=Status.UNREACHABLE, detail=detail)

    async def _fetch(self, url: str) -> Hop:
        """HEAD (GET when refused), retried on 429/5xx (and timeouts, if configured)."""
        method = "HEAD"
        delay = BACKOFF_START
        attempts = retries = 0
        while True:
            answer = await self._attempt(method, url, retry=retries > 0)
            attempts += 1
            if isinstance(answer, httpx.Response) and method == "HEAD" and answer.status_code in HEAD_REFUSED:
                method = "GET"
                answer = await self._attempt(method, url, retry=retries > 0)
                attempts += 1
            if isinstance(answer, Hop):  # a full timeout per retry: its own, smaller allowance
                limit = self.settings.timeout_retries if answer.failure is Status.TIMEOUT else 0
            else:
                retryable = answer.status_code in RETRY_STATUSES and not _is_challenge(answer)
                limit = self.settings.retries if retryable else 0
            if retries >= limit:
                break
            retries += 1
            header = None if isinstance(answer, Hop) else answer.headers.get("retry-after")
            wait = _retry_after(header, self.settings.retry_after_max)
            await asyncio.sleep(delay if wait is None else wait)
            delay *= 2
        if isinstance(answer, Hop):
            return Hop(failure=answer.failure, detail=answer.detail, attempts=attempts)
        return Hop(
            code=answer.status_code,
            reason=answer.reason_phrase,
            location=answer.headers.get("location"),
            challenge=_is_challenge(answer),
            attempts=attempts,
        )

    def hop(self, url: str) -> asyncio.Future[Hop]:
        """The (shared) outcome of requesting ``url``: requested once per run."""
        if url not in self._hops:
            self._hops[url] = asyncio.ensure_future(self._fetch(url))
        return self._hops[url]

    # -- one URL, redirects followed -------------------------------------------------
    def _blocked_host(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(pattern.search(host) for pattern in self._blocked)

    async def check(self, url: str) -> Result:
        """Classify one URL (its fragment is ignored: servers never see it)."""
        target = url.split("#", 1)[0]
        parts = urlsplit(target)
        if (parts.hostname or "").lower() in DOI_HOSTS and parts.path.startswith("/10."):
            return await self._check_doi(url, parts.path[1:])
        chain = [target]
        permanent = True
        attempts = 0
        while True:
            hop = await self.hop(chain[-1])
            attempts += hop.attempts
            if hop.failure is not None:
                return Result(url, hop.failure, None, hop.detail, attempts=attempts)
            assert hop.code is not None
            if hop.code in REDIRECTS and hop.location:
                following = urljoin(chain[-1], hop.location).split("#", 1)[0]
                permanent = permanent and hop.code in PERMANENT
                if following in chain:
                    return Result(url, Status.BROKEN, hop.code, "redirect loop", attempts=attempts)
                if len(chain) > MAX_REDIRECTS:
                    return Result(url, Status.BROKEN, hop.code, "too many redirects", attempts=attempts)
                chain.append(following)
                continue
            return self._classify(url, chain, hop, permanent, attempts)

    def _classify(self, url: str, chain: list[str], hop: Hop, permanent: bool, attempts: int) -> Result:
        code = hop.code or 0
        detail = f"{code} {hop.reason}".strip()
        if 200 <= code < 300 or code in self._accept:
            if len(chain) > 1 and permanent:
                return Result(url, Status.REDIRECTED, code, "permanent redirect", chain[-1], attempts)
            return Result(url, Status.OK, code, detail, attempts=attempts)
        if code in {403, 429, 503} and (hop.challenge or self._blocked_host(chain[-1]) or code == 429):
            why = "bot protection" if hop.challenge else "refuses automated clients" if code != 429 else "rate limited"
            return Result(url, Status.BLOCKED, code, f"{detail} ({why})", attempts=attempts)
        return Result(url, Status.BROKEN, code, detail, attempts=attempts)

    async def _check_doi(self, url: str, doi: str) -> Result:
        """A DOI exists when the DOI resolver's handle API knows it (no publisher page fetched)."""
        if self.settings.doi == "skip":
            return Result(url, Status.EXCLUDED, detail="DOI left to verify-refs")
        api = self.settings.doi_api.rstrip("/") + "/" + quote(doi, safe="/")
        hop = await self.hop(api)
        if hop.failure is not None:
            return Result(url, hop.failure, None, hop.detail, attempts=hop.attempts)
        if hop.code == 200:
            return Result(url, Status.OK, 200, "DOI registered", attempts=hop.attempts)
        if hop.code == 404:
            return Result(url, Status.BROKEN, 404, "DOI not registered", attempts=hop.attempts)
        return Result(
            url, Status.BLOCKED if hop.code == 429 else Status.BROKEN, hop.code, f"DOI API answered {hop.code}"
        )

    async def archived_copy(self, url: str) -> str | None:
        """The closest Wayback Machine snapshot of ``url``, if any (never raises)."""
        try:
            async with asyncio.timeout(self.settings.timeout):
                response = await self.client.get(self.settings.wayback_api, params={"url": url})
            if response.status_code != 200 or len(response.content) > WAYBACK_BODY_LIMIT:
                return None
            closest = response.json().get("archived_snapshots", {}).get("closest", {})
        except (TimeoutError, httpx.HTTPError, ValueError, AttributeError, OSError):
            return None
        found = closest.get("url") if isinstance(closest, dict) and closest.get("available") else None
        return found if isinstance(found, str) else None
