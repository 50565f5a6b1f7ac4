"""How calm and how long the built pages are, as a reader's browser sees them.

    PYTHONPATH=hooks .venv/bin/python tools/reader_metrics.py [SITE_DIR] [--json]

Without SITE_DIR the site is built first. For each page: marked terms
(glossary links and abbreviations with a tooltip), terms marked more than once,
marks inside headings, links in the article, screens (390x844) scrolled before
the first section heading, and the page's length in screens on desktop
(1280x900) and mobile. Figures are printed per page type.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitebrowser import DESKTOP, MOBILE, build, chromium, open_page, serve

# Marked terms: a glossary link counts once even when an <abbr> sits inside it.
MEASURE = """() => {
  const article = document.querySelector('article.md-content__inner');
  const marks = [...article.querySelectorAll("a[href*='glossary/#'], abbr[title]")]
    .filter(e => !(e.tagName === 'ABBR' && e.closest("a[href*='glossary/#']")))
    .filter(e => !e.closest('.kb-page-foot, .kb-references, .kb-glossary'));
  const words = marks.map(e => e.textContent.trim().toLowerCase());
  const seen = {};
  words.forEach(w => seen[w] = (seen[w] || 0) + 1);
  const heading = [...article.querySelectorAll('h2')].find(h => !h.closest('.kb-page-foot'));
  return {
    marked: marks.length,
    repeated: Object.values(seen).filter(n => n > 1).length,
    in_headings: marks.filter(e => e.closest('h1, h2, h3, h4, h5, h6')).length,
    links: [...article.querySelectorAll('a[href]')].filter(a => !a.classList.contains('headerlink')).length,
    first_heading: heading ? heading.getBoundingClientRect().top + window.scrollY : null,
    height: document.documentElement.scrollHeight,
  };
}"""


def page_type(path: str) -> str:
    if path == "":
        return "home"
    if path in ("faq/", "glossary/", "bibliography/"):
        return path.rstrip("/")
    if path.startswith("about/") or path == "contributing/":
        return "site"
    return "content"


def measure(site: Path) -> list[dict]:
    paths = sorted(
        html.relative_to(site).as_posix().removesuffix("index.html")
        for html in site.rglob("index.html")
        if not html.relative_to(site).as_posix().startswith("assets/")
    )
    rows = []
    with serve(site) as base, chromium() as browser:
        for path in paths:
            desktop = open_page(browser, base + path, DESKTOP)
            figures = desktop.evaluate(MEASURE)
            desktop.context.close()
            mobile = open_page(browser, base + path, MOBILE)
            small = mobile.evaluate(MEASURE)
            mobile.context.close()
            first = small["first_heading"]
            rows.append(
                {
                    "path": path or "(home)",
                    "type": page_type(path),
                    "marked": figures["marked"],
                    "repeated": figures["repeated"],
                    "in_headings": figures["in_headings"],
                    "links": figures["links"],
                    "screens_to_h2_mobile": round(first / MOBILE["height"], 2) if first is not None else None,
                    "screens_desktop": round(figures["height"] / DESKTOP["height"], 1),
                    "screens_mobile": round(small["height"] / MOBILE["height"], 1),
                }
            )
    return rows


def summary(rows: list[dict]) -> str:
    keys = ["marked", "repeated", "in_headings", "links", "screens_to_h2_mobile", "screens_desktop", "screens_mobile"]
    lines = ["type      pages  " + "  ".join(f"{k:>20}" for k in keys)]
    for kind in ("home", "content", "faq", "glossary", "bibliography", "site"):
        group = [row for row in rows if row["type"] == kind]
        if not group:
            continue
        cells = []
        for key in keys:
            values = [row[key] for row in group if row[key] is not None]
            middle = round(statistics.median(values), 2) if values else None
            if not values:
                cells.append(f"{'-':>20}")
            elif len(values) == 1:
                cells.append(f"{values[0]:>20}")
            else:
                cells.append(f"{f'{middle} (max {max(values)})':>20}")
        lines.append(f"{kind:<10}{len(group):>5}  " + "  ".join(cells))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    given = [arg for arg in argv if not arg.startswith("--")]
    if given:
        rows = measure(Path(given[0]).resolve())
    else:
        with tempfile.TemporaryDirectory() as folder:
            build(Path(folder))
            rows = measure(Path(folder))
    print(json.dumps(rows, indent=1) if as_json else summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
