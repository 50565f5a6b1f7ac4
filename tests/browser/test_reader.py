"""The site used as readers use it: keyboard only, search, tooltips, print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import BuiltPage
from .reader import tab_through

pytestmark = pytest.mark.browser


def _pages_with(site_dir: Path, pages: list[BuiltPage], *needles: str) -> list[str]:
    found = []
    for built in pages:
        html = (site_dir / built.path / "index.html").read_text(encoding="utf-8") if built.source else ""
        if all(needle in html for needle in needles):
            found.append(built.path)
    return found


@pytest.fixture(scope="module")
def clinical_page(site_dir: Path, pages: list[BuiltPage]) -> str:
    """A page with citations, glossary links and collapsible details (the richest template)."""
    found = _pages_with(site_dir, pages, 'class="kb-cite__link"', "<details", "glossary/#")
    assert found, "no page has citations, glossary links and details together"
    return found[0]


def test_skip_link_is_first_visible_and_skips_to_the_content(tab, clinical_page: str) -> None:
    """The first Tab shows "Skip to content"; Enter moves focus to the content, and Tab goes on from there."""
    tab.open(clinical_page)
    tab.keyboard.press("Tab")
    skip = tab.locator("a.md-skip")
    assert tab.evaluate("() => document.activeElement.classList.contains('md-skip')")
    tab.wait_for_function("() => getComputedStyle(document.querySelector('a.md-skip')).opacity === '1'")
    assert skip.is_visible()
    target = skip.get_attribute("href").split("#", 1)[1]
    tab.keyboard.press("Enter")
    tab.wait_for_function("target => location.hash === '#' + target", arg=target)
    tab.wait_for_function("target => document.activeElement.id === target", arg=target)
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.closest('article.md-content__inner') !== null")


@pytest.mark.parametrize("which", ["clinical", "home"])
def test_every_control_is_reachable_by_tab_with_visible_focus(tab, clinical_page: str, which: str) -> None:
    """Tab reaches every link, button, field and summary, and each shows where focus is."""
    tab.open(clinical_page if which == "clinical" else "")
    walk = tab_through(tab)
    missed = [walk.focusable[i] for i in range(len(walk.focusable)) if i not in walk.reached]
    assert missed == [], f"not reachable by Tab ({walk.presses} presses): {missed}"
    assert walk.invisible == [], f"focus not visible on: {walk.invisible}"


def test_citation_links_are_announced_and_show_their_source_on_focus(tab, clinical_page: str) -> None:
    """A citation is named "Reference N" and keyboard focus shows the short reference."""
    tab.open(clinical_page)
    link = tab.locator(".kb-cite__link").first
    assert re.fullmatch(r"References? \d.*", link.get_attribute("aria-label") or ""), link.get_attribute("aria-label")
    link.focus()
    tooltip_id = _wait_for_tooltip(tab, link)
    text = tab.locator(f"#{tooltip_id}").text_content() or ""
    assert len(text) > 20, text


def test_glossary_terms_show_their_definition_on_keyboard_focus(tab, clinical_page: str) -> None:
    """Focusing a glossary term's link shows its definition, as hovering does."""
    tab.open(clinical_page)
    link = tab.locator(".md-typeset a[href*='glossary/#']").first
    definition = link.locator("abbr").get_attribute("title") if link.locator("abbr").count() else None
    link.focus()
    tooltip_id = _wait_for_tooltip(tab, link)
    if definition:
        assert definition[:30] in (tab.locator(f"#{tooltip_id}").text_content() or "")


# The tooltip Material shows for a focused link: on the link, or on a titled element inside it.
ACTIVE_TOOLTIP = """link => {
  const hosts = [link, ...link.querySelectorAll('[aria-describedby]')];
  const host = hosts.find(e => e.getAttribute('aria-describedby'));
  const tip = host && document.getElementById(host.getAttribute('aria-describedby'));
  return tip && tip.classList.contains('md-tooltip2--active') ? tip.id : null;
}"""


def _wait_for_tooltip(tab, link) -> str:
    """The id of the tooltip Material shows for the focused ``link``."""
    handle = link.element_handle()
    return tab.wait_for_function(ACTIVE_TOOLTIP, arg=handle, timeout=3_000).json_value()


def test_collapsible_details_open_and_close_with_the_keyboard(tab, clinical_page: str) -> None:
    """Enter and Space on a focused summary toggle its details."""
    tab.open(clinical_page)
    details = tab.locator("article details:not([open])").first.element_handle()  # fixed: it will open
    details.query_selector("summary").focus()
    tab.keyboard.press("Enter")
    assert details.evaluate("d => d.open")
    tab.keyboard.press(" ")
    assert not details.evaluate("d => d.open")


def test_faq_answer_opens_by_keyboard_and_from_a_link(tab, site_dir: Path, pages: list[BuiltPage]) -> None:
    """FAQ questions are summaries: Enter opens the answer; a link to a question opens it too."""
    faq = _pages_with(site_dir, pages, "FAQPage", "<details")
    if not faq:
        pytest.skip("no FAQ page with questions in this build")
    tab.open(faq[0])
    details = tab.locator("article details").first
    if details.evaluate("d => d.open"):
        details.locator("summary").focus()
        tab.keyboard.press("Enter")
    details.locator("summary").focus()
    tab.keyboard.press("Enter")
    assert details.evaluate("d => d.open")
    question_id = details.evaluate("d => (d.querySelector('summary [id]') || d.querySelector('[id]') || d).id")
    if question_id:
        tab.open(f"{faq[0]}#{question_id}")
        tab.wait_for_function("id => document.getElementById(id).closest('details').open", arg=question_id)


def test_search_for_nmda_returns_a_result(tab) -> None:
    """The site's own search (no external service) finds NMDA."""
    tab.open("")
    search = tab.locator("input.md-search__input")
    search.focus()
    tab.keyboard.type("NMDA")
    results = tab.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    assert results.count() >= 1
    first = tab.locator(".md-search-result__item a").first.get_attribute("href") or ""
    assert first.startswith(tab.url.split("/kb/")[0]), first
    assert "nmda" in (tab.locator(".md-search-result").text_content() or "").lower()


def test_print_hides_navigation_and_prints_reference_addresses(tab, clinical_page: str) -> None:
    """Printed pages: no header, sidebars or footer; reference links followed by their URL."""
    tab.open(clinical_page)
    tab.emulate_media(media="print")
    hidden = tab.evaluate(
        """() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer', '.kb-page-foot__links']
             .map(s => [s, document.querySelector(s) && getComputedStyle(document.querySelector(s)).display])"""
    )
    assert all(display in ("none", None) for _, display in hidden), hidden
    after = "a => getComputedStyle(a, '::after').content"
    reference = tab.locator(".kb-references a.kb-ref__link").first
    assert reference.get_attribute("href") in reference.evaluate(after)
    internal = tab.locator("article p a[href*='glossary/']").first
    assert internal.evaluate(after) in ("none", "normal", ""), "internal links print no address"
    assert tab.evaluate("() => getComputedStyle(document.querySelector('.kb-page-foot__provenance')).display") != "none"
