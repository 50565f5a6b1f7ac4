"""What the external link checker produces: one classified result per unique URL."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Status(enum.Enum):
    """The one class every checked URL ends in."""

    OK = "ok"
    REDIRECTED = "redirected"  # a permanent redirect: the link should be updated
    BROKEN = "broken"  # 4xx/5xx, redirect loop, TLS failure, malformed URL
    BLOCKED = "blocked"  # a bot wall (challenge page, publisher refusing robots, lasting 429)
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"  # DNS or connection failure (an offline machine)
    EXCLUDED = "excluded"  # matched an exclusion; never requested

    @property
    def is_success(self) -> bool:
        return self in {Status.OK, Status.REDIRECTED}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a URL is written (file as displayed, 1-based line and column)."""

    path: str
    line: int
    column: int
    written: str  # the URL exactly as written there


@dataclass(slots=True)
class Result:
    """The outcome for one unique URL."""

    url: str
    status: Status
    code: int | None = None  # final HTTP status, when there was one
    detail: str = ""  # human explanation ("404 Not Found", "redirect loop", ...)
    suggestion: str | None = None  # new URL (permanent redirect) or an archived copy
    attempts: int = 0  # requests made for this URL in this run (retries and redirect hops included)
    cached: bool = False  # taken from the cache, no request made
    occurrences: list[Occurrence] = field(default_factory=list)
