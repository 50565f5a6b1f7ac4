"""Glossary and FAQ in real builds: links, tooltips, generated pages, JSON-LD, bad input."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import yaml

from conftest import ROOT, page

CITED = ("taylor2018ketamine", "dea1999schedule", "pelletier2017gad")

GLOSSARY = """\
terms:
  - term: NMDA receptor
    aliases: [NMDAR]
    definition: A docking point for glutamate on nerve cells.
    explanation: Ketamine blocks it.
    page: index.md
    citations: [taylor2018ketamine]
  - term: Generalised anxiety disorder
    abbreviation: GAD
    definition: Ongoing, hard-to-control worry.
    page: index.md
  - term: Placebo
    definition: A dummy treatment.
    page: index.md
"""
FAQ = """\
groups:
  - id: basics
    title: The basics
    questions:
      - id: is-it-addictive
        question: Is it addictive?
        answer: |
          It can be, which is why it is a
          controlled drug [@dea1999schedule].

          Ask about *your* risk ([more](index.md)).
        more: index.md
      - id: what-is-gad
        question: What is "GAD" & why ask?
        answer: Generalised anxiety disorder is worry [@pelletier2017gad].
        more: index.md
"""
BODY = """\
## NMDA receptors in a heading

!!! note "NMDA receptor in a title"
    Code: `NMDA receptor`. A [NMDA receptor link](other.md).

Ketamine blocks NMDA receptors. Later, NMDARs again, and an NMDA receptor.

