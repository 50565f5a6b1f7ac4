"""Review dates: when a page was last reviewed, when it is due, and checks that it is not overdue.

Pages of a type listed in ``review_months`` (``clinical``: 12 by default) are due
that many months after ``reviewed``; every other page after
``default_review_months`` (36). A ``next_review`` date in the front matter can
bring the due date forward, never push it back.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, Severity, rule
from ..frontmatter import MAX_YEAR, MIN_YEAR
from ..project import Page
from ..yamlloc import LocatedYaml

DUE_SOON = rule("KB501", "review-due-soon", Severity.WARNING, "a page's review falls due within the warning period")
OVERDUE = rule("KB502", "review-overdue", Severity.ERROR, "a page's review is overdue")


@dataclass(frozen=True, slots=True)
class Review:
    """Provenance of one page, as shown at its foot and in its structured data."""

    reviewed: dt.date
    next_due: dt.date
    due_key: str  # the front-matter key the due date comes from: "reviewed" or "next_review"
    status: str
    author: str
    reviewer: str | None


def parse_date(value: Any) -> dt.date | None:
    """A front-matter date (YAML date or ISO text), or None when it is not one
    or lies outside the years the front-matter check accepts (9999-12-31 + 12
    months would overflow; the front-matter check reports it)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, dt.date) and MIN_YEAR <= value.year <= MAX_YEAR:
        return value
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def review_of(page: Page, options: dict[str, Any]) -> Review | None:
    """The review record of a page, or None when it has no valid ``reviewed`` date."""
    meta = page.meta
    reviewed = parse_date(meta.get("reviewed"))
    if reviewed is None:
        return None
    months = options["review_months"].get(str(meta.get("type")), options["default_review_months"])
    next_due, due_key = add_months(reviewed, months), "reviewed"
    explicit = parse_date(meta.get("next_review"))
    if explicit is not None and explicit < next_due:
        next_due, due_key = explicit, "next_review"
    reviewer = meta.get("reviewer")
    return Review(
        reviewed=reviewed,
        next_due=next_due,
        due_key=due_key,
        status=_text(meta.get("review_status")) or options["review_status"],
        author=_text(meta.get("author")) or options["author"],
        reviewer=_text(reviewer) or None,
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def check_page(page: Page, options: dict[str, Any], today: dt.date) -> Iterator[Diagnostic]:
    """KB502 when the review date has passed, KB501 when it is within ``due_soon_days``."""
    review = review_of(page, options)
    if review is None:
        return  # a missing or invalid date is the front-matter check's business
    loaded = page.front_matter
    line, column = loaded.where(review.due_key) if isinstance(loaded, LocatedYaml) else (1, 1)
    days_left = (review.next_due - today).days
    due = review.next_due.isoformat()
    if days_left < 0:
        yield OVERDUE.at(
            page.display,
            line,
            column,
            f"review was due on {due} ({_days(-days_left)} ago)",
            "review the page against current evidence, then set 'reviewed' to today's date",
        )
    elif days_left <= options["due_soon_days"]:
        yield DUE_SOON.at(
            page.display,
            line,
            column,
            f"review is due on {due} (in {_days(days_left)})",
            "plan the review; after it, set 'reviewed' to that day's date",
        )


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
