"""JSON reading with size and depth limits, failing as a located value, never raising.

:func:`json.loads` recurses once per nesting level, so ``[[[[...]]]]`` a hundred
thousand deep ends in ``RecursionError``, and a 5,000-digit number in
``ValueError``. Every JSON file the project reads (bibliography, lock, caches)
comes through here: the nesting is measured on the text first (strings skipped)
and anything over the limits is one :class:`JsonProblem` at its line and column.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

MAX_CHARS = 50_000_000  # the lock and the caches grow with the bibliography; 50 MB is far above any real one
MAX_DEPTH = 64
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


@dataclass(frozen=True, slots=True)
class JsonProblem:
    """Why a text is not usable JSON, located (1-based)."""

    line: int
    column: int
    message: str


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def too_deep(text: str, max_depth: int = MAX_DEPTH) -> int | None:
    """Offset of the first bracket nested deeper than ``max_depth``, else None."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                return match.start()
        elif token in "]}":
            depth -= 1
    return None


def loads(text: str, *, max_chars: int = MAX_CHARS, max_depth: int = MAX_DEPTH) -> Any | JsonProblem:
    """The parsed value of ``text``, or a located :class:`JsonProblem`."""
    if len(text) > max_chars:
        return JsonProblem(1, 1, f"the file is {len(text)} characters long; the limit is {max_chars}")
    deep = too_deep(text, max_depth)
    if deep is not None:
        line, column = _position(text, deep)
        return JsonProblem(line, column, f"JSON nested more than {max_depth} levels deep")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return JsonProblem(exc.lineno, exc.colno, f"invalid JSON: {exc.msg}")
    except (ValueError, RecursionError) as exc:  # e.g. a number over Python's digit limit
        return JsonProblem(1, 1, f"invalid JSON: {str(exc).splitlines()[0]}")