People with generalised anxiety disorder (GAD) score the GAD-7. A placebo, a Placebo.
"""


def glossary_site(make_site, pages: dict[str, str], glossary: str = GLOSSARY, faq: str = FAQ):
    extra_kb = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["kb"]
    extra_kb.setdefault("severity", {})["KB216"] = "off"  # a test bibliography has no verification lock
    site = make_site(
        {
            "glossary.md": page("Glossary", "Intro.\n\n<!-- kb:glossary -->\n"),
            "faq.md": page("FAQ", "Intro.\n\n<!-- kb:faq -->\n"),
            "other.md": page("Other", "Nothing to see.\n"),
            "sources.md": page(
                "Sources", "Cited here too [@taylor2018ketamine; @dea1999schedule; @pelletier2017gad].\n"
            ),
            **pages,
        },
        extra_kb=extra_kb,
    )
    site.write("data/glossary.yml", glossary)
    site.write("data/faq.yml", faq)
    records = json.loads((ROOT / "data" / "bibliography.json").read_text(encoding="utf-8"))
    site.write("data/bibliography.json", json.dumps([r for r in records if r["id"] in CITED], indent=1))
    return site


def article(site, url: str) -> str:
    html = (site.site_dir / url / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def test_first_mention_linked_once_outside_headings_titles_code_and_links(make_site) -> None:
    """Each term links once, at its first prose mention; headings, titles, code and links stay as they are."""
    site = glossary_site(make_site, {"index.md": page("Home", BODY)})
    result = site.build()
    assert result.aborted is None, result.messages()
    body = article(site, "")
    links = re.findall(r'<a class="kb-glossary-link" href="glossary/#([\w-]+)" title="[^"]+">(.*?)</a>', body)
    assert [(term_id, re.sub(r"<[^>]+>", "", text)) for term_id, text in links] == [
        ("nmda-receptor", "NMDA receptors"),
        ("generalised-anxiety-disorder", "generalised anxiety disorder"),
        ("placebo", "placebo"),
    ]
    assert '<a class="kb-glossary-link" href="glossary/#placebo" title="A dummy treatment.">placebo</a>' in body
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", body).group(1)
    assert "glossary/#" not in heading
    assert "<code>NMDA receptor</code>" in body
    assert re.search(
        r'<a href="other/">NMDA receptor link</a>|<a href="other/"><abbr[^>]*>NMDA receptor</abbr> link</a>', body
    )
    assert 'class="admonition-title"' in body and "glossary/#" not in body.split('class="admonition-title"')[1][:80]


def test_each_term_is_explained_once_at_its_first_use(make_site) -> None:
    """One mark per term per page: later mentions, other forms (NMDARs, GAD) and GAD-7 stay plain text."""
    site = glossary_site(make_site, {"index.md": page("Home", BODY)})
    assert site.build().aborted is None
    body = article(site, "")
    marked = re.findall(r'<a class="kb-glossary-link" href="glossary/#([\w-]+)"', body)
    assert sorted(marked) == sorted(set(marked)) == ["generalised-anxiety-disorder", "nmda-receptor", "placebo"]
    assert "<abbr" not in body
    assert "Later, NMDARs again, and an NMDA receptor." in body
    assert "disorder</a> (GAD) score the GAD-7. A" in body
    assert "A Placebo." in re.sub(r"<[^>]+>", "", body).replace("a Placebo", "A Placebo")


def test_glossary_page_lists_entries_with_anchors_sources_and_backlinks(make_site) -> None:
    """The glossary page is generated A-Z with ids, citations, 'read more' and 'used on' links."""
    site = glossary_site(make_site, {"index.md": page("Home", BODY), "other.md": page("Other", "A placebo.\n")})
    assert site.build().aborted is None
    body = article(site, "glossary")
    ids = re.findall(r'<h3 class="kb-term__name" id="([\w-]+)"', body)
    assert ids == ["generalised-anxiety-disorder", "nmda-receptor", "placebo"]
    assert re.findall(r'<details class="kb-group kb-letter-group" id="(letter-\w+)"', body) == [
        "letter-g",
        "letter-n",
        "letter-p",
    ]
    assert body.count('<div class="kb-term">') == 3
    assert body.count('<details class="kb-more">') == 3  # definitions shown, the rest closed
    assert "Generalised anxiety disorder (GAD)" in body
    nmda = body[body.index('id="nmda-receptor"') : body.index('id="placebo"')]
    assert "<sup" in nmda and "Ketamine blocks it." in nmda
    assert "<strong>Also called:</strong> NMDAR" in nmda
    placebo = body[body.index('id="placebo"') :]
    assert '<a href="../other/">Other</a>' in placebo
    assert "glossary/#" not in body  # no links to itself
    assert "<abbr" not in body  # no tooltips on the glossary itself


class _Visible(HTMLParser):
    """Text of each FAQ answer as shown: details body without citation superscripts or 'Read more'."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: dict[str, list[str]] = {}
        self.current: str | None = None
        self.in_summary = False
        self.in_sup = 0
        self.read_more = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "h3" and "kb-faq-question" in (values.get("class") or ""):
            self.current, self.read_more = values["id"], False
            self.answers[self.current] = []
        self.in_summary = self.in_summary or tag == "summary"
        self.in_sup += tag == "sup"

    def handle_endtag(self, tag: str) -> None:
        self.in_summary = self.in_summary and tag != "summary"
        self.in_sup -= tag == "sup"
        if tag == "details":
            self.current = None

    def handle_data(self, data: str) -> None:
        self.read_more = self.read_more or data.strip() == "Read more:"
        if self.current and not (self.in_summary or self.in_sup or self.read_more):
            self.answers[self.current].append(data)


def test_faq_collapsible_anchored_searchable_with_matching_json_ld(make_site) -> None:
    """Questions are details with their own heading ids; JSON-LD parses and says what the page shows."""
    site = glossary_site(make_site, {"index.md": page("Home", "Hello.\n")})
    result = site.build()
    assert result.aborted is None, result.messages()
    html = (site.site_dir / "faq" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<details class="question">\s*<summary><h3 id="([\w-]+)"', html) == [
        "is-it-addictive",
        "what-is-gad",
    ]
    heading = re.search(r'<h3 id="what-is-gad"[^>]*>(.*?)</h3>', html).group(1)
    assert re.sub(r"<[^>]+>", "", heading) in {'What is "GAD" &amp; why ask?', "What is &quot;GAD&quot; &amp; why ask?"}
    (raw,) = re.findall(r'<script type="application/ld\+json" id="kb-faq-jsonld">(.*?)</script>', html, re.S)
    data = json.loads(raw)
    assert data["@type"] == "FAQPage"
    assert [q["name"] for q in data["mainEntity"]] == ["Is it addictive?", 'What is "GAD" & why ask?']
    visible = _Visible()
    visible.feed(html[html.index("<article") :])
    for question in data["mainEntity"]:
        shown = " ".join("".join(visible.answers[_id(question["name"])]).split())
        assert question["acceptedAnswer"]["text"] == shown
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    located = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert located["faq/#is-it-addictive"] == "Is it addictive?"


