"""Review dates: next review 12 months after `reviewed` for clinical pages, 36 otherwise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kbcheck.project import Page
from kbcheck.trust import review

OPTIONS = {
    "review_months": {"clinical": 12},
    "default_review_months": 36,
    "due_soon_days": 30,
    "author": "Editorial team",
    "review_status": "not yet clinically reviewed",
}


def make_page(reviewed: str, page_type: str = "clinical", extra: str = "") -> Page:
    text = f"---\ntitle: T\ndescription: D\ntype: {page_type}\nreviewed: {reviewed}\n{extra}---\n# T\n"
    return Page("p.md", Path("p.md"), "docs/p.md", text)


def findings(page: Page, today: dt.date) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.column, d.message) for d in review.check_page(page, OPTIONS, today)]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 11, 24), 12, dt.date(2027, 11, 24)),
        (dt.date(2024, 2, 29), 36, dt.date(2027, 2, 28)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start: dt.date, months: int, expected: dt.date) -> None:
    """Calendar months, with the day clamped to the end of a shorter month."""
    assert review.add_months(start, months) == expected


def test_clinical_pages_are_due_after_12_months_others_after_36() -> None:
    """The interval depends on the page type."""
    clinical = review.review_of(make_page("2026-11-24", "clinical"), OPTIONS)
    general = review.review_of(make_page("2026-11-24", "general"), OPTIONS)
    reference = review.review_of(make_page("2026-11-24", "reference"), OPTIONS)
    assert clinical is not None and clinical.next_due == dt.date(2027, 11, 24)
    assert general is not None and general.next_due == dt.date(2029, 11, 24)
    assert reference is not None and reference.next_due == dt.date(2029, 11, 24)
    assert clinical.author == "Editorial team"
    assert clinical.status == "not yet clinically reviewed"


def test_next_review_can_bring_the_date_forward_but_not_back() -> None:
    """An earlier next_review wins; a later one is ignored (reviews cannot be postponed)."""
    earlier = review.review_of(make_page("2026-01-10", extra="next_review: 2026-06-01\n"), OPTIONS)
    later = review.review_of(make_page("2026-01-10", extra="next_review: 2030-01-01\n"), OPTIONS)
    assert earlier is not None and earlier.next_due == dt.date(2026, 6, 1)
    assert earlier.due_key == "next_review"
    assert later is not None and later.next_due == dt.date(2027, 1, 10)


def test_not_due_is_silent() -> None:
    """More than 30 days before the due date: nothing."""
    assert findings(make_page("2026-01-10"), dt.date(2026, 12, 10)) == []


def test_due_within_30_days_warns_on_the_reviewed_line() -> None:
    """Exactly 30 days left is a KB501 warning at the 'reviewed' key."""
    result = findings(make_page("2026-01-10"), dt.date(2026, 12, 11))
    assert result == [("KB501", 5, 1, "review is due on 2027-01-10 (in 30 days)")]


def test_due_today_still_only_warns() -> None:
    """The due date itself is not yet overdue."""
    assert [f[0] for f in findings(make_page("2026-01-10"), dt.date(2027, 1, 10))] == ["KB501"]


def test_overdue_is_an_error() -> None:
    """One day after the due date is KB502 with the number of days."""
    result = findings(make_page("2026-01-10"), dt.date(2027, 1, 11))
    assert result == [("KB502", 5, 1, "review was due on 2027-01-10 (1 day ago)")]
    assert review.OVERDUE.severity.label == "error"


def test_general_page_reviewed_two_years_ago_is_fine() -> None:
    """36 months for non-clinical pages."""
    assert findings(make_page("2024-12-01", "general"), dt.date(2026, 12, 1)) == []


def test_early_next_review_is_reported_on_its_own_line() -> None:
    """When next_review sets the date, the finding points at it."""
    page = make_page("2026-01-10", extra="next_review: 2026-03-01\n")
    assert findings(page, dt.date(2026, 3, 2)) == [("KB502", 6, 1, "review was due on 2026-03-01 (1 day ago)")]


@pytest.mark.parametrize("reviewed", ["'not a date'", "2026-13-45", "''"])
def test_invalid_dates_are_left_to_the_front_matter_check(reviewed: str) -> None:
    """No review finding (and no traceback) when 'reviewed' is not a date."""
    assert findings(make_page(reviewed), dt.date(2026, 6, 1)) == []
