"""The typed model of one rendered page: what the checks read from the one parse.

Python-Markdown (with every configured extension and ours) renders a page; our
extension's collector walks the finished element tree and the raw HTML it
holds, and fills a :class:`PageModel`. Positions are mapped back to the source
file the text came from (the page, or a snippet it includes).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from .diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class Position:
    """Where something was written: a file as shown in reports, 1-based line and column."""

    path: str
    line: int
    column: int

    @property
    def position(self) -> Position:
        """Itself: a place already found answers as a :class:`Where` does once looked up."""
        return self


class Locator(Protocol):
    def position(self, needle: str, occurrence: int, *, prose: bool = False) -> Position: ...


@runtime_checkable
class BatchLocator(Locator, Protocol):
    def positions(self, wanted: list[tuple[str, int]]) -> list[Position]: ...


@runtime_checkable
class DigestLocator(Locator, Protocol):
    def digest(self) -> bytes: ...


class ReleasableLocator:
    """A page's locator that can be let go once the checks have located their findings.

    Every :class:`Where` of a page holds it; after :meth:`release` they all answer the
    page's first line, and the source map they shared can be freed.
    """

    __slots__ = ("_inner", "path")

    def __init__(self, inner: Locator, path: str) -> None:
        self._inner: Locator | None = inner
        self.path = path

    def position(self, needle: str, occurrence: int, *, prose: bool = False) -> Position:
        if self._inner is None:
            return Position(self.path, 1, 1)
        return self._inner.position(needle, occurrence, prose=prose)

    def positions(self, wanted: list[tuple[str, int]]) -> list[Position]:
        """Where each (link target or key, occurrence) is, looked up together."""
        inner = self._inner
        if inner is None:
            return [Position(self.path, 1, 1) for _ in wanted]
        if isinstance(inner, BatchLocator):
            return inner.positions(wanted)
        return [inner.position(needle, occurrence) for needle, occurrence in wanted]

    def source_digest(self) -> bytes | None:
        """A digest of the page's text as rendered (snippets included), while its source map is held."""
        inner = self._inner
        return inner.digest() if isinstance(inner, DigestLocator) else None

    def release(self) -> None:
        self._inner = None


@dataclass(frozen=True, slots=True)
class Where:
    """The ``occurrence``-th (0-based) appearance of ``needle`` in the page's source, found only when asked."""

    locator: Locator
    needle: str
    occurrence: int

    @property
    def position(self) -> Position:
        return self.locator.position(self.needle, self.occurrence)


@dataclass(frozen=True, slots=True)
class LinkUse:
    """A link or image target in the rendered page, as written."""

    target: str
    kind: str  # "link", "image" or "html" (raw HTML: href/src)
    where: Where | Position  # a Position once the page's places are pinned


@dataclass(frozen=True, slots=True)
class CitationUse:
    """One cited key (``[@key, p. 4]``) in the rendered page."""

    key: str
    locator: str
    where: Where | Position


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the rendered page with the id the toc extension gave it."""

    level: int
    text: str
    id: str
    where: Where | Position


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """Something in the source the renderer could not use (a bad citation, a missing include)."""

    kind: str  # "citation", "include-missing", "include-outside", "include-recursive", "include-range"...
    message: str
    hint: str | None
    where: Where | Position
    subject: str = ""  # what the problem is about, as written (an include's path)


@dataclass(frozen=True)
class Readability:
    """Figures for one page's prose."""

    path: str
    words: int
    sentences: int
    grade: float
    reading_ease: float
    words_per_sentence: float
    long_sentence_share: float


@dataclass(frozen=True, slots=True)
class WordAt:
    """A word as written on a page, and where (an undefined abbreviation, a likely slip)."""

    word: str
    position: Position


@dataclass(slots=True)
class PageFindings:
    """What the checks that read a page's prose found there, taken as soon as the page is rendered.

    The prose (:attr:`PageModel.units`) is the biggest part of a page's model; once these
    are taken it is let go, so a build never holds every page's prose at once. What a check
    needs from the other pages as well is kept here as small facts, and judged with them later.
    """

    diagnostics: list[Diagnostic] = field(default_factory=list)  # final: nothing another page can change
    readability: Readability | None = None  # when the page is scored
    ledger_used: set[tuple[str, int]] = field(default_factory=set)  # (record, figure) a sentence states
    undefined: list[WordAt] = field(default_factory=list)  # KB408: the hint ranks by the site's usage
    abbreviation_usage: Counter[str] = field(default_factory=Counter)  # of the abbreviations the glossary knows
    # Words a slip away from a glossary term, and where first written (None: the glossary's rules
    # exempt the page): a slip only if no other page uses the word.
    slips: dict[str, WordAt | None] = field(default_factory=dict)  # by the word casefolded


