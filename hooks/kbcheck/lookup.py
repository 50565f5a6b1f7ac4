"""Crossref and NCBI E-utilities for the commands that add sources and watch for new evidence.

Built on :mod:`kbcheck.citations.services` (polite client, per-host intervals,
retries, cache) with the same settings as ``verify-refs``
(``extra.kb.citations.verify``). ``KB_CROSSREF_URL`` and ``KB_NCBI_URL`` override
the service base URLs, so tests point them at a server on 127.0.0.1.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from .citations.model import options
from .citations.services import Answer, Cache, Crossref, Fetcher, PubMed
from .project import Project

ENV_CROSSREF = "KB_CROSSREF_URL"
ENV_NCBI = "KB_NCBI_URL"
ENV_CONTACT = "KB_VERIFY_CONTACT"
VERSION = "1.0"


class PubMedSearch:
    """E-utilities esearch (ids for a query) and batched esummary, JSON."""

    def __init__(self, fetcher: Fetcher, base: str, email: str, api_key: str) -> None:
        self.fetcher, self.base, self.email, self.api_key = fetcher, base, email, api_key

    def _params(self, params: dict[str, str]) -> dict[str, str]:
        params = {"db": "pubmed", **params, "retmode": "json", "tool": "kbcheck"}
        if self.email:
            params["email"] = self.email
        return params

    def _secret(self) -> dict[str, str] | None:
        return {"api_key": self.api_key} if self.api_key else None

    def search(self, term: str, **extra: str) -> Answer:
        return self.fetcher.get(self.base, "/esearch.fcgi", self._params({"term": term, **extra}), self._secret())

    def summaries(self, pmids: list[str]) -> Answer:
        return self.fetcher.get(self.base, "/esummary.fcgi", self._params({"id": ",".join(pmids)}), self._secret())


def search_ids(answer: Answer) -> list[str] | None:
    """The PMIDs of an esearch answer; None when the answer is not one."""
    result = answer.data.get("esearchresult") if answer.status == 200 and isinstance(answer.data, dict) else None
    ids = result.get("idlist") if isinstance(result, dict) else None
    return [str(i) for i in ids] if isinstance(ids, list) else None


@dataclass
class Services:
    """The service clients of one command run (one HTTP client, one cache)."""

    crossref: Crossref
    pubmed: PubMed
    search: PubMedSearch
    fetcher: Fetcher
    contact: str
    crossref_url: str
    ncbi_url: str


def user_agent(contact: str, homepage: str | None) -> str:
    """Crossref asks for a name, version, and a URL or mailto so they can reach us."""
    details = "; ".join(part for part in (homepage, f"mailto:{contact}" if contact else None) if part)
    return f"kbcheck/{VERSION}" + (f" ({details})" if details else "")


@contextmanager
def open_services(
    project: Project, *, cache_file: str | None = None, no_cache: bool = False, max_age_days: float | None = None
) -> Iterator[Services]:
    """Clients for Crossref and NCBI with the project's settings; the cache is saved on exit."""
    settings = options(project)["verify"]
    contact = os.environ.get(ENV_CONTACT) or settings["contact"]
    crossref_url = os.environ.get(ENV_CROSSREF) or settings["crossref_url"]
    ncbi_url = os.environ.get(ENV_NCBI) or settings["ncbi_url"]
    ncbi_key = os.environ.get(settings["ncbi_api_key_env"], "")
    root = project.config.root
    cache_path = None if no_cache else (root / (cache_file or settings["cache"])).resolve()
    cache = Cache(cache_path, (settings["cache_days"] if max_age_days is None else max_age_days) * 86400)
    homepage = (project.config.source.data or {}).get("repo_url") if project.config.source else None
    # NCBI: at most 3 requests a second, 10 with an API key; Crossref's polite pool takes more.
    intervals = {crossref_url: 0.1, ncbi_url: 0.1 if ncbi_key else 0.34}
    headers = {"User-Agent": user_agent(contact, homepage)}
    with httpx.Client(timeout=settings["timeout"], headers=headers, follow_redirects=True) as client:
        fetcher = Fetcher(client, cache, settings["retries"], settings["backoff"], intervals)
        try:
            yield Services(
                Crossref(fetcher, crossref_url, contact),
                PubMed(fetcher, ncbi_url, contact, ncbi_key),
                PubMedSearch(fetcher, ncbi_url, contact, ncbi_key),
                fetcher,
                contact,
                crossref_url,
                ncbi_url,
            )
        finally:
            cache.save()


def relative(project: Project, path: Path) -> str:
    """A path inside the project as a contributor reads it (relative to mkdocs.yml's folder)."""
    try:
        return path.resolve().relative_to(project.config.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
