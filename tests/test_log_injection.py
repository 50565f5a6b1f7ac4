"""Text a contributor wrote stays on its report line in every format: no forged lines, no workflow commands."""

from __future__ import annotations

import json

import pytest

from kbcheck.diagnostics import Diagnostic, Severity, one_line
from kbcheck.external.model import Occurrence, Result, Status
from kbcheck.external.report import as_markdown
from kbcheck.external.runner import RunOutcome
from kbcheck.report import render

HOSTILE = [
    "key\n::error file=x,line=1::forged",
    "key\r::add-mask::secret",
    "key\r\n::stop-commands::token",
    "bell\x07 escape\x1b[31m red",
    "nel\x85 next line",
    "ls\u2028 ps\u2029 separators",
    "bidi \u202e reversed \u2066",
    "tab\there",
]


def _diagnostic(text: str) -> Diagnostic:
    return Diagnostic(f"docs/{text}.md", 3, 1, "KB105", Severity.WARNING, f"unknown key '{text}'", f"hint {text}")


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("fmt", ["text", "github"])
def test_each_diagnostic_is_exactly_one_line(text: str, fmt: str) -> None:
    output = render([_diagnostic(text)], 1, fmt)
    lines = output.split("\n")
    assert len(lines) == 2  # the diagnostic and the summary
    assert not any(ch in output for ch in "\r\x85\u2028\u2029\x1b\x07\u202e")
    if fmt == "github":
        assert lines[0].startswith("::warning file=docs/")
    else:
        assert not lines[0].startswith("::")


@pytest.mark.parametrize("text", HOSTILE)
def test_json_strings_cannot_break_lines(text: str) -> None:
    output = render([_diagnostic(text)], 1, "json")
    assert "\u2028" not in output and "\u2029" not in output
    assert json.loads(output)["diagnostics"][0]["message"] == f"unknown key '{text}'"


def test_a_file_named_like_a_workflow_command_does_not_start_a_line() -> None:
    found = Diagnostic("::error::x.md", 1, 1, "KB101", Severity.ERROR, "no front matter")
    assert render([found], 1, "text").startswith("./::error::x.md:1:1:")


def test_one_line_keeps_ordinary_text() -> None:
    assert one_line("Ketamine — Δ 5 % «ok» 日本") == "Ketamine — Δ 5 % «ok» 日本"
    assert one_line("a\nb") == "a\\nb"


def test_markdown_summary_cells_hold_no_html_or_lines() -> None:
    url = "https://x.org/a|b<script>alert(1)</script>\n## forged"
    result = Result(url, Status.BROKEN, 404, "404 Not Found")
    result.occurrences = [Occurrence("docs/`p`.md", 1, 1, url)]
    text = as_markdown(RunOutcome([result], __import__("collections").Counter(), 0.1))
    assert "<script>" not in text and "\n## forged" not in text and "`p`" not in text
    row = next(line for line in text.splitlines() if "x.org" in line)
    assert row.count(" | ") == 3
