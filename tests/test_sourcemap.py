"""Finding where a link target or key was written: the one-pass lookup agrees with the pattern."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kbcheck.mdext.sourcemap import Origin, SourceMap, _token, _token_offsets

# Few letters, so needles recur, overlap ("aa" in "aaa") and touch URL characters on either side.
PIECES = st.text(alphabet="ab./#@ -\n", max_size=40)
NEEDLES = st.text(alphabet="ab./#@-", min_size=1, max_size=4)


@given(PIECES, NEEDLES)
def test_token_offsets_are_the_patterns_matches(text: str, needle: str) -> None:
    """Every place the whole-token pattern matches, and no other: not glued to URL characters, not overlapping."""
    assert _token_offsets(text, needle) == [match.start() for match in _token(needle).finditer(text)]


@given(st.lists(PIECES, min_size=1, max_size=6), st.lists(st.tuples(NEEDLES, st.integers(0, 3)), max_size=8))
def test_positions_in_one_pass_are_those_found_one_by_one(lines: list[str], wanted: list[tuple[str, int]]) -> None:
    """The batch lookup a page makes before its source map goes gives each place the single lookup gives."""
    text_lines = "\n".join(lines).split("\n")
    origins = [Origin("docs/p.md", 5 + index) for index in range(len(text_lines))]
    source = SourceMap(text_lines, origins)
    assert source.positions(wanted) == [source.position(needle, occurrence) for needle, occurrence in wanted]
