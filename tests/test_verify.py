"""verify-refs against a local server that answers in Crossref's and NCBI esummary's JSON shapes."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from citation_data import bibliography_json, record
from conftest import BIN, page


def crossref_work(doi: str, title: str, family: str, year: int, journal: str, **extra: object) -> dict:
    """A /works/{doi} response as documented (message-type work, title and container-title arrays)."""
    message = {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": [{"given": "Ann", "family": family, "sequence": "first", "affiliation": []}],
        "container-title": [journal],
        "issued": {"date-parts": [[year, 5]]},
        "published-online": {"date-parts": [[year - 1, 12, 1]]},
        **extra,
    }
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}


def esummary(pmid: str, title: str, first: str, pubdate: str, *, journal: str, pubtype: list[str]) -> dict:
    """An esummary.fcgi?retmode=json response (version 2.0 document summary)."""
    return {
        "header": {"type": "esummary", "version": "0.3"},
        "result": {
            "uids": [pmid],
            pmid: {
                "uid": pmid,
                "pubdate": pubdate,
                "epubdate": "",
                "source": "J Tests",
                "authors": [{"name": first, "authtype": "Author", "clusterid": ""}],
                "title": title,
                "fulljournalname": journal,
                "pubtype": pubtype,
                "articleids": [{"idtype": "pubmed", "idtypen": 1, "value": pmid}],
            },
        },
    }


class FakeServices:
    """Routes: /crossref/works/{doi}, /crossref/works?filter=updates:{doi}, /ncbi/esummary.fcgi."""

    def __init__(self) -> None:
        self.works: dict[str, dict] = {}
        self.notices: dict[str, list[dict]] = {}
        self.summaries: dict[str, dict] = {}
        self.failures_left: dict[str, int] = {}
        self.requests: list[tuple[float, str, dict[str, str]]] = []

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, object]:
        if path.startswith("/crossref/works/"):
            doi = unquote(path[len("/crossref/works/") :])
            if self.failures_left.get(doi, 0) > 0:
                self.failures_left[doi] -= 1
                return 503, {"status": "error"}
            return (200, self.works[doi]) if doi in self.works else (404, "Resource not found.")
        if path == "/crossref/works":
            doi = query["filter"][0].split(":", 1)[1]
            items = self.notices.get(doi, [])
            return 200, {
                "status": "ok",
                "message-type": "work-list",
                "message": {"items": items, "total-results": len(items)},
            }
        if path == "/ncbi/esummary.fcgi":
            pmid = query["id"][0]
            if pmid in self.summaries:
                return 200, self.summaries[pmid]
            return 200, {"result": {"uids": [pmid], pmid: {"uid": pmid, "error": "cannot get document summary"}}}
        return 404, "not found"


@pytest.fixture
def services() -> Iterator[tuple[FakeServices, str]]:
    fake = FakeServices()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parsed = urlparse(self.path)
            fake.requests.append((time.monotonic(), parsed.path, dict(self.headers)))
            status, body = fake.answer(parsed.path, parse_qs(parsed.query))
            data = (json.dumps(body) if not isinstance(body, str) else body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if not isinstance(body, str) else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def verify_site(make_site, base: str, *records: dict):
    extra = {
        "citations": {
            "verify": {
                "crossref_url": f"{base}/crossref",
                "ncbi_url": f"{base}/ncbi",
                "contact": "editors@example.org",
                "backoff": 0.01,
                "cache": ".cache/verify.json",
            }
        }
    }
    cites = "".join(f"Claim [@{r['id']}].\n\n" for r in records)
    site = make_site({"index.md": page("Home", cites)}, extra_kb=extra)
    site.write("data/bibliography.json", bibliography_json(*records))
    return site


def run_verify(site, *args: str):
    return site.run(str(BIN / "python"), "-m", "kbcheck", "verify-refs", *args)


def test_matching_records_are_locked_and_builds_stop_warning(make_site, services) -> None:
    """Agreeing services: exit 0, a lock file with service, date and hash; the check then has no KB216."""
    fake, base = services
    item = record("a", PMID="111", title="Ketamine for tests: a trial")
    fake.works["10.5555/a"] = crossref_work(
        "10.5555/a", "Ketamine for Tests: A Trial", "Alpha", 2020, "Journal of Tests"
    )
    fake.summaries["111"] = esummary(
        "111", "Ketamine for tests: a trial.", "Alpha A", "2020 May", journal="Journal of tests", pubtype=[]
    )
    site = verify_site(make_site, base, item)
    result = run_verify(site)
    assert result.returncode == 0, result.stdout + result.stderr
    lock = json.loads((site.root / "data/bibliography.lock.json").read_text())
    entry = lock["records"]["a"]
    assert entry["hash"].startswith("sha256:")
    assert [c["service"] for c in entry["checks"]] == ["crossref", "pubmed"]
    assert entry["verified"].endswith("Z")
    check = site.run(str(BIN / "python"), "-m", "kbcheck", "check")
    assert "KB216" not in check.stdout


def test_mismatches_are_errors_at_the_record(make_site, services) -> None:
    """A different title, first author, year and journal are each reported with the field's line."""
    fake, base = services
    fake.works["10.5555/a"] = crossref_work("10.5555/a", "Something else entirely", "Omega", 2011, "Other Journal")
    site = verify_site(make_site, base, record("a"))
    result = run_verify(site)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "KB217" in line]
    assert len(lines) == 4
    assert any("title differs: the service has 'Something else entirely'" in line for line in lines)
    assert any(":7:" in line and "first author 'Alpha' differs" in line for line in lines), lines
    assert "a" not in json.loads((site.root / "data/bibliography.lock.json").read_text())["records"]


