"""External link results as diagnostics (text, JSON, GitHub annotations) and as Markdown."""

from __future__ import annotations

import html
import json
from collections import Counter

from ..diagnostics import Diagnostic, one_line
from ..links.rules import (
    EXTERNAL_BLOCKED,
    EXTERNAL_BROKEN,
    EXTERNAL_REDIRECTED,
    EXTERNAL_TIMEOUT,
    EXTERNAL_UNREACHABLE,
)
from ..report import json_text, render
from .model import Result, Status
from .runner import RunOutcome

_RULES = {
    Status.BROKEN: EXTERNAL_BROKEN,
    Status.REDIRECTED: EXTERNAL_REDIRECTED,
    Status.BLOCKED: EXTERNAL_BLOCKED,
    Status.TIMEOUT: EXTERNAL_TIMEOUT,
    Status.UNREACHABLE: EXTERNAL_UNREACHABLE,
}
_ORDER = [Status.BROKEN, Status.REDIRECTED, Status.BLOCKED, Status.TIMEOUT, Status.UNREACHABLE]


def _message(result: Result, written: str) -> tuple[str, str | None]:
    if result.status is Status.REDIRECTED:
        return f"link '{written}' has moved permanently to '{result.suggestion}'", f"use '{result.suggestion}'"
    if result.status is Status.BROKEN:
        hint = f"an archived copy exists: {result.suggestion}" if result.suggestion else None
        return f"link '{written}' is broken: {result.detail}", hint
    if result.status is Status.BLOCKED:
        return f"link '{written}' could not be checked: {result.detail}", "open it in a browser to confirm it works"
    if result.status is Status.TIMEOUT:
        return f"link '{written}' timed out: {result.detail}", "try again later; the site may be slow or down"
    return f"link '{written}' got no answer: {result.detail.removeprefix('no answer: ')}", (
        "check your network, then the host name"
    )


def diagnostics(results: list[Result]) -> list[Diagnostic]:
    """One finding per place a problem URL is written, sorted by place."""
    found = []
    for result in results:
        rule = _RULES.get(result.status)
        if rule is None:
            continue
        for place in result.occurrences:
            message, hint = _message(result, place.written)
            found.append(rule.at(place.path, place.line, place.column, message, hint))
    return sorted(found, key=Diagnostic.sort_key)


def counts(results: list[Result]) -> Counter[str]:
    return Counter(result.status.value for result in results)


def summary_line(outcome: RunOutcome) -> str:
    tally = counts(outcome.results)
    parts = ", ".join(f"{tally[s.value]} {s.value}" for s in Status if tally[s.value])
    cached = sum(result.cached for result in outcome.results)
    line = (
        f"{len(outcome.results)} unique URLs ({parts or 'none'}); "
        f"{sum(outcome.requests.values())} requests, {cached} from cache, {outcome.seconds:.1f} s"
    )
    asked = [r for r in outcome.results if not r.cached and r.status is not Status.EXCLUDED]
    if len(asked) >= 3 and tally[Status.UNREACHABLE.value] >= 0.9 * len(asked):
        line += " -- nearly every host is unreachable: is this machine offline?"
    return line


def as_json(outcome: RunOutcome, found: list[Diagnostic]) -> str:
    payload = json.loads(render(found, 0, "json"))
    payload.pop("pages", None)
    payload["urls"] = len(outcome.results)
    payload["requests"] = sum(outcome.requests.values())
    payload["statuses"] = dict(counts(outcome.results))
    payload["results"] = [
        {
            "url": r.url,
            "status": r.status.value,
            "code": r.code,
            "detail": r.detail,
            "suggestion": r.suggestion,
            "cached": r.cached,
            "requests": outcome.requests.get(r.url, 0),
            "occurrences": [{"path": o.path, "line": o.line, "column": o.column} for o in r.occurrences],
        }
        for r in outcome.results
    ]
    return json_text(payload)


def _cell(text: str) -> str:
    """Table-cell text: one line, no HTML or table syntax (URLs and paths come from contributors)."""
    return html.escape(one_line(text)).replace("|", "\\|").replace("`", "&#96;")


def _code(text: str) -> str:
    """Text for inside a code span in a table cell (HTML is not read there; backticks and pipes are)."""
    return one_line(text).replace("`", "'").replace("|", "\\|")


def as_markdown(outcome: RunOutcome, title: str = "External links") -> str:
    """A job-summary or issue body: totals, then a table per problem class."""
    lines = [f"## {title}", "", summary_line(outcome), ""]
    for status in _ORDER:
        rows = [r for r in outcome.results if r.status is status]
        if not rows:
            continue
        lines += [f"### {status.value.capitalize()} ({len(rows)})", "", "| URL | Result | Where | Suggestion |"]
        lines.append("|---|---|---|---|")
        for r in sorted(rows, key=lambda item: item.url):
            where = "<br>".join(f"`{_code(o.path)}:{o.line}`" for o in r.occurrences)
            lines.append(f"| {_cell(r.url)} | {_cell(r.detail)} | {where} | {_cell(r.suggestion or '')} |")
        lines.append("")
    if all(r.status in {Status.OK, Status.EXCLUDED} for r in outcome.results):
        lines.append("Every external link works.")
    return "\n".join(lines).rstrip() + "\n"


def as_report(outcome: RunOutcome, fmt: str, found: list[Diagnostic]) -> str:
    """The report in text, json, github or markdown format (``found``: its diagnostics)."""
    if fmt == "json":
        return as_json(outcome, found)
    if fmt == "markdown":
        return as_markdown(outcome)
    lines = render(found, 0, fmt).splitlines()[:-1]  # our own summary replaces the page count
    return "\n".join([*lines, summary_line(outcome)])
