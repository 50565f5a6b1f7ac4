"""What a reader sees: the first screen on a phone, urgent help, calm text, one
page end, tables that show they scroll, and reference pages of a few screens."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import BuiltPage

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Facts about one page as laid out: positions are relative to the top of the document.
FACTS = """() => {
  const article = document.querySelector('article.md-content__inner');
  const box = e => {
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, height: r.height};
  };
  const h1 = article.querySelector('h1');
  const status = article.querySelector('.kb-status');
  const intro = status || article.querySelector('.kb-summary') || h1;
  let next = intro && intro.nextElementSibling;
  while (next && (next.offsetHeight === 0 || next.matches('details.kb-urgent'))) next = next.nextElementSibling;
  const urgent = document.getElementById('urgent-help');
  const marks = [...article.querySelectorAll("a.kb-glossary-link, abbr[title]")]
    .filter(e => !(e.tagName === 'ABBR' && e.closest("a.kb-glossary-link")))
    .filter(e => !e.closest('.kb-page-foot, .kb-references'));
  const headings = [...article.querySelectorAll('h2, h3')].map(h => h.textContent.replace('¶', '').trim());
  const helpLink = document.querySelector('.kb-help-now');
  return {
    h1: box(h1),
    summary: box(article.querySelector('.kb-summary')),
    status: status ? {...box(status), text: status.textContent.replace(/\\s+/g, ' ').trim()} : null,
    next: next ? {...box(next), tag: next.tagName} : null,
    urgent: urgent ? {...box(urgent), open: urgent.open} : null,
    helpLink: helpLink && !helpLink.hidden ? box(helpLink) : null,
    marked: marks.map(e => e.textContent.trim().toLowerCase()),
    markedInHeadings: marks.filter(e => e.closest('h1, h2, h3, h4, h5, h6')).map(e => e.textContent.trim()),
    relatedHeadings: headings.filter(t => t === 'Related pages').length,
    backlinkHeading: !!document.getElementById('kb-backlinks'),
    backlinkItems: document.querySelectorAll('#kb-backlinks ~ ul li, nav[aria-labelledby=kb-backlinks] li').length,
    footText: (article.querySelector('.kb-page-foot') || {textContent: ''}).textContent,
    height: document.documentElement.scrollHeight,
  };
}"""


@dataclass
class Laid:
    """One page as a phone lays it out."""

    path: str
    source: str
    facts: dict


def _open(browser, url: str, viewport: dict, **options):
    context = browser.new_context(viewport=viewport, color_scheme="light", **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(url, wait_until="load")
    if options.get("java_script_enabled", True):
        page.wait_for_function("() => typeof window.document$ !== 'undefined'")
    return page


@pytest.fixture(scope="module")
def on_phone(browser, server: str, pages: list[BuiltPage]) -> list[Laid]:
    """Every Markdown page opened at 390x844."""
    laid = []
    for built in pages:
        if built.source is None:
            continue
        tab = _open(browser, server + built.path, PHONE)
        laid.append(Laid(built.path, built.source, tab.evaluate(FACTS)))
        tab.context.close()
    return laid


@pytest.fixture(scope="module")
def page_types() -> dict[str, str]:
    """Docs-relative source -> front-matter ``type``."""
    from kbcheck.project import load_project, load_project_config

    from .conftest import ROOT

    config, _ = load_project_config(ROOT / "mkdocs.yml")
    return {path: str(page.meta.get("type")) for path, page in load_project(config).pages.items()}


def test_first_screen_on_a_phone_shows_title_summary_and_the_start_of_the_content(on_phone: list[Laid]) -> None:
    """At 390x844: the whole title, the one-line summary and the top of the first content block."""
    screen = PHONE["height"]
    problems = {}
    for page in on_phone:
        facts = page.facts
        found = []
        if not facts["h1"] or facts["h1"]["bottom"] > screen:
            found.append(f"title ends at {facts['h1'] and facts['h1']['bottom']:.0f}px")
        if not facts["summary"] or facts["summary"]["bottom"] > screen:
            found.append("summary not in the first screen")
        if not facts["next"] or facts["next"]["top"] > screen - 40:
            found.append(f"content starts at {facts['next'] and facts['next']['top']:.0f}px")
        if found:
            problems[page.path] = found
    assert problems == {}


def test_urgent_help_is_one_line_until_opened_and_never_fills_the_first_screen(on_phone: list[Laid]) -> None:
    """The crisis box is a closed <details> of at most two lines on every page that has it."""
    with_box = [page for page in on_phone if page.facts["urgent"]]
    assert len(with_box) > 20
    assert {page.path: page.facts["urgent"] for page in with_box if page.facts["urgent"]["open"]} == {}
    assert {p.path: p.facts["urgent"]["height"] for p in with_box if p.facts["urgent"]["height"] > 90} == {}


def test_every_health_page_has_urgent_help_in_the_header(on_phone: list[Laid], page_types: dict[str, str]) -> None:
    """Clinical and general pages show the header's "Urgent help" link; pages without the box do not."""
    health = [page for page in on_phone if page_types[page.source] in ("clinical", "general")]
    missing = [page.path for page in health if not page.facts["helpLink"]]
    assert missing == []
    stray = [page.path for page in on_phone if page.facts["helpLink"] and not page.facts["urgent"]]
    assert stray == []


