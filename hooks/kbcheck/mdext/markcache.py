"""The glossary marks of each page, replayed by the next build in the same process (``mkdocs serve``).

Marking a page's terms (:mod:`kbcheck.mdext.glossary`) tries the glossary at every
word start of its text, the dearest step of the extension. What it decides is a
function of the texts it is given, in order, and of the glossary and settings: the
same page text (snippets included, generated content expanded), the same
configuration and the same data files (one key: :func:`kbcheck.pagecache.key_for`)
give the same texts. So a rebuild replays the last build's decisions, text by
text: where each mark is and which term it explains. A text of another length
than recorded (which equal keys should never give) ends the replay; from there
the page is marked afresh, with the terms already marked still counted.

Kept only when the engine adapter says the process will build again; a one-off
build would only hold them. A page keeps its texts' lengths (four bytes each)
and its marks, not its text.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# One mark: where it starts and ends in the text, and the term it explains (its place in the glossary file).
Mark = tuple[int, int, int]

_LIMIT = 8192  # pages; the oldest go first


@dataclass(frozen=True, slots=True)
class _Recorded:
    lengths: array  # the length of each text marked, in order ("I": unsigned)
    marks: dict[int, tuple[Mark, ...]]  # by the index of the text, only texts with marks


_RECORDED: dict[bytes, _Recorded] = {}


class Replay:
    """One page's marking: the last build's decisions while its texts match, and this build's, recorded."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._last: _Recorded | None = _RECORDED.get(key)
        self._lengths = array("I")
        self._marks: dict[int, tuple[Mark, ...]] = {}

    @property
    def replaying(self) -> bool:
        """Whether every text so far was marked from the record (tests)."""
        return self._last is not None

    def marks(self, text: str, decide: Callable[[str], Sequence[Mark]]) -> tuple[Mark, ...]:
        """The marks of the next text: as recorded, or as ``decide`` finds them."""
        index = len(self._lengths)
        last = self._last
        if last is not None and index < len(last.lengths) and last.lengths[index] == len(text):
            found = last.marks.get(index, ())
        else:
            self._last = None
            found = tuple(decide(text))
        self._lengths.append(len(text))
        if found:
            self._marks[index] = found
        return found

    def keep(self) -> None:
        """Record this build's decisions for the next build (call once the page is marked)."""
        if len(_RECORDED) >= _LIMIT and self._key not in _RECORDED:
            del _RECORDED[next(iter(_RECORDED))]
        _RECORDED[self._key] = _Recorded(self._lengths, self._marks)


def forget() -> None:
    """Mark every page afresh from now on."""
    _RECORDED.clear()


def recorded_pages() -> int:
    """How many pages have marks recorded."""
    return len(_RECORDED)
