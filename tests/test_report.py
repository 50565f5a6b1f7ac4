"""Report formats: one line per finding in text, valid JSON, escaped GitHub annotations."""

from __future__ import annotations

import json

from kbcheck.diagnostics import Diagnostic, Severity
from kbcheck.report import as_github, as_json, as_text

ERROR = Diagnostic("docs/a.md", 3, 7, "KB103", Severity.ERROR, "front matter lacks 'title'", "add it")
WARNING = Diagnostic("docs/b,c.md", 1, 1, "KB105", Severity.WARNING, "50% done\nnext line")


def test_text_lines_and_summary() -> None:
    """Each diagnostic prints as path:line:col: CODE severity: message (hint)."""
    lines = as_text([ERROR, WARNING], pages=2).splitlines()
    assert lines[0] == "docs/a.md:3:7: KB103 error: front matter lacks 'title' (hint: add it)"
    assert lines[-1] == "1 error, 1 warning, 0 info in 2 pages"


def test_json_is_parseable_with_counts() -> None:
    """The JSON report carries every field and the counts."""
    payload = json.loads(as_json([ERROR, WARNING], pages=2))
    assert payload["counts"] == {"error": 1, "warning": 1, "info": 0}
    assert payload["diagnostics"][0] == {
        "path": "docs/a.md",
        "line": 3,
        "column": 7,
        "code": "KB103",
        "severity": "error",
        "message": "front matter lacks 'title'",
        "hint": "add it",
    }


def test_github_annotations_escape_properties_and_data() -> None:
    """Workflow commands escape %, newlines, and ':' ',' in properties."""
    lines = as_github([ERROR, WARNING], pages=2).splitlines()
    assert lines[0] == "::error file=docs/a.md,line=3,col=7,title=KB103::front matter lacks 'title' (hint: add it)"
    assert lines[1] == "::warning file=docs/b%2Cc.md,line=1,col=1,title=KB105::50%25 done%0Anext line"


def test_errors_before_warnings_before_infos() -> None:
    """Every format prints a contributor's errors first, whatever their file or line."""
    from kbcheck.report import render

    info = Diagnostic("data/a.json", 1, 1, "KB216", Severity.INFO, "standing note")
    warning = Diagnostic("docs/b.md", 2, 1, "KB105", Severity.WARNING, "unknown key")
    error = Diagnostic("docs/z.md", 9, 1, "KB103", Severity.ERROR, "missing key")
    other_error = Diagnostic("docs/z.md", 10, 1, "KB103", Severity.ERROR, "missing key")
    given = [info, warning, error, other_error]
    text = render(given, 1, "text").splitlines()
    assert [line.split()[2] for line in text[:4]] == ["error:", "error:", "warning:", "info:"]
    assert text[0].startswith("docs/z.md:9:1")
    payload = json.loads(render(given, 1, "json"))
    assert [d["severity"] for d in payload["diagnostics"]] == ["error", "error", "warning", "info"]
    github = render(given, 1, "github").splitlines()
    assert [line.split()[0] for line in github[:4]] == ["::error", "::error", "::warning", "::notice"]
