"""Glossary terms in Python-Markdown: each term is explained once per page, at its first use in the body.

A tree processor walks the text of the rendered page in reading order and
marks the first mention of each glossary term (any of its forms) with a link
to its entry whose title is the short definition (Material's tooltips show it
on hover and focus). Headings, links, code, abbreviations, citations and raw
HTML are never touched, so a term is never marked twice and never in a title.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from ..glossary.annotate import applies_to, glossary_link, matcher
from ..glossary.matcher import Match, Matcher
from ..glossary.model import Term, load_glossary
from ..glossary.text import plain_text
from ..pagecache import key_for
from ..project import Project
from .charrefs import charrefs
from .markcache import Mark, Replay
from .state import DocumentState

# Elements whose text is not prose a term may be marked in.
SKIP = frozenset(
    {
        "a",
        "abbr",
        "code",
        "pre",
        "kbd",
        "samp",
        "script",
        "style",
        "sup",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "summary",
        "label",
        "button",
        "svg",
        "math",
    }
)


class FirstWords:
    """Where a mention of a glossary term can start: words beginning like the first word of a form.

    Every mention of a form starts with its first word (in some case, maybe with a plural
    ending), at the start of a word. The matcher's one big pattern is dear to run over all
    text; tried only at the word starts whose first letters begin a form, and there with
    only the forms that begin so, it finds the same mentions. (A set lookup per word start
    is cheaper than one pattern of every prefix.)
    """

    def __init__(self, terms: Matcher) -> None:
        self._terms = terms
        self._starts = terms.starts

    def mentions(self, text: str) -> Iterator[Match]:
        """What ``Matcher.find(text)`` finds: each candidate start in order, past the end of the last mention."""
        starts = self._starts
        if not starts:
            return
        end = 0
        terms = self._terms
        for start in _WORD_START.finditer(text):
            if start.start() < end:
                continue
            word = start.group(1).casefold()[:4]
            # Unrolled (starts are at most four letters long): this loop is hot, and most words begin no form.
            if not (word in starts or word[:3] in starts or word[:2] in starts or word[:1] in starts):
                continue
            begun = tuple(word[:length] for length in range(len(word), 0, -1) if word[:length] in starts)
            found = terms.match_at_word(text, start.start(), begun)
            if found is not None:
                end = found.end
                yield found


# A word start (not after a letter, digit or hyphen, as the matcher requires), with the
# next few characters to compare with the starts of the forms (a lookahead: word starts may overlap).
_WORD_START = re.compile(r"(?<![\w\u2011-])(?=(\w\S{0,3}))")


def first_words(project: Project) -> FirstWords:
    return project.derive("glossary.first_words", lambda p: FirstWords(matcher(p)))


def terms_by_index(project: Project) -> dict[int, Term]:
    """The glossary's terms by their place in its file (unique, unlike ids a faulty file may repeat)."""
    return project.derive("glossary.terms_by_index", lambda p: {term.index: term for term in load_glossary(p).terms})


def _title(term: Term) -> str:
    """The tooltip: the term's short definition as plain text."""
    return charrefs(plain_text(term.definition))


def _reuse_key(state: DocumentState) -> bytes | None:
    """The key the page's marks are recorded under for the next build (None: not known)."""
    if state.project is None or state.page_path is None or state.source_map is None:
        return None
    return key_for(state.project, state.page_path, state.source_map.digest())


# Not words, though text at this stage: a web address left as text, and an attribute list
# ("{: .class }") the attr_list extension reads after us (a mark inside would break it).
_NOT_WORDS = re.compile(r"\b(?:https?://|www\.)[^\s<>]+|\{:?[ \t]*[#.\w][^{}\n]*\}")
_MAYBE = re.compile(r"://|www\.|\{")

# Splits a text around the mentions it marks: [text, element, text, element, text...], or [] for none.
Marker = Callable[[str], list[etree.Element | str]]


class GlossaryTree(Treeprocessor):
    def __init__(self, md: Markdown, state: DocumentState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        state = self.state
        project, page_path = state.project, state.page_path
        if project is None or page_path is None:
            return
        glossary = load_glossary(project)
        if not glossary.terms or not applies_to(glossary, page_path):
            return
        options = glossary.options
        marking = options["link_first_mention"] or options["tooltips"]  # else only note the terms used
        marked: set[str] = set()
        waiting = first_words(project)
        terms = terms_by_index(project)
        entry = glossary_link(glossary, page_path, "")  # the entry of term "x" is entry + "x"
        key = _reuse_key(state) if state.reuse_between_builds else None
        replay = Replay(key) if key is not None else None

        def decide(text: str) -> list[Mark]:
            """The first mentions in ``text`` of terms not yet marked, that are words (not in a web address)."""
            found: list[Mark] = []
            hidden = [(m.start(), m.end()) for m in _NOT_WORDS.finditer(text)] if _MAYBE.search(text) else []
            for match in waiting.mentions(text):
                if match.term.id in marked or any(start < match.end and match.start < end for start, end in hidden):
                    continue
                marked.add(match.term.id)
                found.append((match.start, match.end, match.term.index))
            return found

        def mark(text: str) -> list[etree.Element | str]:
            """``text`` split around the first mentions it holds of terms not yet marked."""
            pieces: list[etree.Element | str] = []
            position = 0
            for start, end, index in replay.marks(text, decide) if replay is not None else decide(text):
                term = terms[index]
                marked.add(term.id)  # (replayed marks count as marked, should the replay end)
                state.glossary_terms.append(term.id)
                if not marking:
                    continue
                title = _title(term)
                if options["link_first_mention"]:
                    element = etree.Element("a", {"class": "kb-glossary-link", "href": entry + term.id})
                    if options["tooltips"] and title:
                        element.set("title", title)
                    state.generated_links.add(element)
                else:
                    element = etree.Element("abbr", {"title": title})
                element.text = text[start:end]
                pieces.extend([text[position:start], element])
                position = end
            if pieces:
                pieces.append(text[position:])
            return pieces

        self._walk(root, mark)
        if replay is not None:
            replay.keep()

    def _walk(self, element: etree.Element, mark: Marker) -> None:
        """Mark the text of ``element`` and its descendants in reading order (skipping code, links, titles)."""
        if element.text and element.tag not in SKIP and not _is_excluded(element):
            pieces = mark(element.text)
            if pieces:
                element.text = pieces[0]
                _insert_pieces(element, 0, pieces[1:])
        for child in list(element):
            if child.tag not in SKIP and not _is_excluded(child):
                self._walk(child, mark)
            if child.tail:
                pieces = mark(child.tail)
                if pieces:
                    child.tail = pieces[0]
                    _insert_pieces(element, list(element).index(child) + 1, pieces[1:])


# Titles of admonitions are headings in all but name; "kb-no-terms" lets an author opt a block out.
SKIP_CLASSES = frozenset({"admonition-title", "kb-no-terms"})


def _is_excluded(element: etree.Element) -> bool:
    classes = (element.get("class") or "").split()
    return bool(SKIP_CLASSES.intersection(classes)) or element.get("data-search-exclude") is not None


def _insert_pieces(parent: etree.Element, index: int, pieces: list[etree.Element | str]) -> None:
    """Insert alternating element, text, element, text... at ``index``; text becomes the previous tail."""
    for piece in pieces:
        if isinstance(piece, str):
            parent[index - 1].tail = piece
        else:
            parent.insert(index, piece)
            index += 1
