"""Map text found in the rendered page back to the file and line it came from.

Python-Markdown keeps no positions. We compare two snapshots of the page's lines:
as the engine handed them to Markdown, and after snippets were included (and
generated pages expanded). Lines that are equal in both come from the page;
lines that were added come from the snippet file that holds them (looked up by
content in the files the snippets extension read), or else from the line that
asked for them (an include or a generator marker). An item is located by
its source text and how many times that text came before it in the rendered
page: the n-th rendered occurrence is the n-th one in the source.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
import zlib
from array import array
from dataclasses import dataclass

from ..parsed import Position, phrase_pattern


@dataclass(frozen=True, slots=True)
class Origin:
    path: str  # as shown in reports
    line: int  # 1-based line in that file


@dataclass(frozen=True, slots=True)
class Run:
    """Expanded lines from ``start`` on that come from consecutive lines of one file."""

    start: int  # index of the first expanded line of the run
    origin: Origin  # where that line came from


class SourceMap:
    """The expanded text with the origin of each line.

    Kept for every page until the checks have run, and read only to locate a
    finding, so it is compact: the text compressed, where each line starts, and
    runs of lines that come from consecutive lines of one file (most pages: one or
    three runs) instead of an object per line.
    """

    __slots__ = ("_line_starts", "_packed", "_runs", "_starts_of_runs")

    def __init__(self, lines: list[str], origins: list[Origin]) -> None:
        self._packed = zlib.compress("\n".join(lines).encode("utf-8", "surrogatepass"), 1)
        self._line_starts = array("I", _line_starts(lines))
        runs: list[Run] = []
        for index, origin in enumerate(origins):
            previous = runs[-1] if runs else None
            if (
                previous is None
                or origin.path != previous.origin.path
                or origin.line != previous.origin.line + index - previous.start
            ):
                runs.append(Run(index, origin))
        self._runs = tuple(runs)
        self._starts_of_runs = array("I", (run.start for run in runs))

    @classmethod
    def build(
        cls,
        page_display: str,
        first_line: int,
        original: list[str],
        expanded: list[str],
        included: dict[str, list[str]],
    ) -> SourceMap:
        """``included`` maps each snippet file (as shown in reports) to its lines."""
        origins: list[Origin] = []
        by_text: dict[str, list[Origin]] = {}
        for shown, lines in included.items():
            for number, line in enumerate(lines, start=1):
                by_text.setdefault(line.strip(), []).append(Origin(shown, number))
        # Includes change a few lines: align the common head and tail directly, difflib only the middle.
        head = 0
        while head < min(len(original), len(expanded)) and original[head] == expanded[head]:
            head += 1
        tail = 0
        while (
            tail < min(len(original), len(expanded)) - head
            and original[len(original) - 1 - tail] == expanded[len(expanded) - 1 - tail]
        ):
            tail += 1
        middle = difflib.SequenceMatcher(
            None, original[head : len(original) - tail], expanded[head : len(expanded) - tail], autojunk=False
        ).get_opcodes()
        opcodes = [("equal", 0, head, 0, head)] if head else []
        opcodes += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle]
        if tail:
            opcodes.append(("equal", len(original) - tail, len(original), len(expanded) - tail, len(expanded)))
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal":
                origins.extend(Origin(page_display, first_line + i) for i in range(i1, i2))
                continue
            asked_by = Origin(page_display, first_line + (i1 if i1 < len(original) else max(i1 - 1, 0)))
            for j in range(j1, j2):
                candidates = by_text.get(expanded[j].strip()) if expanded[j].strip() else None
                origins.append(_closest(candidates, origins[-1] if origins else None) if candidates else asked_by)
        return cls(expanded, origins)

    def digest(self) -> bytes:
        """A digest of the expanded text."""
        return hashlib.blake2b(self._packed, digest_size=20).digest()

    @property
    def text(self) -> str:
        """The expanded text (the page with its snippets included)."""
        return zlib.decompress(self._packed).decode("utf-8", "surrogatepass")

    def origin(self, index: int) -> Origin:
        """Where expanded line ``index`` (0-based) came from."""
        run = self._runs[bisect.bisect_right(self._starts_of_runs, index) - 1]
        return Origin(run.origin.path, run.origin.line + index - run.start)

    def position(self, needle: str, occurrence: int, *, prose: bool = False) -> Position:
        """Where the ``occurrence``-th (0-based) ``needle`` is; the first line when it cannot be found.

        ``needle`` is a link target or key (a whole token of URL characters), or with
        ``prose`` a phrase of text (a whole token of word characters).
        """
        if not self._runs:
            return Position("<page>", 1, 1)
        found = self._find(needle, phrase_pattern(needle) if prose else _token(needle), occurrence) if needle else None
        return self._at(found if found is not None else 0)

    def positions(self, wanted: list[tuple[str, int]]) -> list[Position]:
        """:meth:`position` of each (link target or key, occurrence), reading the text once."""
        if not self._runs:
            return [Position("<page>", 1, 1) for _ in wanted]
        text = self.text
        offsets: dict[str, list[int]] = {}  # every place a needle stands as a token, found once
        found: list[Position] = []
        for needle, occurrence in wanted:
            if needle not in offsets:
                offsets[needle] = _token_offsets(text, needle) if needle else []
            places = offsets[needle]
            # Fewer occurrences than rendered (e.g. generated text): the last one.
            found.append(self._at(places[min(occurrence, len(places) - 1)] if places else 0))
        return found

    def _at(self, offset: int) -> Position:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        origin = self.origin(index)
        return Position(origin.path, origin.line, offset - self._line_starts[index] + 1)

    def _find(self, needle: str, pattern: re.Pattern[str], occurrence: int) -> int | None:
        """The offset of the ``occurrence``-th match in the text (the last one when there are fewer)."""
        text = self.text
        if needle not in text:
            return None
        last: int | None = None
        for seen, found in enumerate(pattern.finditer(text)):
            last = found.start()
            if seen == occurrence:
                break
        return last  # fewer occurrences than rendered (e.g. generated text): the last one


def _line_starts(lines: list[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


# Characters that continue a URL or a key: "sub/" inside "sub/alpha.md" is not the link "sub/".
_WORDLIKE = r"[\w./%#~?=&+-]"
_WORDLIKE_CHAR = re.compile(_WORDLIKE)


def _token_offsets(text: str, needle: str) -> list[int]:
    """Where ``needle`` stands in ``text`` as :func:`_token` matches it, found without a pattern per needle."""
    glued_before = _WORDLIKE_CHAR.match(needle[0]) is not None
    glued_after = _WORDLIKE_CHAR.match(needle[-1]) is not None
    found: list[int] = []
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        if not (
            (glued_before and at > 0 and _WORDLIKE_CHAR.match(text[at - 1]))
            or (glued_after and end < len(text) and _WORDLIKE_CHAR.match(text[end]))
        ):
            found.append(at)
            at = text.find(needle, end)  # matches do not overlap, as with a pattern
        else:
            at = text.find(needle, at + 1)
    return found


def _token(needle: str) -> re.Pattern[str]:
    """``needle`` as a whole token: not glued to URL or word characters on a side where it has one."""
    before = f"(?<!{_WORDLIKE})" if re.match(_WORDLIKE, needle[0]) else ""
    after = f"(?!{_WORDLIKE})" if re.match(_WORDLIKE, needle[-1]) else ""
    return re.compile(before + re.escape(needle) + after)


def _closest(candidates: list[Origin], previous: Origin | None) -> Origin:
    """The candidate that continues the previous line's file, else the first."""
    if previous is not None:
        for candidate in candidates:
            if candidate.path == previous.path and candidate.line == previous.line + 1:
                return candidate
    return candidates[0]
