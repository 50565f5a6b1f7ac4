"""Heading ids and other anchors a page will have once Python-Markdown renders it.

Headings are found in the masked source (ATX ``#`` lines, setext underlines,
headings inside admonitions, details and tabs, and headings of files included
with pymdownx.snippets). Their ids are not re-implemented here: the heading
lines alone are rendered by Python-Markdown with the project's own ``toc``
options (``slugify``, ``separator``) and ``attr_list``, so ``{#custom}`` ids,
inline markup, entities and duplicate numbering (``_1``) match the build.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from markdown.extensions.toc import unique

from ..markdown_scan import mask_code
from ..project import Page, Project
from .mdconfig import MarkdownConfig, markdown_config

ATX = re.compile(r"^(?P<hashes>#{1,6})(?P<text>.*?)$")
SETEXT_UNDERLINE = re.compile(r"^(?P<marks>=+|-+)[ ]*$")
CONTAINER_OPEN = re.compile(r"^(?:!!!|\?\?\?\+?|===[!+]{0,2})[ \t]")
SNIPPET_LINE = re.compile(r"^[ \t]*-+8<-+[ \t]+(?P<quote>[\"'])(?P<name>.+?)(?P=quote)[ \t]*$")
BLOCK_START = re.compile(r"^(?:[-*+][ \t]|\d+[.)][ \t]|>|\||<|!!!|\?\?\?|===|-+8<)")
ATTR_LIST = re.compile(r"\{:?[ \t]*(?P<body>[^}\n]*)\}")
ATTR_ID = re.compile(r"(?:^|[ \t])#(?P<id>[^\s}#.]+)")
FOOTNOTE_DEFINITION = re.compile(r"^[ ]{0,3}\[\^(?P<label>[^\]\n]+)\]:", re.M)
FOOTNOTE_REFERENCE = re.compile(r"\[\^(?P<label>[^\]\n]+)\](?!:)")
RENDERED_HEADING = re.compile(r"<h[1-6](?P<attributes>[^>]*)>")
ID_ATTRIBUTE = re.compile(r"\bid=\"(?P<id>[^\"]*)\"")
# Extensions that change how a heading's inline text renders (and so its slug).
INLINE_EXTENSIONS = (
    "attr_list",
    "footnotes",
    "abbr",
    "smarty",
    "pymdownx.betterem",
    "pymdownx.caret",
    "pymdownx.mark",
    "pymdownx.tilde",
    "pymdownx.smartsymbols",
    "pymdownx.keys",
)
MAX_SNIPPET_DEPTH = 4
# Heading words no inline extension changes (no markup, entities, quotes or symbols).
PLAIN_HEADING = re.compile(r"(?:[^\W_]|[ ,.?;%-])*")


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading as it will be built: source offset in the body, level, text, id."""

    offset: int
    level: int
    text: str
    id: str