def test_one_tap_on_urgent_help_shows_the_numbers(browser, server: str) -> None:
    """From the bottom of a long page, tapping "Urgent help" opens the box with the numbers on screen."""
    tab = _open(browser, server + "anxiety/gad/", PHONE)
    tab.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    tab.locator(".kb-help-now").click()
    tab.wait_for_function("() => document.getElementById('urgent-help').open")
    numbers = tab.get_by_text("116 123").first
    numbers.wait_for(state="visible")
    top = numbers.evaluate("e => e.getBoundingClientRect().top")
    assert 0 < top < PHONE["height"]
    tab.context.close()


def test_urgent_numbers_are_readable_without_javascript(browser, server: str) -> None:
    """With scripts off, the box still opens (a native <details>) and shows every number."""
    tab = _open(browser, server + "anxiety/gad/", PHONE, java_script_enabled=False)
    tab.locator("#urgent-help > summary").click()
    text = tab.locator("#urgent-help").inner_text()
    assert all(number in text for number in ("988", "911", "999", "111", "116 123"))
    tab.context.close()


def test_review_status_is_next_to_the_title_in_plain_words(on_phone: list[Laid], page_types: dict[str, str]) -> None:
    """Who wrote it, that no clinician has reviewed it, and when it was last checked, in the first screen."""
    problems = {}
    for page in on_phone:
        status = page.facts["status"]
        checked = "Last updated on" if page_types[page.source] == "site" else "Last checked against the evidence on"
        if status is None:
            problems[page.path] = "no status line"
        elif status["bottom"] > PHONE["height"] or not all(
            words in status["text"] for words in ("Written by", checked)
        ):
            problems[page.path] = status["text"]
    assert problems == {}
    gad = next(page for page in on_phone if page.path == "anxiety/gad/")
    assert "Not yet reviewed by a clinician." in gad.facts["status"]["text"]


def test_one_page_end(on_phone: list[Laid]) -> None:
    """At most one "Related pages" block; "Pages that link here" only with links; no "none yet" lines."""
    twice = {page.path: page.facts["relatedHeadings"] for page in on_phone if page.facts["relatedHeadings"] > 1}
    assert twice == {}
    empty = [page.path for page in on_phone if page.facts["backlinkHeading"] and not page.facts["backlinkItems"]]
    assert empty == []
    unfinished = [page.path for page in on_phone if "links here yet" in page.facts["footText"]]
    assert unfinished == []
    assert [page.path for page in on_phone if "related pages found yet" in page.facts["footText"]] == []


def test_each_term_is_marked_once_and_never_in_a_heading(on_phone: list[Laid]) -> None:
    """A glossary term or abbreviation gets its tooltip or link once per page, in the body, not in headings."""
    twice = {}
    for page in on_phone:
        if page.path == "glossary/":
            continue
        words = page.facts["marked"]
        repeated = sorted({word for word in words if words.count(word) > 1})
        if repeated:
            twice[page.path] = repeated
    in_headings = {page.path: page.facts["markedInHeadings"] for page in on_phone if page.facts["markedInHeadings"]}
    assert twice == {}
    assert in_headings == {}


