"""The FAQ in a real browser: a linked question opens, also after instant navigation."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

IS_OPEN = "id => document.getElementById(id).closest('details').open"


def test_linked_question_is_open_and_others_closed(tab, server: str) -> None:
    """Opening faq/#is-it-addictive shows that answer; the other questions stay collapsed."""
    tab.goto(server + "faq/#is-it-addictive")
    tab.wait_for_function(IS_OPEN, arg="is-it-addictive")
    assert not tab.evaluate(IS_OPEN, "can-i-drive")
    tab.evaluate("location.hash = '#can-i-drive'")
    tab.wait_for_function(IS_OPEN, arg="can-i-drive")


def test_our_script_opens_the_question_without_the_theme_script(tab, server: str) -> None:
    """Material's bundle also opens a targeted <details>; with it blocked, docs/javascripts/faq.js still does."""
    tab.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
    tab.goto(server + "faq/#is-it-addictive")
    tab.wait_for_function(IS_OPEN, arg="is-it-addictive", timeout=5000)
    assert not tab.evaluate(IS_OPEN, "can-i-drive")


def test_question_opens_after_instant_navigation(tab, server: str) -> None:
    """A link from another page (Material's instant navigation, no reload) opens the answer."""
    tab.goto(server + "glossary/")
    tab.evaluate(
        """() => {
            const link = document.createElement("a");
            link.href = "../faq/#is-it-the-party-drug";
            link.id = "kb-test-link";
            link.textContent = "FAQ";
            document.querySelector("article").prepend(link);
        }"""
    )
    tab.click("#kb-test-link")
    tab.wait_for_url("**/faq/#is-it-the-party-drug")
    tab.wait_for_function(IS_OPEN, arg="is-it-the-party-drug")


def test_glossary_terms_show_tooltips_and_link_to_entries(tab, server: str) -> None:
    """A content page links each term's first mention to the glossary, with its definition as the tooltip."""
    tab.goto(server + "ketamine/how-it-works/")
    titles = tab.eval_on_selector_all("article a.kb-glossary-link", "els => els.map(e => e.title)")
    assert titles and all(titles)
    hrefs = tab.eval_on_selector_all("article a.kb-glossary-link", "els => els.map(e => e.href)")
    assert any(href.endswith("glossary/#nmda-receptor") for href in hrefs)
    assert len(hrefs) == len(set(hrefs))  # each term linked once
