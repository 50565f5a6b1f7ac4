"""Whether an http(s) URL can be requested at all, decided without the network.

``http://127.0.0.1:99999/`` parses, but the port cannot exist: the socket
layer raises deep inside the HTTP client, in a task group, and aborted the
whole run. Such a URL is one finding at its place, decided here, before any
request (``make check`` can call :func:`url_problem` on the same URL).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx

_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")
MAX_URL = 8_000  # far beyond any real link; servers refuse much shorter ones


def url_problem(url: str) -> str | None:  # noqa: PLR0911 - one return per reason
    """Why ``url`` (http, https or protocol-relative) cannot be requested, or None."""
    if len(url) > MAX_URL:
        return f"the URL is {len(url)} characters long"
    if _CONTROL_OR_SPACE.search(url):
        return "the URL contains a space or a control character"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"the URL cannot be parsed ({exc})"
    if parts.scheme.lower() not in {"http", "https", ""}:
        return f"'{parts.scheme}:' is not a web address"
    if not parts.hostname:
        return "the URL has no host name"
    if port == 0:
        return "port 0 cannot be connected to"
    try:
        httpx.URL(url if parts.scheme else "https:" + url)
    except (httpx.InvalidURL, ValueError) as exc:
        return f"the URL cannot be parsed ({exc})"
    return None
