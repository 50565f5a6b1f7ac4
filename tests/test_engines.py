"""Three engines, one site: MkDocs, ProperDocs and Zensical build the same article HTML.

MkDocs and ProperDocs run our hooks and our Markdown extension; Zensical runs
only the extension, and ``kbcheck finish`` then checks the site and adds the
page foot and JSON-LD. Every page's article is compared after normalising what
the themes draw differently (listed in README.md, "Building with other engines").
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import BIN, ROOT, run

pytestmark = pytest.mark.slow

# Theme output that differs between Material and Zensical's theme; never article content.
THEME_PARTS = (
    ".//svg",  # icon sets differ (Material Design icons vs Lucide)
    './/a[contains(@class, "md-content__button")]',  # the edit button that holds the icon
    './/a[@id="__skip"]',  # Zensical's skip-link target inside the article
)


def _copy_project(target: Path) -> Path:
    for name in ("docs", "data", "includes", "overrides", "hooks"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def article(file: Path) -> str:
    """The page's <article>, theme parts removed, whitespace folded."""
    tree = lxml_html.fromstring(file.read_text(encoding="utf-8"))
    (content,) = tree.xpath("//article")
    for path in THEME_PARTS:
        for element in content.xpath(path):
            element.drop_tree()
    for element in content.xpath(".//*[@data-search-exclude]"):
        del element.attrib["data-search-exclude"]  # Zensical's search honours it, then removes it
    text = lxml_html.tostring(content, encoding="unicode")
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", text))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project = _copy_project(tmp_path_factory.mktemp("engines"))
    env_path = str(project / "hooks")
    out = {}
    for engine in ("mkdocs", "properdocs"):
        site = project / f"out-{engine}"
        result = run(
            [str(BIN / engine), "build", "--strict", "--site-dir", str(site)], cwd=project, pythonpath=env_path
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        out[engine] = site
    result = run([str(BIN / "zensical"), "build"], cwd=project, pythonpath=env_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    finished = run(
        [str(BIN / "python"), "-m", "kbcheck", "finish", "site", "--strict"], cwd=project, pythonpath=env_path
    )
    assert finished.returncode == 0, finished.stdout[-3000:]
    out["zensical"] = project / "site"
    return out


def test_every_engine_builds_every_page(builds: dict[str, Path]) -> None:
    pages = {p.relative_to(builds["mkdocs"]) for p in builds["mkdocs"].rglob("index.html")}
    assert len(pages) >= 40
    for engine in ("properdocs", "zensical"):
        assert pages <= {p.relative_to(builds[engine]) for p in builds[engine].rglob("index.html")}, engine
    for engine, site in builds.items():
        assert (site / "kb-checks.json").is_file(), engine  # the checks ran under each


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_article_html_is_the_same_as_under_mkdocs(builds: dict[str, Path], engine: str) -> None:
    """Citations and reference lists, glossary links and tooltips, FAQ and glossary pages, page foot."""
    differing = []
    for file in sorted(builds["mkdocs"].rglob("index.html")):
        relative = file.relative_to(builds["mkdocs"])
        if not (builds["mkdocs"] / relative).read_text(encoding="utf-8").count("<article"):
            continue  # the 404 page and redirects have no article
        if article(file) != article(builds[engine] / relative):
            differing.append(str(relative))
    assert differing == []


def test_the_features_are_really_there(builds: dict[str, Path]) -> None:
    """Not two equally empty pages: the Zensical build has what the hooks-free build used to lack."""
    gad = (builds["zensical"] / "anxiety/gad/index.html").read_text(encoding="utf-8")
    assert gad.count('class="kb-cite"') > 10 and 'id="references"' in gad
    assert 'class="kb-glossary-link"' in gad and "[@" not in gad
    assert 'class="kb-page-foot' in gad and "application/ld+json" in gad
    faq = (builds["zensical"] / "faq/index.html").read_text(encoding="utf-8")
    assert faq.count('class="kb-faq-question"') > 10
