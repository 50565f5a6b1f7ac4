"""What our extension writes into a page is ASCII: other characters become character references.

MkDocs keeps every page's HTML in memory from its render until it is written,
and CPython stores a string at two bytes a character as soon as one character
lies above U+00FF. One "…" in a citation's hover text doubled what an
otherwise plain-English page held. ``&#8230;`` reads the same in a browser, in
a screen reader and in the search index (every HTML parser decodes it).

Python-Markdown's serializer leaves an entity alone in text and attributes, so
element text, attribute values and stashed raw HTML can all hold them.
"""

from __future__ import annotations


def charrefs(text: str) -> str:
    """``text`` with every non-ASCII character as a numeric character reference."""
    return text if text.isascii() else text.encode("ascii", "xmlcharrefreplace").decode("ascii")
