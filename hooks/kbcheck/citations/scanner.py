"""Find Pandoc-style citations (``[@key]``, ``[@a; @b]``, ``[@a, p. 4]``) in Markdown.

Callers pass text in which code and HTML comments are already blanked
(:func:`kbcheck.markdown_scan.mask_code`), so nothing inside code is ever a
citation. A bracket is a citation when its content starts with ``@``; it is not
one when escaped (``\\[@x]``), when it is a link (``[@x](url)`` or ``[@x][ref]``)
or a link definition (``[@x]: url``). Problems are returned, never raised.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from .bibliography import KEY_PATTERN

# Content may span lines but not a blank line (a paragraph break).
_BRACKET = re.compile(r"\[(?=[ \t]*-?@)(?P<body>(?:[^\[\]\n]|\n(?![ \t]*\n))*)\]")
_OPEN = re.compile(r"\[[ \t]*-?@")
_ITEM = re.compile(rf"(?P<lead>\s*)-?@(?P<key>{KEY_PATTERN})(?P<rest>.*)", re.S)
_DEFINITION_START = re.compile(r"(?:^|\n)[ ]{0,3}$")


@dataclass(frozen=True, slots=True)
class CiteItem:
    """One cited key, with its locator (``p. 4``) and the offset of the key's ``@``."""

    key: str
    locator: str
    offset: int


@dataclass(frozen=True, slots=True)
class CiteGroup:
    """A whole bracket: ``text[start:end]`` is ``[@a; @b]``."""

    start: int
    end: int
    items: tuple[CiteItem, ...]


@dataclass(frozen=True, slots=True)
class ScanProblem:
    """Something that looks like a citation but cannot be read."""

    offset: int
    message: str
    hint: str | None = None


def scan(masked: str) -> tuple[list[CiteGroup], list[ScanProblem]]:
    """Every citation group and every unreadable citation in ``masked``, in order."""
    groups: list[CiteGroup] = []
    problems: list[ScanProblem] = []
    covered: set[int] = set()
    for match in _BRACKET.finditer(masked):
        start, end = match.span()
        if _escaped(masked, start) or _is_link(masked, start, end):
            covered.add(start)
            continue
        covered.add(start)
        items, trouble = parse_items(match.group("body"), match.start("body"))
        if trouble:
            problems.append(trouble)
        else:
            groups.append(CiteGroup(start, end, tuple(items)))
    for match in _OPEN.finditer(masked):
        start = match.start()
        if start not in covered and not _escaped(masked, start):
            problems.append(
                ScanProblem(start, "citation bracket is never closed", "end it with ']' in the same paragraph")
            )
    problems.sort(key=lambda p: p.offset)
    return groups, problems


def _escaped(text: str, position: int) -> bool:
    backslashes = 0
    while position - backslashes - 1 >= 0 and text[position - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _is_link(text: str, start: int, end: int) -> bool:
    following = text[end : end + 1]
    if following == "(" or (following == "[" and not _OPEN.match(text, end)):
        return True
    return following == ":" and _DEFINITION_START.search(text, 0, start) is not None


def parse_items(body: str, base: int = 0) -> tuple[list[CiteItem], ScanProblem | None]:
    """The items of one bracket's content (``@a; @b, p. 4``), or the first problem in it."""
    items: list[CiteItem] = []
    position = 0
    for part in body.split(";"):
        offset = base + position
        position += len(part) + 1
        match = _ITEM.fullmatch(part)
        if match is None:
            stripped = part.strip()
            offset += len(part) - len(part.lstrip())
            if not stripped.startswith(("@", "-@")):
                shown = stripped[:30] or "(empty)"
                return items, ScanProblem(offset, f"'{shown}' in a citation does not start with '@'", "write [@a; @b]")
            return items, ScanProblem(
                offset,
                f"'{stripped[:30]}' is not a valid citation key",
                "keys use letters, digits and _ : . - (no spaces)",
            )
        key, rest = match.group("key"), match.group("rest")
        at = offset + len(match.group("lead"))
        if rest.strip() and not rest.lstrip().startswith(","):
            odd = rest.strip()[:20]
            return items, ScanProblem(
                at,
                f"unexpected '{odd}' after citation key '@{key}'",
                "keys cannot contain spaces or odd characters; put a page after a comma: [@key, p. 4]",
            )
        locator = rest.strip()[1:].strip() if rest.strip() else ""
        # Interned: a site cites the same few hundred keys tens of thousands of times.
        items.append(CiteItem(sys.intern(key), " ".join(locator.split()), at))
    return items, None
