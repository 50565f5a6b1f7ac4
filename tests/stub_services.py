"""A stand-in for Crossref's REST API and NCBI E-utilities on 127.0.0.1, answering in their documented shapes.

Routes: ``/crossref/works/{doi}`` (a work), ``/crossref/works?filter=updates:{doi}``
(notices that update it), ``/ncbi/esearch.fcgi`` and ``/ncbi/esummary.fcgi``
(``retmode=json``). The works are fictional: DOIs under Crossref's test prefix
10.5555 and PMIDs from 99000001, so no real paper's metadata is ever copied.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

import pytest


def crossref_work(doi: str, **fields: object) -> dict:
    """A ``/works/{doi}`` answer: message-type work, title and container-title as arrays."""
    message = {"DOI": doi, "type": "journal-article", "prefix": "10.5555", **fields}
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}


def esummary_item(pmid: str, **fields: object) -> dict:
    """One document summary of an ``esummary.fcgi?db=pubmed&retmode=json`` answer."""
    return {"uid": pmid, "epubdate": "", "articleids": [{"idtype": "pubmed", "idtypen": 1, "value": pmid}], **fields}


# The fictional trial: a DOI, a PMID, a PMCID, an NLM abbreviation, authors with full names at Crossref.
TRIAL_DOI, TRIAL_PMID, TRIAL_PMCID = "10.5555/kb-test.1", "99000001", "PMC9900001"
TRIAL_WORK = crossref_work(
    TRIAL_DOI,
    title=["Ketamine for a fictional test condition: a <i>randomised</i> placebo-controlled trial"],
    author=[
        {"given": "Alex", "family": "Testperson", "sequence": "first", "affiliation": []},
        {"given": "Sam", "family": "Nobody", "sequence": "additional", "affiliation": []},
    ],
    **{"container-title": ["Journal of Fictional Test Medicine"], "short-container-title": ["J Fict Test Med"]},
    issued={"date-parts": [[2024, 3, 5]]},
    volume="12",
    issue="3",
    page="101-110",
)
TRIAL_SUMMARY = esummary_item(
    TRIAL_PMID,
    pubdate="2024 Mar",
    source="J Fict Test Med",
    fulljournalname="Journal of fictional test medicine",
    title="Ketamine for a fictional test condition: a randomised placebo-controlled trial.",
    authors=[
        {"name": "Testperson A", "authtype": "Author", "clusterid": ""},
        {"name": "Nobody S", "authtype": "Author"},
    ],
    volume="12",
    issue="3",
    pages="101-10",
    pubtype=["Journal Article", "Randomized Controlled Trial"],
    articleids=[
        {"idtype": "pubmed", "idtypen": 1, "value": TRIAL_PMID},
        {"idtype": "doi", "idtypen": 3, "value": TRIAL_DOI},
        {"idtype": "pmc", "idtypen": 8, "value": TRIAL_PMCID},
    ],
)
# A fictional retracted work: Crossref's updated-by names the notice, PubMed marks it.
RETRACTED_DOI, RETRACTED_PMID, RETRACTION_NOTICE = "10.5555/kb-test.2", "99000002", "10.5555/kb-test.2-retraction"
RETRACTED_WORK = crossref_work(
    RETRACTED_DOI,
    title=["A fictional withdrawn study"],
    author=[{"given": "Pat", "family": "Example", "sequence": "first"}],
    **{
        "container-title": ["Journal of Fictional Test Medicine"],
        "updated-by": [{"DOI": RETRACTION_NOTICE, "type": "retraction", "label": "Retraction", "source": "publisher"}],
    },
    issued={"date-parts": [[2023]]},
)
# A fictional PubMed-only record (no DOI): authors only as initials.
PLAIN_PMID = "99000003"
PLAIN_SUMMARY = esummary_item(
    PLAIN_PMID,
    pubdate="2022 Winter",
    source="Fict Rev",
    fulljournalname="Fictional reviews",
    title="A fictional systematic review of test interventions.",
    authors=[
        {"name": "Sample QR", "authtype": "Author"},
        {"name": "Fictional Study Group", "authtype": "CollectiveName"},
    ],
    volume="4",
    pages="1-9",
    pubtype=["Journal Article", "Systematic Review"],
)


@dataclass
class StubServices:
    """What the stub knows, and every request it received (path, query, headers, time)."""

    works: dict[str, dict] = field(default_factory=dict)
    notices: dict[str, list[dict]] = field(default_factory=dict)
    summaries: dict[str, dict] = field(default_factory=dict)
    searches: dict[str, list[str]] = field(default_factory=dict)  # substring of the term -> PMIDs
    fail: set[str] = field(default_factory=set)  # paths that answer 503
    fail_terms: set[str] = field(default_factory=set)  # esearch terms (substrings) that answer 503
    requests: list[tuple[str, dict[str, list[str]], dict[str, str], float]] = field(default_factory=list)
    base: str = ""

    def fictional(self) -> StubServices:
        """Register the fictional works above."""
        self.works |= {TRIAL_DOI: TRIAL_WORK, RETRACTED_DOI: RETRACTED_WORK}
        retracted = esummary_item(
            RETRACTED_PMID,
            pubdate="2023",
            source="J Fict Test Med",
            fulljournalname="Journal of fictional test medicine",
            title="A fictional withdrawn study.",
            authors=[{"name": "Example P", "authtype": "Author"}],
            pubtype=["Journal Article", "Retracted Publication"],
            articleids=[{"idtype": "doi", "value": RETRACTED_DOI}],
        )
        self.summaries |= {TRIAL_PMID: TRIAL_SUMMARY, RETRACTED_PMID: retracted, PLAIN_PMID: PLAIN_SUMMARY}
        self.searches |= {
            f"{TRIAL_PMCID}[pmcid]": [TRIAL_PMID],
            f'"{TRIAL_DOI}"[doi]': [TRIAL_PMID],
            f'"{RETRACTED_DOI}"[doi]': [RETRACTED_PMID],
        }
        return self

    def env(self) -> dict[str, str]:
        return {"KB_CROSSREF_URL": f"{self.base}/crossref", "KB_NCBI_URL": f"{self.base}/ncbi"}

    def paths(self) -> list[str]:
        return [path for path, *_ in self.requests]

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, object]:
        if path in self.fail:
            return 503, {"status": "error"}
        if path.startswith("/ncbi/"):
            return self.ncbi(path, query)
        if path.startswith("/crossref/works/"):
            doi = unquote(path[len("/crossref/works/") :])
            return (200, self.works[doi]) if doi in self.works else (404, "Resource not found.")
        if path == "/crossref/works":
            doi = query["filter"][0].split(":", 1)[1]
            items = self.notices.get(doi, [])
            return 200, {
                "status": "ok",
                "message-type": "work-list",
                "message": {"items": items, "total-results": len(items), "items-per-page": 20},
            }
        return 404, "not found"

    def ncbi(self, path: str, query: dict[str, list[str]]) -> tuple[int, object]:
        if path == "/ncbi/esearch.fcgi":
            term = query["term"][0]
            if any(failing in term for failing in self.fail_terms):
                return 503, {"error": "temporarily unavailable"}
            ids = next((ids for key, ids in self.searches.items() if key in term), [])
            result = {"count": str(len(ids)), "retmax": str(len(ids)), "retstart": "0", "idlist": ids}
            return 200, {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
        if path == "/ncbi/esummary.fcgi":
            pmids = query["id"][0].split(",")
            result: dict[str, object] = {"uids": pmids}
            for pmid in pmids:
                result[pmid] = self.summaries.get(pmid, {"uid": pmid, "error": "cannot get document summary"})
            return 200, {"header": {"type": "esummary", "version": "0.3"}, "result": result}
        return 404, "not found"


@pytest.fixture
def stub() -> Iterator[StubServices]:
    services = StubServices()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parsed = urlparse(self.path)
            query = parse_qs(parsed.query)
            services.requests.append((parsed.path, query, dict(self.headers), time.monotonic()))
            status, body = services.answer(parsed.path, query)
            data = (body if isinstance(body, str) else json.dumps(body)).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain" if isinstance(body, str) else "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    services.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield services
    finally:
        server.shutdown()
        server.server_close()
