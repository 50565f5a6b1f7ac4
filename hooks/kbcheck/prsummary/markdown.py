"""The job summary: one Markdown section per kind of change, tables escaped for GitHub."""

from __future__ import annotations

from ..glossary.text import escape_markdown
from .compare import Changes


def _cell(text: str) -> str:
    return escape_markdown(text).replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def _keys(keys: list[str]) -> str:
    return ", ".join(_code(f"[@{key}]") for key in keys) or "–"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def render(changes: Changes, base: str, commit: str) -> str:
    out = [f"## What this pull request changes (compared with `{base}`, merge base `{commit[:12]}`)", ""]
    out += ["### Citations", ""]
    if changes.citations:
        rows = [[_code(page), _keys(added), _keys(removed)] for page, (added, removed) in changes.citations.items()]
        out += _table(["Page", "Added", "Removed"], rows)
    else:
        out.append("No citation added or removed.")
    out += ["", "### New bibliography records", ""]
    if changes.records:
        rows = [[_code(r.key), _cell(r.evidence), _cell(r.title), _cell(r.state)] for r in changes.records]
        out += _table(["Key", "Evidence", "Title", "Verification"], rows)
    else:
        out.append("No new record.")
    if changes.removed_records:
        out += ["", "Removed records: " + ", ".join(_code(k) for k in changes.removed_records) + "."]
    out += ["", "### New external links", ""]
    if changes.links:
        out += _table(["Page", "Link", "Status"], [[_code(p), _code(u), _cell(s)] for p, u, s in changes.links])
    else:
        out.append("No new external link.")
    out += ["", "### Readability (pages read by patients)", ""]
    if changes.readability:
        rows = []
        for page, before, now in changes.readability:
            old = f"{before.grade} ({before.words_per_sentence} words/sentence)" if before else "new page"
            rows.append([_code(page), old, f"{now.grade} ({now.words_per_sentence} words/sentence)"])
        out += _table(["Page", "Grade before", "Grade now"], rows)
    else:
        out.append("No change in reading grade.")
    out += ["", "### Review dates", ""]
    if changes.reviews:
        out += _table(["Page", "Reviewed before", "Reviewed now"], [[_code(p), b, n] for p, b, n in changes.reviews])
    else:
        out.append("No review date changed.")
    out += _figures(changes)
    return "\n".join(out) + "\n"


def _figures(changes: Changes) -> list[str]:
    out = ["", "### Figures not in the ledger (changed pages)", ""]
    if not changes.figures:
        return [*out, "Every figure in a changed cited sentence is in its sources' ledger entries."]
    rows = [[_code(f"{d.path}:{d.line}:{d.column}"), _cell(d.message)] for d in changes.figures]
    return out + _table(["Where", "Finding"], rows)
