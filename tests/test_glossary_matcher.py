"""The glossary matcher: whole words, case rules, plurals, aliases, and where it never looks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, page
from kbcheck.glossary.matcher import Matcher, form_pattern
from kbcheck.glossary.model import Term
from kbcheck.glossary.text import escape_markdown, plain_text, sentences
from kbcheck.parse import render_all
from kbcheck.project import load_project, load_project_config


def term(name: str, *aliases: str, abbreviation: str | None = None, match: list[str] | None = None) -> Term:
    return Term(
        0, name, name.lower().replace(" ", "-"), "A definition.", "p.md", abbreviation, list(aliases), match=match
    )


TERMS = [
    term("Generalised anxiety disorder", "generalized anxiety disorder", abbreviation="GAD"),
    term("Social anxiety disorder", "social phobia", abbreviation="SAD"),
    term("Anxiety disorder"),
    term("NMDA receptor", "NMDAR", "NMDA", "N-methyl-D-aspartate receptor"),
    term("mTOR"),
    term("Placebo"),
    term("Meta-analysis"),
    term("Half-life"),
    term("Psychological therapy"),
    term("Treatment-resistant"),
    term("Selective serotonin reuptake inhibitor", abbreviation="SSRI"),
    term("Food and Drug Administration", abbreviation="FDA"),
    term("Response", match=["responders", "response rate"]),
]
MATCHER = Matcher(TERMS)


def found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.term.term) for m in MATCHER.find(text)]


def marked(tmp_path, text: str) -> list[str]:
    """Terms the real rendering explains on a page holding ``text`` (the site's Markdown configuration)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "includes").mkdir()
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0])
    (tmp_path / "data" / "glossary.yml").write_text(
        "terms:\n  - term: Placebo\n    definition: A dummy treatment.\n    page: index.md\n"
        "  - term: Anxiety disorder\n    definition: A kind of illness.\n    page: index.md\n",
        encoding="utf-8",
    )
    (tmp_path / "docs" / "glossary.md").write_text(page("Glossary", "<!-- kb:glossary -->\n"), encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text(page("Home", text).replace('--8<-- "urgent-help.md"\n', ""))
    config, problems = load_project_config(tmp_path / "mkdocs.yml")
    return render_all(load_project(config, problems))["index.md"].terms


@pytest.mark.parametrize(
    "text",
    [
        "GADD45 gene",
        "GAD65 and GAD67",
        "GADS",
        "non-GAD",
        "GAD-7 score",
        "the gadfly",
        "sad news",
        "Sad",
        "MTOR",
        "Mtor",
    ],
)
def test_no_match_inside_longer_words_or_wrong_case(text: str) -> None:
    """GAD never matches inside a longer word, a code like GAD-7, or in the wrong case."""
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GAD-only trials", [("GAD", "Generalised anxiety disorder")]),
        ("disorder (GAD).", [("GAD", "Generalised anxiety disorder")]),
        ("FDA-approved", [("FDA", "Food and Drug Administration")]),
        ("Placebo pills", [("Placebo", "Placebo")]),
        ("PLACEBO", [("PLACEBO", "Placebo")]),
        ("two NMDARs", [("NMDARs", "NMDA receptor")]),
        ("NMDA receptors", [("NMDA receptors", "NMDA receptor")]),
        ("nmda receptors", []),
        ("the N-methyl-D-aspartate receptor", [("N-methyl-D-aspartate receptor", "NMDA receptor")]),
        ("SSRIs help", [("SSRIs", "Selective serotonin reuptake inhibitor")]),
        ("three meta-analyses", [("meta-analyses", "Meta-analysis")]),
        ("drug half-lives", [("half-lives", "Half-life")]),
        ("psychological therapies", [("psychological therapies", "Psychological therapy")]),
        ("treatment resistant cases", [("treatment resistant", "Treatment-resistant")]),
        ("mTOR signalling", [("mTOR", "mTOR")]),
        ("social phobia", [("social phobia", "Social anxiety disorder")]),
        ("generalized anxiety disorder", [("generalized anxiety disorder", "Generalised anxiety disorder")]),
    ],
)
def test_variants_plurals_case_and_aliases(text: str, expected: list[tuple[str, str]]) -> None:
    """Plurals, case variants of ordinary words, hyphen-or-space and aliases all name their term."""
    assert found(text) == expected


def test_longest_match_wins_and_matches_never_overlap() -> None:
    """'social anxiety disorder' is one mention, not also 'anxiety disorder'."""
    assert found("Social anxiety disorder and other anxiety disorders") == [
        ("Social anxiety disorder", "Social anxiety disorder"),
        ("anxiety disorders", "Anxiety disorder"),
    ]


def test_term_wrapped_over_a_line_break() -> None:
    """A term split across two source lines is still one mention."""
    assert found("people with social anxiety\ndisorder") == [("social anxiety\ndisorder", "Social anxiety disorder")]


