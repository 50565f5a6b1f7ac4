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

RETRY_STATUS = {429, 500, 502, 503, 504}
CACHED_STATUS = {200, 404}


@dataclass(frozen=True, slots=True)
class Answer:
    """A service's answer: HTTP status (0 when unreachable) and the JSON body (None if none)."""

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
        if path and path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                self.entries = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self.entries = {}

    def get(self, url: str) -> Answer | None:
        entry = self.entries.get(url)
        if not entry or time.time() - entry.get("time", 0) > self.max_age:
            return None
        return Answer(entry["status"], entry.get("data"), url)

    def put(self, answer: Answer) -> None:
        if answer.status in CACHED_STATUS:
            self.entries[answer.url] = {"time": time.time(), "status": answer.status, "data": answer.data}

    def save(self) -> None:
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.entries), encoding="utf-8")


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

    def get(
        self, base: str, path: str, params: dict[str, str] | None = None, secret: dict[str, str] | None = None
    ) -> Answer:
        """GET ``base + path``; ``secret`` parameters (API keys) are sent but never cached or shown."""
        url = base.rstrip("/") + path + ("?" + urlencode(params) if params else "")
        request_url = url + (("&" if params else "?") + urlencode(secret) if secret else "")
        cached = self.cache.get(url)
        if cached is not None:
            return cached
        answer = Answer(0, None, url, "no attempt")
        for attempt in range(self.retries + 1):
            self._wait_turn(base)
            try:
                response = self.client.get(request_url)
            except httpx.HTTPError as exc:
                response = None
                answer = Answer(0, None, url, f"{type(exc).__name__}: {exc}")
            # The interval counts from when the answer arrived, not from when the
            # request left, so requests stay >= interval apart at the server too,
            # however long one of them took to get there.
            self._last[base] = time.monotonic()
            if response is not None:
                answer = Answer(response.status_code, _json(response), url)
                if response.status_code not in RETRY_STATUS:
                    break
                answer = Answer(response.status_code, None, url, f"HTTP {response.status_code}")
                delay = _retry_after(response)
                if delay is not None and attempt < self.retries:
                    time.sleep(min(delay, 60.0))
                    continue
            if attempt < self.retries:
                time.sleep(self.backoff * 2**attempt)
        self.cache.put(answer)
        return answer

    def _wait_turn(self, base: str) -> None:
        interval = self.intervals.get(base, 0.0)
        wait = self._last.get(base, 0.0) + interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[base] = time.monotonic()


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


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
