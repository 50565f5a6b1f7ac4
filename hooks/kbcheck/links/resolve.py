"""Resolve a link as written on a page to what it points at (MkDocs' rules).

A relative path is resolved against the linking page's folder inside
``docs/`` and percent-decoded, as MkDocs does before it rewrites ``.md``
links to page URLs. Everything a reader could not follow is classified here
once, so the checks, ``page_links`` and the external checker agree.
"""

from __future__ import annotations

import bisect
import difflib
import enum
import posixpath
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from ..project import Project

UNSAFE_SCHEMES = {"javascript", "vbscript", "data"}
IGNORED_SCHEMES = {"mailto", "tel", "sms", "ftp", "ftps", "irc", "news", "geo"}
INDEX_NAMES = ("index.md", "README.md", "readme.md")


class Kind(enum.Enum):
    PAGE = "page"  # a Markdown page in docs/ (``path`` set; ``fragment`` maybe)
    FILE = "file"  # another file in docs/ (image, download)
    SAME_PAGE = "same-page"  # "#anchor" only
    EXTERNAL = "external"  # http(s) URL to another site
    OWN_SITE = "own-site"  # absolute URL under our own site_url (``path`` set when it maps to a page)
    IGNORED = "ignored"  # mailto:, tel: ... nothing to check
    EMPTY = "empty"
    UNSAFE = "unsafe"  # javascript:, data:, vbscript:
    MALFORMED = "malformed"
    ABSOLUTE_PATH = "absolute-path"  # "/x/y": breaks under a sub-path site_url
    ESCAPES = "escapes"  # ../ beyond docs/
    DIRECTORY = "directory"  # a folder, not its index.md
    URL_STYLE = "url-style"  # "../gad/" or "gad.html" where gad.md exists
    MISSING = "missing"
    HTML_MARKDOWN = "html-markdown"  # raw HTML naming "page.md": published as written, so broken


@dataclass(frozen=True, slots=True)
class Target:
    kind: Kind
    path: str | None = None  # docs-relative resolved path, when known
    fragment: str | None = None  # percent-decoded anchor, None when the link has no '#'
    suggestion: str | None = None  # the link to write instead (relative to the linking page)
    scheme: str = ""