def test_match_list_replaces_the_term_name() -> None:
    """A common word like 'response' only matches the forms listed in 'match'."""
    assert found("in response to that, responders and the response rate") == [
        ("responders", "Response"),
        ("response rate", "Response"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "# Placebo in a heading\n",
        "  ## Placebo indented heading\n",
        "Placebo in setext\n---------\n",
        "See `placebo` in code.\n",
        "```\nplacebo in a fence\n```\n",
        "<!-- placebo in a comment -->\n",
        "A [placebo link](placebo.md) here.\n",
        "A [link](https://example.org/placebo) here.\n",
        "Cited [@placebo2020] here.\n",
        "Bare https://example.org/placebo here.\n",
        '!!! note "Placebo in a box title"\n    Body.\n',
        '??? info "For clinicians: placebo"\n    Body.\n',
        "Text\n{: .placebo }\n",
        "*[Placebo]: a definition\n",
        "[ref]: https://example.org/placebo\n",
        '<div class="placebo">placebo in raw HTML</div>\n',
        '--8<-- "placebo.md"\n',
    ],
)
def test_never_marked_outside_prose(tmp_path, text: str) -> None:
    """Headings, code, comments, links, citations, URLs, box titles, HTML and definitions are not prose."""
    assert marked(tmp_path, text) == []


def test_prose_inside_boxes_lists_and_emphasis_is_marked(tmp_path) -> None:
    """Admonition bodies, list items and bold text are prose: each term once, at its first use."""
    text = '!!! note "Title"\n    An anxiety disorder here.\n\n- **Placebo.** Item.\n'
    assert marked(tmp_path, text) == ["anxiety-disorder", "placebo"]


def test_regex_special_characters_in_terms_are_literal() -> None:
    """A term with regex characters matches only itself."""
    special = Matcher([term("5-HT(2A) receptor"), term("C++"), term("mg/kg")])
    text = "5-HT(2A) receptors, C++ and 0.5 mg/kg; not 5-HT2A or C+"
    assert [m.text for m in special.find(text)] == ["5-HT(2A) receptors", "C++", "mg/kg"]


def test_form_pattern_keeps_acronym_case_but_not_word_case() -> None:
    """Acronym words are exact; ordinary words are case-insensitive."""
    assert "(?i:" not in form_pattern("GAD").split("(?:s)?")[0]
    assert form_pattern("placebo").startswith("(?i:")


def test_hundreds_of_terms_match_in_one_pass() -> None:
    """Five hundred terms on one page: each found once, in order, none confused."""
    many = [term(f"Zeta{index:03d} factor") for index in range(500)]
    text = " ".join(f"The zeta{index:03d} factors matter." for index in range(500))
    matches = Matcher(many).find(text)
    assert len(matches) == 500
    assert [m.term.term for m in matches] == [t.term for t in many]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One sentence.", 1),
        ("One. Two.", 2),
        ("One, e.g. this. Two.", 2),
        ("A dose of 0.5 mg/kg. Then 35 mg.", 2),
        ("No full stop", 1),
        ("", 0),
    ],
)
def test_sentence_count(text: str, expected: int) -> None:
    """Definitions are measured in sentences, not fooled by decimals or 'e.g.'."""
    assert sentences(text) == expected


def test_plain_text_drops_markup_and_citations() -> None:
    """Tooltips and structured data get the visible text only."""
    assert plain_text("A *drug* that [blocks](x.md) it [@a; @b].\nNext &amp; <b>bold</b>.") == (
        "A drug that blocks it. Next & bold."
    )


def test_escape_markdown_shows_text_literally() -> None:
    """Markdown and HTML characters in a term are shown, not interpreted."""
    import markdown

    html = markdown.markdown("# " + escape_markdown("<b>x</b> *y* [z](w) & _v_"))
    assert html == "<h1>&lt;b&gt;x&lt;/b&gt; *y* [z](w) &amp; _v_</h1>"


_PIECES = st.sampled_from(
    [
        " ",
        "-",
        "\n",
        ".",
        "(",
        ")",
        "GAD",
        "GAD-7",
        "non-GAD",
        "NMDA",
        "receptors",
        "receptor",
        "NMDARs",
        "generalised",
        "responders",
        "response",
        "rate",
        "half",
        "life",
        "meta",
        "analysis",
        "mTOR",
        "FDA",
        "anxiety",
        "disorder",
        "Placebo",
        "placebos",
        "social",
        "the",
        "word",
        "5",
    ]
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=40))
def test_anchored_search_finds_what_the_whole_pattern_finds(pieces: list[str]) -> None:
    """The page marker tries the matcher only at word starts that begin like a form: same mentions."""
    from kbcheck.mdext.glossary import FirstWords

    text = "".join(pieces)
    matcher = Matcher(TERMS)
    expected = [(m.start, m.end, m.term.id) for m in matcher.find(text)]
    assert [(m.start, m.end, m.term.id) for m in FirstWords(matcher).mentions(text)] == expected


_FOLDING_TERMS = [term("Straße works"), term("Über"), term("İstanbul"), term("Ǆungla")]


@pytest.mark.parametrize(
    "text",
    ["Straße works, STRASSE works, straße Works.", "über and ÜBER", "İstanbul or istanbul", "ǅungla and ǆungla"],
)
def test_anchored_search_agrees_where_case_folding_changes_length(text: str) -> None:
    """Forms and text are folded the same way before their first letters are compared ("İ" folds to two)."""
    from kbcheck.mdext.glossary import FirstWords

    matcher = Matcher(_FOLDING_TERMS)
    expected = [(m.start, m.end, m.term.id) for m in matcher.find(text)]
    assert expected  # the case is not vacuous
    assert [(m.start, m.end, m.term.id) for m in FirstWords(matcher).mentions(text)] == expected