def test_wide_tables_scroll_with_a_visible_cue(browser, server: str, site_dir: Path, pages: list[BuiltPage]) -> None:
    """On a phone, every table wider than the screen is a focusable region with edge shadows and a text cue."""
    with_tables = [p.path for p in pages if p.source and "<table" in (site_dir / p.path / "index.html").read_text()]
    assert with_tables
    checked = 0
    for path in with_tables:
        tab = _open(browser, server + path, PHONE)
        boxes = tab.evaluate(
            """() => [...document.querySelectorAll('.md-typeset__scrollwrap')].map(box => ({
                scrolls: box.scrollWidth > box.clientWidth,
                region: box.getAttribute('role') === 'region' && box.tabIndex === 0,
                shadow: getComputedStyle(box).backgroundImage.includes('gradient'),
                hint: !!box.previousElementSibling && box.previousElementSibling.matches('.kb-scroll-hint')
                      && box.previousElementSibling.offsetHeight > 0,
            }))"""
        )
        tab.context.close()
        for box in boxes:
            if box["scrolls"]:
                checked += 1
                assert box == {"scrolls": True, "region": True, "shadow": True, "hint": True}, path
    assert checked, "no table scrolls at 390 px: the test would prove nothing"


def _screens(tab, viewport: dict) -> float:
    return tab.evaluate("() => document.documentElement.scrollHeight") / viewport["height"]


def test_glossary_has_a_letter_bar_a_filter_and_definitions_first(browser, server: str) -> None:
    """Every letter link lands on its section; each entry shows its definition with the rest closed;
    typing in the filter leaves only matching entries."""
    tab = _open(browser, server + "glossary/", DESKTOP)
    letters = tab.eval_on_selector_all(".kb-az a", "links => links.map(a => a.hash)")
    assert len(letters) > 10
    assert all(tab.locator(f"details.kb-letter-group{href}").count() == 1 for href in letters), letters
    entries = tab.locator(".md-typeset .kb-term")
    total = entries.count()
    assert total > 50
    assert tab.locator("details.kb-more[open]").count() == 0
    assert tab.locator("details.kb-letter-group[open]").count() == 0, "letters start closed"
    assert _screens(tab, DESKTOP) < 4, "a few screens before anything is opened"
    tab.locator(".kb-az a").first.click()  # a letter opens its section: definitions first
    tab.wait_for_function("() => document.querySelector('details.kb-letter-group').open")
    first = entries.first.locator(".kb-term__name + p")
    assert first.is_visible() and len(first.inner_text().split()) > 6, "each definition is shown"
    assert "Used on" not in tab.locator("article").inner_text(), "usage lists are closed"
    tab.locator("#kb-glossary-filter").fill("nmda")
    visible = tab.locator(".md-typeset .kb-term:visible")
    assert 0 < visible.count() < total
    assert tab.locator("#nmda-receptor").is_visible()
    assert "of" in tab.locator(".kb-filter__count").inner_text()
    tab.context.close()


def test_bibliography_is_grouped_with_jump_links_and_short_until_opened(browser, server: str) -> None:
    """Sources are grouped by kind of evidence; a jump link opens its group; closed, the page is short."""
    tab = _open(browser, server + "bibliography/", DESKTOP)
    assert _screens(tab, DESKTOP) < 4
    jumps = tab.eval_on_selector_all(".kb-jump a", "links => links.map(a => a.hash)")
    groups = tab.eval_on_selector_all("details.kb-group summary h2", "hs => hs.map(h => '#' + h.id)")
    assert jumps == groups and len(groups) >= 3
    tab.locator(".kb-jump a").nth(1).click()
    tab.wait_for_function("id => document.getElementById(id).closest('details').open", arg=groups[1][1:])
    assert tab.locator(f"{groups[1]}").is_visible()
    tab.context.close()


def test_glossary_first_screen_is_definitions_not_usage_lists(browser, server: str) -> None:
    """On a phone, the glossary's letters start within two screens and the closed page is a few screens long."""
    tab = _open(browser, server + "glossary/", PHONE)
    top = tab.locator("details.kb-letter-group").first.evaluate("e => e.getBoundingClientRect().top + scrollY")
    assert top < 2 * PHONE["height"]
    assert _screens(tab, PHONE) < 6
    tab.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_home_page_routes_three_readers_and_opens_search(browser, server: str, viewport: dict) -> None:
    """The first screen holds a door for each reader; "Search this site" opens the site's own search."""
    tab = _open(browser, server, viewport)
    doors = tab.locator(".kb-doors > ul > li")
    assert doors.count() == 3
    bottoms = doors.evaluate_all("cards => cards.map(c => c.getBoundingClientRect().bottom)")
    assert max(bottoms) <= viewport["height"], bottoms
    assert tab.locator(".kb-home-actions a[href*='faq']").count() == 1
    tab.locator(".kb-search-button").click()
    tab.keyboard.type("NMDA")
    tab.locator(".md-search-result__item").first.wait_for(state="visible")
    tab.context.close()
