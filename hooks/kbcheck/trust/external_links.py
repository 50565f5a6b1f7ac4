"""External links in page content open without handing the reader's page to the other site.

``rel="noopener noreferrer"`` stops the linked site from scripting this tab
(``window.opener``) and from learning, through the Referer header, which page
about anxiety or ketamine the reader came from.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from .html_safety import is_remote
from .html_tags import StartTag, scan

REL_TOKENS = ("noopener", "noreferrer")


def is_external(href: str, site_host: str | None) -> bool:
    try:
        return is_remote(href) and urlsplit(href.strip()).hostname != site_host
    except ValueError:  # "http://[::1": not a URL a browser follows; the link checks report it
        return False


def _with_rel(tag: StartTag) -> str:
    existing = (tag.get("rel") or "").split()
    rel = " ".join(dict.fromkeys([*existing, *REL_TOKENS]))
    attrs = [(name, value) for name, value in tag.attrs if name != "rel"] + [("rel", rel)]
    rendered = "".join(f" {name}" if value is None else f' {name}="{escape(value)}"' for name, value in attrs)
    return f"<{tag.name}{rendered}>"


def secure_external_links(html: str, site_url: str | None) -> str:
    """``html`` with ``rel="noopener noreferrer"`` on every link to another host."""
    site_host = urlsplit(site_url).hostname if site_url else None
    pieces: list[str] = []
    position = 0
    tags, _ = scan(html)
    for tag in tags:
        href = tag.get("href")
        if tag.name != "a" or href is None or not is_external(href, site_host):
            continue
        rel = set((tag.get("rel") or "").split())
        if rel.issuperset(REL_TOKENS):
            continue
        pieces += [html[position : tag.start], _with_rel(tag)]
        position = tag.end
    pieces.append(html[position:])
    return "".join(pieces)