def _id(question: str) -> str:
    return {"Is it addictive?": "is-it-addictive"}.get(question, "what-is-gad")


def test_term_with_markdown_or_html_is_reported_and_shown_literally(make_site) -> None:
    """A term containing HTML fails the strict build with a located KB401 and renders escaped."""
    glossary = GLOSSARY + "  - term: <b>Bold</b> *word*\n    definition: Odd.\n    page: index.md\n"
    site = glossary_site(make_site, {"index.md": page("Home", "Some <b>Bold</b> *word*.\n")}, glossary=glossary)
    strict = site.build()
    assert strict.aborted is not None
    assert any(re.search(r"data/glossary\.yml:15:\d+: KB401 error: terms\[3\]\.term", m) for m in strict.ours()), (
        strict.ours()
    )
    assert site.build(strict=False).aborted is None
    body = article(site, "glossary")
    assert "&lt;b&gt;Bold&lt;/b&gt; *word*" in body
    assert "<b>Bold</b>" not in body


def test_malformed_glossary_file_gives_a_located_error_not_a_traceback(make_site) -> None:
    """Broken YAML aborts the strict build with file:line:col; pages still build without terms."""
    site = glossary_site(make_site, {"index.md": page("Home", BODY)}, glossary="terms:\n  - term: [broken\n")
    result = site.build()
    assert result.aborted is not None
    (message,) = [m for m in result.ours() if "KB401" in m]
    assert re.search(r"data/glossary\.yml:\d+:\d+: KB401 error: invalid YAML", message)
    assert site.build(strict=False).aborted is None
    assert "glossary/#" not in article(site, "")


def test_hundreds_of_terms_on_one_page(make_site) -> None:
    """300 terms all mentioned on one page: 300 links (each with its tooltip), a strict build."""
    count = 300
    entries = "".join(
        f"  - term: Zeta{index:03d} factor\n    definition: Factor number {index}.\n    page: index.md\n"
        for index in range(count)
    )
    text = "\n\n".join(f"The zeta{index:03d} factors matter, and zeta{index:03d} factor too." for index in range(count))
    # The FAQ is checked too: without a GAD entry, its "GAD" would be an undefined abbreviation.
    faq = FAQ.replace('What is "GAD" & why ask?', "What is worry & why ask?")
    site = glossary_site(make_site, {"index.md": page("Home", text + "\n")}, glossary="terms:\n" + entries, faq=faq)
    result = site.build()
    assert result.aborted is None, result.messages()[:5]
    body = article(site, "")
    found = re.findall(
        r'<a class="kb-glossary-link" href="glossary/#zeta\d{3}-factor" title="Factor number (\d+)\.">', body
    )
    assert len(found) == len(set(found)) == count


def test_terms_that_share_an_id_each_show_their_own_definition(make_site) -> None:
    """Two entries with one id are an error (KB4xx), but the page still shows what each entry says."""
    twins = GLOSSARY + "  - term: Dummy pill\n    id: placebo\n    definition: A pill with no medicine in it.\n"
    twins += "    page: index.md\n"
    pages = {"index.md": page("Home", "A dummy pill is given.\n"), "other.md": page("Other", "A placebo.\n")}
    site = glossary_site(make_site, pages, glossary=twins)
    assert site.build(strict=False).aborted is None
    assert 'href="glossary/#placebo" title="A pill with no medicine in it.">dummy pill</a>' in article(site, "")
    assert 'href="../glossary/#placebo" title="A dummy treatment.">placebo</a>' in article(site, "other")
