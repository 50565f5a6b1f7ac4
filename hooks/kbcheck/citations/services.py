"""HTTP lookups at Crossref (REST API) and NCBI E-utilities (esummary), as a good API citizen.

- a descriptive User-Agent with a contact address (Crossref's "polite pool");
- at most 3 requests per second to NCBI without an API key (10 with one);
- a timeout, retries with exponential backoff on timeouts, 429 and 5xx (honouring
  ``Retry-After``), and an on-disk cache of definitive answers (200 and 404);
- base URLs come from the settings, so tests point them at a local server.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from .. import atomic, jsonload

RETRY_STATUS = {429, 500, 502, 503, 504}
CACHED_STATUS = {200, 404}
MAX_BODY = 5_000_000  # a Crossref work or an esummary is a few kB
GIVE_UP_AFTER = 3  # offline, stop asking a service after this many requests in a row got no answer


@dataclass(frozen=True, slots=True)
class Answer:
    """A service's answer: HTTP status (0: no answer), the JSON body (None if none), and what went wrong.

    ``error`` starts with "no answer" (network, timeout) or "bad answer" (5xx, not
    JSON, too large): either way the record could not be verified.
    """

    status: int
    data: Any
    url: str
    error: str | None = None


class Cache:
    """URL -> answer, kept in one JSON file; entries older than ``max_age`` seconds are ignored."""

    def __init__(self, path: Path | None, max_age: float) -> None:
        self.path = path
        self.max_age = max_age
        self.entries: dict[str, dict[str, Any]] = {}
        text = atomic.read_text(path) if path else None
        loaded = None if text is None else jsonload.loads(text)
        self.entries = loaded if isinstance(loaded, dict) else {}  # a damaged cache is an empty one

    def get(self, url: str) -> Answer | None:
        entry = self.entries.get(url)
        if not isinstance(entry, dict) or entry.get("status") not in CACHED_STATUS:
            return None
        stamp = entry.get("time")
        if not isinstance(stamp, int | float) or time.time() - stamp > self.max_age:
            return None
        return Answer(entry["status"], entry.get("data"), url)

    def put(self, answer: Answer) -> None:
        """Keep definitive answers only: a 404, or a 200 that was JSON."""
        if answer.error is None and (answer.status == 404 or (answer.status == 200 and answer.data is not None)):
            self.entries[answer.url] = {"time": time.time(), "status": answer.status, "data": answer.data}

    def save(self) -> str | None:
        """Write the cache atomically; the reason when it cannot (the run goes on)."""
        return atomic.write_text(self.path, json.dumps(self.entries)) if self.path else None


class Fetcher:
    """GET JSON with a per-host minimum interval, retries with backoff, and the cache."""

    def __init__(
        self, client: httpx.Client, cache: Cache, retries: int, backoff: float, intervals: dict[str, float]
    ) -> None:
        self.client = client
        self.cache = cache
        self.retries = retries
        self.backoff = backoff
        self.intervals = intervals
        self._last: dict[str, float] = {}
        self._silent: dict[str, int] = {}  # base -> requests in a row that got no answer

    def get(
        self, base: str, path: str, params: dict[str, str] | None = None, secret: dict[str, str] | None = None
    ) -> Answer:
        """GET ``base + path``; ``secret`` parameters (API keys) are sent but never cached or shown."""
        url = base.rstrip("/") + path + ("?" + urlencode(params) if params else "")
        request_url = url + (("&" if params else "?") + urlencode(secret) if secret else "")
        cached = self.cache.get(url)
        if cached is not None:
            return cached
        if self._silent.get(base, 0) >= GIVE_UP_AFTER:
            return Answer(0, None, url, f"no answer (skipped: the last {GIVE_UP_AFTER} requests got none)")
        answer = Answer(0, None, url, "no attempt")
        for attempt in range(self.retries + 1):
            self._wait_turn(base)
            answer, delay = self._attempt(request_url, url)
            # The interval counts from when the answer arrived, not from when the
            # request left, so requests stay >= interval apart at the server too,
            # however long one of them took to get there.
            self._last[base] = time.monotonic()
            if answer.status not in RETRY_STATUS and answer.status != 0:
                break
            if attempt < self.retries:
                time.sleep(min(delay, 60.0) if delay is not None else self.backoff * 2**attempt)
        self._silent[base] = self._silent.get(base, 0) + 1 if answer.status == 0 else 0
        self.cache.put(answer)
        return answer

    def _attempt(self, request_url: str, url: str) -> tuple[Answer, float | None]:
        """One request: the answer and the server's Retry-After (seconds) if it sent one."""
        # The client's timeout bounds each read; this bounds the whole body (a server
        # sending one byte a second never trips a read timeout).
        deadline = time.monotonic() + 2 * (self.client.timeout.read or 30.0)
        try:
            with self.client.stream("GET", request_url) as response:
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_BODY:
                        return Answer(response.status_code, None, url, f"bad answer: over {MAX_BODY} bytes"), None
                    if time.monotonic() > deadline:
                        return Answer(0, None, url, "no answer (the body did not arrive in time)"), None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
            return Answer(0, None, url, f"no answer ({type(exc).__name__}: {exc})".replace(": )", ")")), None
        if response.status_code in RETRY_STATUS:
            return Answer(response.status_code, None, url, f"bad answer: HTTP {response.status_code}"), _retry_after(
                response
            )
        data = jsonload.loads(body.decode("utf-8", "replace"))
        if isinstance(data, jsonload.JsonProblem):
            kind = response.headers.get("content-type", "no content type").split(";")[0]
            error = f"bad answer: HTTP {response.status_code} with {kind}, not JSON"
            return Answer(response.status_code, None, url, None if response.status_code == 404 else error), None
        return Answer(response.status_code, data, url), None

    def _wait_turn(self, base: str) -> None:
        interval = self.intervals.get(base, 0.0)
        wait = self._last.get(base, 0.0) + interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[base] = time.monotonic()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


class Crossref:
    """Crossref REST API: a work by DOI, and the update notices (retractions, corrections) about it."""

    def __init__(self, fetcher: Fetcher, base: str, mailto: str) -> None:
        self.fetcher, self.base, self.mailto = fetcher, base, mailto

    def _params(self, extra: dict[str, str] | None = None) -> dict[str, str] | None:
        params = dict(extra or {})
        if self.mailto:
            params["mailto"] = self.mailto
        return params or None

    def work(self, doi: str) -> Answer:
        return self.fetcher.get(self.base, "/works/" + quote(doi, safe="/()"), self._params())

    def notices(self, doi: str) -> Answer:
        """Works whose ``update-to`` names this DOI (the documented ``updates`` filter)."""
        return self.fetcher.get(self.base, "/works", self._params({"filter": f"updates:{doi}", "rows": "20"}))


class PubMed:
    """NCBI E-utilities esummary (JSON) for one PMID."""

    def __init__(self, fetcher: Fetcher, base: str, email: str, api_key: str) -> None:
        self.fetcher, self.base, self.email, self.api_key = fetcher, base, email, api_key

    def summary(self, pmid: str) -> Answer:
        params = {"db": "pubmed", "id": pmid, "retmode": "json", "tool": "kbcheck"}
        if self.email:
            params["email"] = self.email
        secret = {"api_key": self.api_key} if self.api_key else None
        return self.fetcher.get(self.base, "/esummary.fcgi", params, secret)
