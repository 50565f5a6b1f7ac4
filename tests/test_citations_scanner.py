"""The citation scanner: Pandoc syntax, never inside code, never a crash (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbcheck.citations.scanner import scan
from kbcheck.markdown_scan import mask_code


def keys(text: str) -> list[list[tuple[str, str]]]:
    groups, _ = scan(mask_code(text))
    return [[(item.key, item.locator) for item in group.items] for group in groups]


def messages(text: str) -> list[str]:
    return [problem.message for problem in scan(mask_code(text))[1]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One trial [@taylor2018ketamine].", [[("taylor2018ketamine", "")]]),
        ("Two [@a; @b].", [[("a", ""), ("b", "")]]),
        ("Page [@a, p. 4].", [[("a", "p. 4")]]),
        ("Split [@a;\n@b] over lines.", [[("a", ""), ("b", "")]]),
        ("Keys with punctuation [@nice:cg113.v2-1].", [[("nice:cg113.v2-1", "")]]),
        ("Adjacent [@a][@b].", [[("a", "")], [("b", "")]]),
    ],
)
def test_citations_are_found(text: str, expected: list) -> None:
    """Single, multiple, located and multi-line citations are read."""
    assert keys(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Escaped \\[@x] stays text.",
        "Inline `[@x]` code.",
        "```\n[@x]\n```\n",
        "~~~md\n[@x]\n~~~\n",
        "    - item\n\n      ```\n      [@x]\n      ```\n",
        "<!-- [@x] -->",
        "A link [@x](https://example.org).",
        "[@x]: https://example.org",
        "An e-mail [name@example.org] is not a citation.",
    ],
)
def test_not_citations(text: str) -> None:
    """Code, comments, escapes, links and e-mails are never citations."""
    assert keys(text) == []
    assert messages(text) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Open [@a and more text", "citation bracket is never closed"),
        ("Space [@my key]", "unexpected 'key' after citation key '@my'"),
        ("Odd [@smith*2020]", "unexpected '*2020' after citation key '@smith'"),
        ("Part [@a; b]", "'b' in a citation does not start with '@'"),
        ("Empty [@]", "'@' is not a valid citation key"),
        ("Blank line [@a\n\n@b]", "citation bracket is never closed"),
    ],
)
def test_unreadable_citations_give_one_message(text: str, message: str) -> None:
    """Each malformed bracket is one problem, and nothing is rendered from it."""
    assert messages(text) == [message]
    assert keys(text) == []


def test_thousands_of_citations_on_one_page() -> None:
    """Five thousand citations are all found, in order."""
    text = " ".join(f"Claim {n} [@k{n % 50}; @k{(n + 1) % 50}, p. {n}]." for n in range(5000))
    found = keys(text)
    assert len(found) == 5000
    assert found[-1] == [("k49", ""), ("k0", "p. 4999")]


MARKDOWN_CHARS = st.sampled_from([*"ab @[];,.-_:\\\n\t*#|>!", "p. 4", "@k", "[@", "\n\n", "<!--", "-->"])
TEXT = st.lists(MARKDOWN_CHARS, max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_scanner_never_crashes_on_any_text(text: str) -> None:
    """Arbitrary Unicode never raises, and every offset points inside the text."""
    groups, problems = scan(mask_code(text))
    for group in groups:
        assert 0 <= group.start < group.end <= len(text)
        assert text[group.start] == "["
    assert all(0 <= problem.offset <= len(text) for problem in problems)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, st.sampled_from(["`{}`", "``{}``", "\n\n```\n{}\n```\n\n", "<!-- {} -->"]))
def test_nothing_inside_code_is_a_citation(before: str, after: str, wrapper: str) -> None:
    """A citation placed in a code span, a fence or a comment is never found, whatever surrounds it."""
    text = before.replace("`", "") + wrapper.format("[@incode]") + after.replace("`", "")
    if "<!--" in before or "-->" in after:
        return  # an unclosed comment before would swallow more; that is covered by the cases above
    groups, _ = scan(mask_code(text))
    assert all(item.key != "incode" for group in groups for item in group.items)
