"""Turn diagnostics into text, JSON or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from .diagnostics import Diagnostic, Severity, one_line

FORMATS = ("text", "json", "github")


def summary(diagnostics: Iterable[Diagnostic], pages: int) -> str:
    counts = Counter(d.severity for d in diagnostics)
    parts = [
        f"{counts[Severity.ERROR]} error{'s' * (counts[Severity.ERROR] != 1)}",
        f"{counts[Severity.WARNING]} warning{'s' * (counts[Severity.WARNING] != 1)}",
        f"{counts[Severity.INFO]} info",
    ]
    return f"{', '.join(parts)} in {pages} page{'s' * (pages != 1)}"


def as_text(diagnostics: list[Diagnostic], pages: int) -> str:
    lines = [d.format() for d in diagnostics]
    lines.append(summary(diagnostics, pages))
    return "\n".join(lines)


def as_json(diagnostics: list[Diagnostic], pages: int) -> str:
    counts = Counter(d.severity.label for d in diagnostics)
    payload = {
        "pages": pages,
        "counts": {label: counts.get(label, 0) for label in ("error", "warning", "info")},
        "diagnostics": [
            {
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "code": d.code,
                "severity": d.severity.label,
                "message": d.message,
                "hint": d.hint,
            }
            for d in diagnostics
        ],
    }
    return json_text(payload)


def json_text(payload: object) -> str:
    """JSON whose strings cannot break a line for any reader (JSON escapes controls; not U+2028/9)."""
    text = json.dumps(payload, indent=2, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _escape(value: str, *, property_value: bool = False) -> str:
    """Escape per the workflow-command rules (data vs property values); other controls as text."""
    value = one_line(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(diagnostics: list[Diagnostic], pages: int) -> str:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in diagnostics:
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        props = f"file={_escape(d.path, property_value=True)},line={d.line},col={d.column},title={d.code}"
        lines.append(f"::{level[d.severity]} {props}::{_escape(message)}")
    lines.append(summary(diagnostics, pages))
    return "\n".join(lines)


def by_severity(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Errors first, then warnings, then infos, each in the given (file, line) order.

    A contributor's own errors must not scroll away under the site's standing notes.
    """
    return sorted(diagnostics, key=lambda d: -d.severity)


def render(diagnostics: list[Diagnostic], pages: int, fmt: str) -> str:
    ordered = by_severity(diagnostics)
    return {"text": as_text, "json": as_json, "github": as_github}[fmt](ordered, pages)
