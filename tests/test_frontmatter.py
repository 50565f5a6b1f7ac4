"""Front-matter checks: one located diagnostic per problem, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kbcheck import frontmatter
from kbcheck.project import Page

TODAY = dt.date(2026, 6, 1)
OPTIONS = {
    "required": ["title", "description", "reviewed", "type"],
    "types": ["clinical", "general", "reference"],
    "audiences": ["patient", "clinician", "all"],
    "description_max": 160,
    "allowed_keys": [],
    "exempt": [],
}


def findings(source: str) -> list[tuple[str, int, int, str]]:
    page = Page("p.md", Path("p.md"), "docs/p.md", source)
    return [(d.code, d.line, d.column, d.message) for d in frontmatter.check_page(page, OPTIONS, TODAY)]


GOOD = "---\ntitle: T\ndescription: D\nreviewed: 2026-01-02\ntype: general\n---\n# T\n"


def test_valid_page_has_no_findings() -> None:
    """A complete header produces nothing."""
    assert findings(GOOD) == []


def test_missing_front_matter() -> None:
    """No --- block at all is KB101 at line 1."""
    assert findings("# Title\n") == [("KB101", 1, 1, "page has no front matter")]


def test_malformed_yaml_is_located() -> None:
    """A YAML syntax error is KB102 on the line of the problem, not a traceback."""
    result = findings("---\ntitle: T\ndescription: [oops\nreviewed: 2026-01-01\n---\n")
    assert len(result) == 1
    code, line, _, message = result[0]
    assert code == "KB102"
    assert line in {3, 4, 5}
    assert "not valid YAML" in message


def test_front_matter_that_is_not_a_mapping() -> None:
    """A list or plain string is KB102."""
    assert [f[0] for f in findings("---\n- a\n- b\n---\n")] == ["KB102"]


@pytest.mark.parametrize("key", ["title", "description", "reviewed", "type"])
def test_each_missing_required_key(key: str) -> None:
    """Each required key that is absent is reported by name."""
    source = "\n".join(line for line in GOOD.splitlines() if not line.startswith(f"{key}:")) + "\n"
    assert [(f[0], f[3]) for f in findings(source)] == [("KB103", f"front matter lacks required key '{key}'")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-13-45", "not a valid ISO date"),
        ("24/11/2026", "not a valid ISO date"),
        ("2027-01-01", "a date in the future"),
        ("12", "not a date"),
    ],
)
def test_bad_review_dates(value: str, expected: str) -> None:
    """Impossible, non-ISO, future and non-date values are KB104 on the reviewed line."""
    result = findings(GOOD.replace("2026-01-02", value))
    assert len(result) == 1
    assert result[0][:3] == ("KB104", 4, 1)
    assert expected in result[0][3]


def test_description_length_limit() -> None:
    """Descriptions over 160 characters are reported with the count."""
    result = findings(GOOD.replace("description: D", "description: " + "x" * 161))
    assert result == [("KB104", 3, 1, "description is 161 characters; the limit is 160")]


def test_unknown_type_suggests_closest() -> None:
    """A misspelt type gets a did-you-mean hint."""
    page = Page("p.md", Path("p.md"), "docs/p.md", GOOD.replace("type: general", "type: clinicl"))
    (diagnostic,) = frontmatter.check_page(page, OPTIONS, TODAY)
    assert diagnostic.code == "KB104"
    assert diagnostic.hint == "did you mean 'clinical'?"


def test_unknown_key_is_a_warning_with_hint() -> None:
    """Unknown keys warn (KB105) and suggest a known key."""
    page = Page("p.md", Path("p.md"), "docs/p.md", GOOD.replace("type: general", "type: general\nreviewd: x"))
    (diagnostic,) = frontmatter.check_page(page, OPTIONS, TODAY)
    assert (diagnostic.code, diagnostic.severity.label, diagnostic.line) == ("KB105", "warning", 6)
    assert diagnostic.hint == "did you mean 'reviewed'?"


def test_material_keys_are_known() -> None:
    """Material's own front-matter keys are not reported."""
    assert findings(GOOD.replace("type: general", "type: general\nhide: [toc]\nicon: x")) == []