def test_retraction_and_correction_notices(make_site, services) -> None:
    """A retraction (notice's update-to) is an error; a correction (updated-by) a warning; both name the notice."""
    fake, base = services
    fake.works["10.5555/a"] = crossref_work(
        "10.5555/a",
        "Test title a",
        "Alpha",
        2020,
        "Journal of Tests",
        **{"updated-by": [{"DOI": "10.5555/fix", "type": "correction", "label": "Correction", "source": "publisher"}]},
    )
    fake.notices["10.5555/a"] = [
        {
            "DOI": "10.5555/notice",
            "title": ["Retraction"],
            "update-to": [
                {
                    "DOI": "10.5555/a",
                    "type": "retraction",
                    "label": "Retraction",
                    "updated": {"date-parts": [[2022, 1, 1]]},
                }
            ],
        }
    ]
    site = verify_site(make_site, base, record("a"))
    result = run_verify(site)
    assert result.returncode == 1
    assert "KB218 error: 'a': Crossref lists a retraction for DOI 10.5555/a: notice 10.5555/notice" in result.stdout
    assert "KB219 warning: 'a': Crossref lists a correction for DOI 10.5555/a: notice 10.5555/fix" in result.stdout


def test_unknown_identifiers_and_pubmed_retraction(make_site, services) -> None:
    """A DOI Crossref does not know and a PMID esummary cannot find are errors; PubMed's retracted flag too."""
    fake, base = services
    fake.summaries["222"] = esummary(
        "222", "Test title b", "Alpha A", "2020", journal="Journal of Tests", pubtype=["Retracted Publication"]
    )
    site = verify_site(make_site, base, record("a", PMID="999"), record("b", DOI=None, PMID="222"))
    result = run_verify(site)
    assert "KB220 error: 'a': Crossref does not know DOI 10.5555/a" in result.stdout
    assert "KB220 error: 'a': PubMed does not know PMID 999" in result.stdout
    assert "KB218 error: 'b': PubMed marks PMID 222 as a retracted publication" in result.stdout


def test_journal_abbreviation_is_checked_against_pubmed(make_site, services) -> None:
    """PubMed's `source` is the NLM abbreviation: a different container-title-short is an error at its line."""
    fake, base = services
    for pmid, key in (("301", "right"), ("302", "wrong")):
        fake.summaries[pmid] = esummary(
            pmid, f"Test title {key}", "Alpha A", "2020", journal="Journal of Tests", pubtype=[]
        )
    site = verify_site(
        make_site,
        base,
        record("right", DOI=None, PMID="301", **{"container-title-short": "J Tests"}),
        record("wrong", DOI=None, PMID="302", **{"container-title-short": "J Test Res"}),
    )
    result = run_verify(site)
    problems = [line for line in result.stdout.splitlines() if "KB217" in line]
    assert len(problems) == 1, result.stdout
    assert "'wrong': journal abbreviation 'J Test Res' differs: PubMed has 'J Tests'" in problems[0]
    text = (site.root / "data/bibliography.json").read_text(encoding="utf-8")
    line = text[: text.index('"J Test Res"')].count("\n") + 1
    assert f"bibliography.json:{line}:" in problems[0]
    lock = json.loads((site.root / "data/bibliography.lock.json").read_text())["records"]
    assert "journal abbreviation" in lock["right"]["checks"][0]["compared"]
    assert "wrong" not in lock


def test_retries_user_agent_rate_limit_and_cache(make_site, services) -> None:
    """503s are retried; requests carry a contact User-Agent; NCBI calls are >= 1/3 s apart; answers are cached."""
    fake, base = services
    fake.failures_left["10.5555/a"] = 2
    fake.works["10.5555/a"] = crossref_work("10.5555/a", "Test title a", "Alpha", 2020, "Journal of Tests")
    for pmid in ("1", "2", "3"):
        fake.summaries[pmid] = esummary(
            pmid, f"Test title p{pmid}", "Alpha A", "2020", journal="Journal of Tests", pubtype=[]
        )
    records = [record("a")] + [record(f"p{n}", DOI=None, PMID=str(n)) for n in (1, 2, 3)]
    site = verify_site(make_site, base, *records)
    result = run_verify(site)
    assert result.returncode == 0, result.stdout
    assert sum(1 for _, path, _ in fake.requests if path == "/crossref/works/10.5555/a") == 3
    agent = fake.requests[0][2]["User-Agent"]
    assert agent.startswith("kbcheck-verify-refs/") and "mailto:editors@example.org" in agent
    ncbi = [when for when, path, _ in fake.requests if path == "/ncbi/esummary.fcgi"]
    assert all(later - earlier >= 0.33 for earlier, later in itertools.pairwise(ncbi))
    before = len(fake.requests)
    assert run_verify(site).returncode == 0
    assert len(fake.requests) == before


def test_unreachable_service_is_a_warning_not_a_traceback(make_site) -> None:
    """Nothing listening: a located KB221 warning per lookup, no traceback, nothing locked."""
    site = verify_site(make_site, "http://127.0.0.1:9", record("a"))
    result = run_verify(site)
    assert "Traceback" not in result.stderr
    assert "KB221 warning: 'a': Crossref lookup failed" in result.stdout
