"""Masking code and comments keeps every offset, and positions map correctly."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kbcheck.markdown_scan import LineIndex, mask_code, split_front_matter
from kbcheck.project import Page


def test_fenced_code_is_blanked_including_indented_fences() -> None:
    """Backtick and tilde fences, also indented inside admonitions, are masked."""
    text = "before\n```\n[@a]\n```\n!!! note\n    ~~~~\n    [@b]\n    ~~~~\nafter [@c]\n"
    masked = mask_code(text)
    assert "[@a]" not in masked
    assert "[@b]" not in masked
    assert masked.endswith("after [@c]\n")


def test_fence_closes_only_with_same_character_and_length() -> None:
    """A shorter or different fence inside a block does not close it."""
    text = "````\n```\n[@a]\n~~~\n````\n[@b]\n"
    masked = mask_code(text)
    assert "[@a]" not in masked
    assert "[@b]" in masked


def test_inline_code_and_comments_are_blanked() -> None:
    """Code spans of any width and HTML comments are masked; text outside stays."""
    text = "a `[@x]` b ``[@y] ` z`` <!-- [@w]\n --> [@v]"
    masked = mask_code(text)
    assert "[@x]" not in masked
    assert "[@y]" not in masked
    assert "[@w]" not in masked
    assert masked.endswith("[@v]")


def test_unmatched_backtick_is_literal() -> None:
    """A lone backtick does not swallow the rest of the paragraph."""
    assert "[@x]" in mask_code("it`s [@x]")


def test_front_matter_split_reports_body_line() -> None:
    """The body's first line number accounts for the front matter."""
    split = split_front_matter("---\ntitle: x\n---\n# Head\n")
    assert split.front_matter == "title: x\n"
    assert split.body == "# Head\n"
    assert split.body_line == 4


def test_unterminated_front_matter_is_body() -> None:
    """Without a closing ---, the whole file is body, as MkDocs treats it."""
    assert split_front_matter("---\ntitle: x\n").front_matter is None


def test_line_index_positions() -> None:
    """Offsets map to 1-based line and column, shifted by the first line."""
    index = LineIndex("ab\ncd\n", first_line=10)
    assert index.position(0) == (10, 1)
    assert index.position(4) == (11, 2)


@given(st.text(alphabet=st.sampled_from(list("ab`~-<!>[@]\n \t")), max_size=300))
def test_mask_keeps_length_and_newlines(text: str) -> None:
    """Masking never changes the length or the line structure of any text."""
    masked = mask_code(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]


@given(
    st.one_of(
        st.text(),
        st.builds(lambda meta, body: f"---\ntitle: {meta}\n---\n{body}", st.text(alphabet="ab é\u2026"), st.text()),
    )
)
def test_a_page_held_compressed_gives_back_its_text_and_parts_exactly(text: str) -> None:
    """A page is held compressed for the whole build; what the checks read of it is what the file says."""
    page = Page("p.md", Path("docs/p.md"), "docs/p.md", text)
    assert page.text == text
    assert page.split == split_front_matter(text)