@dataclass
class PageModel:
    """Everything the checks need from one rendered page."""

    path: str  # docs-relative: "anxiety/gad.md"
    links: list[LinkUse] = field(default_factory=list)  # the links the author wrote, each checked
    # Targets of the links the rendering made (glossary terms, citations, permalinks, reference
    # entries): right by construction, so never checked; kept only when the session asks (tests).
    generated_links: list[str] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    citations: list[CitationUse] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    included: list[str] = field(default_factory=list)  # snippet files included, as shown in reports
    units: list[TextUnit] = field(default_factory=list)  # the prose, in reading order
    terms: list[str] = field(default_factory=list)  # glossary terms explained on the page, in order
    locator: Locator | None = None  # maps text back to the source (None: rendered outside a session)
    findings: PageFindings | None = None  # what the prose checks found (None: not run yet)
    # The units' texts joined, and where each starts: made on the first prose finding located.
    _units_joined: tuple[str, list[int]] | None = field(default=None, repr=False, compare=False)
    # Reads ``units`` off the page's element tree, while the render that made the model lasts.
    _unit_reader: Callable[[], list[TextUnit]] | None = field(default=None, repr=False, compare=False)

    def defer_units(self, reader: Callable[[], list[TextUnit]]) -> None:
        """Read the prose only if it is asked for (:meth:`read_units`) before the render ends.

        A page whose findings are reused from the last build (a ``mkdocs serve`` rebuild)
        never needs it.
        """
        self._unit_reader = reader

    def read_units(self) -> None:
        """Fill :attr:`units` from the deferred reader, if there is one (once)."""
        reader, self._unit_reader = self._unit_reader, None
        if reader is not None:
            self.units = reader()

    def keep_findings(self, findings: PageFindings) -> None:
        """Keep what the page's own checks found; pin where its links were written; let go of the rest.

        The prose and the source map go at once. Only the links are judged later (whether a
        target exists needs every page's anchors), at the places found here in one pass; the
        citations, headings and reference problems were judged with the prose, and of the
        citations only the first use of each key, in numbering order, is still read.
        """
        self.findings = findings
        self.units = []
        self._units_joined = None
        self._unit_reader = None
        if not isinstance(self.locator, ReleasableLocator):
            return
        first = {use.key: use for use in reversed(self.citations)}
        self.citations = [first[key] for key in self.cited_keys]
        mapped = [
            link.where for link in self.links if isinstance(link.where, Where) and link.where.locator is self.locator
        ]
        found = dict(
            zip(map(id, mapped), self.locator.positions([(w.needle, w.occurrence) for w in mapped]), strict=True)
        )

        def pinned(where: Where | Position) -> Position:
            return found.get(id(where)) or where.position

        self.links = [LinkUse(link.target, link.kind, pinned(link.where)) for link in self.links]
        self.locator.release()  # the other places now answer the page's first line

    def release_check_detail(self) -> None:
        """Let go of what only the checks read, once the finishers' site-wide inputs are derived.

        An engine keeps every page until it is written. What the finishing pass reads
        from the models as a whole (which pages link where, use which terms, have which
        headings) is derived before this (``render.prepare_finish``); a page keeps its
        link targets (an engine's own link messages are matched with them) and its cited
        keys in order (its JSON-LD names its sources).
        """
        self.units = []
        self._units_joined = None
        self.problems = []
        self.anchors = set()
        self.headings = []
        self.terms = []
        if not isinstance(self.locator, ReleasableLocator):
            return
        self.locator.release()
        # Positions can no longer be found: one Where (the page's first line) stands for all,
        # and one citation per cited key, in citation order, is all that is still read.
        page = Where(self.locator, "", 0)
        self.links = [LinkUse(link.target, link.kind, page) for link in self.links]
        self.citations = [CitationUse(key, "", page) for key in self.cited_keys]

    def locate_in_unit(self, unit: int, offset: int, needle: str) -> Position:
        """Where ``needle``, found at ``offset`` in the text of ``units[unit]``, was written.

        The source is searched for the same occurrence of the phrase: as many
        before it as the prose before it holds.
        """
        if self.locator is None:
            return Position(self.path, 1, 1)
        if self._units_joined is None:
            # Joined once a page: a separator no phrase matches across, so counting in the join
            # up to the offset counts as unit by unit would.
            starts, length = [], 0
            for each in self.units:
                starts.append(length)
                length += len(each.text) + 1
            self._units_joined = ("\x00".join(each.text for each in self.units), starts)
        joined, starts = self._units_joined
        before = len(phrase_pattern(needle).findall(joined, 0, starts[unit] + offset))
        return self.locator.position(needle, before, prose=True)

    @property
    def cited_keys(self) -> list[str]:
        """Keys in order of first citation (the numbering order)."""
        return list(dict.fromkeys(use.key for use in self.citations))


@dataclass(frozen=True, slots=True)
class Citing:
    """A citation inside a text unit: the offset in the unit's text where it stands, and the keys it names."""

    offset: int
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TextUnit:
    """A paragraph, list item, table row or heading as a reader meets it: its words, code left out.

    ``boxes`` are the classes of the admonitions and details blocks around it
    ("abstract" for a Key points box) and ``box_titles`` their titles, so a check
    can treat summaries or clinician detail apart.
    Table cells are joined with " | ".
    """

    # "paragraph", "list item", "table row", "heading", "title" (of an admonition or details);
    # "code" and "raw" (HTML) blocks are kept only to locate phrases, never read as prose.
    kind: str
    text: str
    citations: tuple[Citing, ...] = ()
    boxes: frozenset[str] = frozenset()
    box_titles: tuple[str, ...] = ()  # titles of the boxes around it, outermost first

    @property
    def prose(self) -> bool:
        """Whether the unit is words a reader reads (not a code or raw HTML block)."""
        return self.kind not in ("code", "raw")


def phrase_pattern(needle: str) -> re.Pattern[str]:
    """``needle`` as words of prose: "5" is not found inside "0.5", "25" or "5a"; "5." ending a sentence is."""
    before = r"(?<![\w.])" if re.match(r"\w", needle[0]) else ""
    after = r"(?!\w|\.\d)" if re.match(r"\w", needle[-1]) else ""
    return re.compile(before + re.escape(needle) + after)