def _indent_width(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _heading_lines(text: str, original: str, include: _Includer, depth: int = 0) -> list[tuple[int, int, str]]:
    """(offset, level, text) of each heading: structure from masked ``text``, words from ``original``."""
    found: list[tuple[int, int, str]] = []
    containers: list[int] = []  # content indents of open admonitions/tabs
    previous: tuple[int, str, bool] | None = None  # (offset, stripped text, starts a block)
    before_blank = True
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        start, offset = offset, offset + len(raw)
        if not line.strip():
            previous, before_blank = None, True
            continue
        indent = _indent_width(line)
        while containers and indent < containers[-1]:
            containers.pop()
        level_indent = containers[-1] if containers else 0
        stripped = line.lstrip(" \t")
        snippet = SNIPPET_LINE.match(line)
        if snippet and depth < MAX_SNIPPET_DEPTH:
            found.extend((start, level, heading) for _, level, heading in include(snippet["name"], depth + 1))
        elif indent == level_indent and (atx := ATX.match(stripped)):
            words = original[start + len(line) - len(stripped) + len(atx["hashes"]) : start + len(line)]
            found.append((start, len(atx["hashes"]), words.strip().rstrip("#").strip()))
        elif (
            indent == level_indent
            and previous is not None
            and previous[2]
            and (underline := SETEXT_UNDERLINE.match(stripped))
        ):
            found.append((previous[0], 1 if underline["marks"][0] == "=" else 2, previous[1]))
            previous, before_blank = None, False
            continue
        if CONTAINER_OPEN.match(stripped):
            containers.append(indent + 4)
        starts_block = before_blank and indent == level_indent and not BLOCK_START.match(stripped)
        previous = (start, original[start : start + len(line)].strip(), starts_block and not ATX.match(stripped))
        before_blank = False
    return found


class _Includer:
    """Reads pymdownx.snippets files once and returns their headings."""

    def __init__(self, bases: list[Path]) -> None:
        self.bases = bases
        self.cache: dict[str, list[tuple[int, int, str]]] = {}

    def __call__(self, name: str, depth: int) -> list[tuple[int, int, str]]:
        name = re.sub(r"(?::-?\d*){1,2}$", "", name)  # "file.md:2:5" line ranges
        if name not in self.cache:
            self.cache[name] = []
            for base in self.bases:
                candidate = base / name
                if candidate.is_file():
                    text = candidate.read_text(encoding="utf-8", errors="replace")
                    self.cache[name] = _heading_lines(mask_code(text), text, self, depth)
                    break
        return self.cache[name]


def _renderer(config: MarkdownConfig) -> markdown.Markdown:
    extensions = ["toc", *(name for name in INLINE_EXTENSIONS if config.has(name))]
    options = {name: dict(config.extensions.get(name, {})) for name in extensions}
    options["toc"] = {"slugify": config.slugify, "separator": config.separator}
    for name in ("footnotes", "abbr"):
        options.pop(name, None)
    return markdown.Markdown(extensions=extensions, extension_configs=options)


def attr_list_ids(page: Page) -> list[tuple[int, str]]:
    """(offset, id) of every ``{: #id}`` in the page (attr_list syntax)."""
    found = []
    for match in ATTR_LIST.finditer(page.masked_body):
        found.extend((match.start(), m["id"]) for m in ATTR_ID.finditer(match["body"]))
    return found


def footnote_ids(page: Page) -> set[str]:
    """Ids the footnotes extension generates (``fn:x`` and ``fnref:x``)."""
    body = page.masked_body
    ids = {f"fn:{m['label']}" for m in FOOTNOTE_DEFINITION.finditer(body)}
    labels = [m["label"] for m in FOOTNOTE_REFERENCE.finditer(body)]
    for label in set(labels):
        ids.add(f"fnref:{label}")
        ids.update(f"fnref{n}:{label}" for n in range(2, labels.count(label) + 1))
    return ids


def _direct_ids(config: MarkdownConfig, texts: list[str], taken: list[str]) -> list[str]:
    """Slugify plain heading texts directly, numbering repeats with toc's own ``unique``."""
    used = set(taken)
    return [unique(config.slugify(html.unescape(re.sub(r"<[^>]+>", "", t)), config.separator), used) for t in texts]


def page_headings(project: Project, page: Page) -> list[Heading]:
    """The page's headings with the ids the build will give them (memoised)."""
    return project.derive(f"links.headings:{page.path}", lambda p: _compute_headings(p, page))


def _compute_headings(project: Project, page: Page) -> list[Heading]:
    config = markdown_config(project)
    includer = project.derive("links.includer", lambda p: _Includer(config.snippet_base_paths(p.config.root)))
    lines = _heading_lines(page.masked_body, page.split.body, includer)
    if not lines:
        return []
    taken = [value for _, value in attr_list_ids(page)] if config.has("attr_list") else []
    texts = [text for _, _, text in lines]
    if all(PLAIN_HEADING.fullmatch(text) and "--" not in text and "..." not in text for text in texts):
        ids = _direct_ids(config, texts, taken)  # no markup: rendering would not change the words
        return [Heading(offset, level, text, id_) for (offset, level, text), id_ in zip(lines, ids, strict=True)]
    other_ids = [f"x\n{{: #{value} }}" for value in taken]
    document = "\n\n".join([*other_ids, *("#" * level + " " + text for _, level, text in lines)])
    renderer = project.derive("links.renderer", lambda _p: _renderer(config))
    renderer.reset()
    try:
        rendered = renderer.convert(document)
    except Exception:  # a third-party slugify may fail on odd input; fall back below
        rendered = ""
    ids = [
        html.unescape(found["id"]) if (found := ID_ATTRIBUTE.search(m["attributes"])) else ""
        for m in RENDERED_HEADING.finditer(rendered)
    ]
    if len(ids) != len(lines):
        ids = _direct_ids(config, texts, taken)
    return [Heading(offset, level, text, id_) for (offset, level, text), id_ in zip(lines, ids, strict=True)]