def relative_link(from_page: str, to_path: str) -> str:
    """The relative link from one docs-relative file to another."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


def page_for_url(project: Project, url_path: str) -> str | None:
    """The page whose site URL is ``url_path`` ('anxiety/gad/', 'anxiety/', '' for home)."""
    wanted = url_path.strip("/")
    for candidate in (f"{wanted}.md", f"{wanted}/index.md", "index.md" if not wanted else "", wanted):
        if candidate in project.pages:
            return candidate
    stem = wanted.removesuffix(".html").removesuffix("/index")
    for candidate in (f"{stem}.md", f"{stem}/index.md"):
        if candidate in project.pages:
            return candidate
    return None


@dataclass(frozen=True)
class _FileIndex:
    paths: list[str]  # sorted
    names: list[tuple[str, str]]  # (basename, path), sorted
    by_name: dict[str, list[str]]


def _file_index(project: Project) -> _FileIndex:
    def build(p: Project) -> _FileIndex:
        by_name: dict[str, list[str]] = {}
        for file in p.files:
            by_name.setdefault(posixpath.basename(file), []).append(file)
        return _FileIndex(sorted(p.files), sorted((posixpath.basename(f), f) for f in p.files), by_name)

    return project.derive("links.file_index", build)


def _neighbours(items: list[Any], key: Any, width: int) -> list[Any]:
    at = bisect.bisect_left(items, key)
    return items[max(0, at - width) : at + width]


def did_you_mean(project: Project, path: str) -> str | None:
    """The existing file most like ``path`` (same file name first, then spelling).

    Spelling is compared (difflib) only with the files next to ``path`` in
    sorted order, by full path and by file name: a near-miss shares a prefix
    with its intended target, and the cost stays small on sites of any size.
    """
    index = _file_index(project)
    name = posixpath.basename(path)
    same_name = index.by_name.get(name, [])
    if len(same_name) == 1:
        return same_name[0]
    if not path.endswith((".md", ".markdown")) and f"{path}.md" in project.pages:
        return f"{path}.md"
    candidates = set(_neighbours(index.paths, path, 6))
    candidates.update(found for _, found in _neighbours(index.names, (name, ""), 6))
    scored = [
        (
            difflib.SequenceMatcher(None, path, c).ratio()
            + difflib.SequenceMatcher(None, name, posixpath.basename(c)).ratio(),
            c,
        )
        for c in sorted(candidates)
    ]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= 1.2 else None


def _own_site(project: Project, page_path: str, text: str) -> Target | None:
    site_url = project.config.site_url
    if not site_url:
        return None
    base = urlsplit(site_url)
    parts = urlsplit(text)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    if parts.netloc.lower() != base.netloc.lower() or not (parts.path + "/").startswith(base_path):
        return None
    page = page_for_url(project, unquote(parts.path[len(base_path) :]))
    fragment = unquote(parts.fragment) if "#" in text else None
    suggestion = None
    if page is not None:
        suggestion = relative_link(page_path, page) + (f"#{parts.fragment}" if fragment else "")
    return Target(Kind.OWN_SITE, page, fragment, suggestion, parts.scheme)


def resolve(project: Project, page_path: str, written: str) -> Target:  # noqa: PLR0911 - one return per kind
    """Classify the link ``written`` on page ``page_path``."""
    text = written.strip()
    if not text:
        return Target(Kind.EMPTY)
    try:
        parts = urlsplit(text)
    except ValueError:
        return Target(Kind.MALFORMED)
    scheme = parts.scheme.lower()
    if scheme in UNSAFE_SCHEMES:
        return Target(Kind.UNSAFE, scheme=scheme)
    if scheme in {"http", "https"}:
        if not parts.hostname or " " in text:
            return Target(Kind.MALFORMED, scheme=scheme)
        return _own_site(project, page_path, text) or Target(Kind.EXTERNAL, scheme=scheme)
    if parts.netloc and not scheme:
        return Target(Kind.EXTERNAL, scheme="https")  # protocol-relative //host/path
    if len(scheme) > 1:
        return Target(Kind.IGNORED, scheme=scheme)
    fragment = unquote(parts.fragment) if "#" in text else None
    path = unquote(parts.path)
    if not path:
        return Target(Kind.SAME_PAGE, page_path, fragment)
    if path.startswith("/"):
        return _absolute_path(project, page_path, path, fragment)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
    if joined == ".." or joined.startswith("../"):
        return Target(Kind.ESCAPES, joined, fragment)
    joined = "" if joined == "." else joined
    if joined in project.pages:
        return Target(Kind.PAGE, joined, fragment)
    if joined in project.files:
        return Target(Kind.FILE, joined, fragment)
    return _not_a_file(project, page_path, joined, path, fragment)


def _absolute_path(project: Project, page_path: str, path: str, fragment: str | None) -> Target:
    site_path = urlsplit(project.config.site_url or "").path
    inner = path[len(site_path) :] if site_path and path.startswith(site_path) else path.lstrip("/")
    page = page_for_url(project, inner) or (inner if inner in project.files else None)
    suggestion = relative_link(page_path, page) + (f"#{fragment}" if fragment else "") if page else None
    return Target(Kind.ABSOLUTE_PATH, page, fragment, suggestion)


def _not_a_file(project: Project, page_path: str, joined: str, path: str, fragment: str | None) -> Target:
    anchor = f"#{fragment}" if fragment else ""
    for name in INDEX_NAMES:
        index = posixpath.join(joined, name) if joined else name
        if index in project.pages:
            return Target(Kind.DIRECTORY, index, fragment, relative_link(page_path, index) + anchor)
    if path.endswith(("/", ".html")) or not posixpath.splitext(joined)[1]:
        page = page_for_url(project, joined)
        if page is not None:
            return Target(Kind.URL_STYLE, page, fragment, relative_link(page_path, page) + anchor)
    return Target(Kind.MISSING, joined, fragment)  # the suggestion is computed only when reported


def resolve_in_html(project: Project, page_path: str, written: str) -> Target:  # noqa: PLR0911 - one per kind
    """Classify a link written in raw HTML, which no engine rewrites: a browser resolves it
    against the page's URL (``anxiety/gad/`` for ``anxiety/gad.md``)."""
    text = written.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return Target(Kind.MALFORMED)
    if not text or parts.scheme or parts.netloc or text.startswith(("/", "#")):
        return resolve(project, page_path, written)
    fragment = unquote(parts.fragment) if "#" in text else None
    base = project.page_url(page_path)
    joined = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if joined == ".." or joined.startswith("../"):
        return Target(Kind.ESCAPES, joined, fragment)
    joined = "" if joined == "." else joined
    if joined in project.files and joined not in project.pages:
        return Target(Kind.FILE, joined, fragment)
    if joined in project.pages:
        url = posixpath.relpath(project.page_url(joined) or ".", base or ".")
        url = "./" if url == "." else url + "/"
        return Target(Kind.HTML_MARKDOWN, joined, fragment, url + (f"#{parts.fragment}" if fragment else ""))
    page = page_for_url(project, joined)
    if page is not None:
        return Target(Kind.PAGE, page, fragment)
    return Target(Kind.MISSING, joined, fragment)
