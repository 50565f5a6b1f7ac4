"""Synthetic MkDocs sites for the link benchmark, with the broken links recorded as ground truth.

Pages sit in ten folders and link to each other (relative paths, half of them
to a heading anchor). A fixed share of internal links points to a missing page
or a missing anchor. External links point to the test server on 127.0.0.1
(``tests/linkserver.py``), whose path decides the answer: ok, 404/410, a 429
with Retry-After or a 503 that succeed on retry, redirect chains (some sharing
a slow final target, to exercise in-flight de-duplication) and slow answers.
Every URL is used on several pages. Nothing here is medical content.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SECTIONS = 10
WORDS = [
    "anxiety",
    "evidence",
    "dose",
    "trial",
    "review",
    "safety",
    "clinic",
    "course",
    "effect",
    "measure",
    "outcome",
    "sample",
]
HEADINGS = ["Overview", "Background", "What the studies found", "Side effects", "Open questions", "Summary"]


@dataclass
class Truth:
    """What a perfect checker reports."""

    internal_broken: set[tuple[str, int]] = field(default_factory=set)  # (docs-relative page, line)
    external: dict[str, str] = field(default_factory=dict)  # URL -> kind ("ok", "broken", "retry-ok", ...)
    never: list[str] = field(default_factory=list)  # URLs that never answer (only in the "with never" variant)

    @property
    def external_broken(self) -> set[str]:
        return {url for url, kind in self.external.items() if kind == "broken"}


def _url_pool(base: str, count: int, rng: random.Random) -> dict[str, str]:
    """URL -> expected kind, with fixed shares of each behaviour."""
    pool: dict[str, str] = {}
    shared_targets = [f"slow/0.3/shared-{n}" for n in range(max(2, count // 100))]
    for index in range(count):
        roll = rng.random()
        if roll < 0.04:
            path, kind = f"status/404/gone-{index}", "broken"
        elif roll < 0.06:
            path, kind = f"status/410/removed-{index}", "broken"
        elif roll < 0.10:
            path, kind = f"retry/1/429/1/busy-{index}", "retry-ok"
        elif roll < 0.13:
            path, kind = f"retry/1/503/-/flaky-{index}", "retry-ok"
        elif roll < 0.16:
            path, kind = f"moved/302/moved/302/ok/chain-{index}", "ok"
        elif roll < 0.18:
            path, kind = f"moved/302/{rng.choice(shared_targets)}", "ok"
        elif roll < 0.20:
            path, kind = f"slow/1/late-{index}", "ok"
        else:
            path, kind = f"ok/page-{index}", "ok"
        pool[f"{base}/{path}"] = kind
    return pool


def _paragraph(rng: random.Random, words: int = 60) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate(root: Path, pages: int, base_url: str, *, never: bool, seed: int = 4) -> Truth:
    """Write mkdocs.yml and docs/ under ``root``; return the ground truth."""
    rng = random.Random(seed)
    truth = Truth()
    paths = [f"s{n % SECTIONS}/page-{n:04d}.md" for n in range(pages)]
    pool = _url_pool(base_url, max(40, pages * 6 // 5), rng)
    urls = list(pool)
    never_urls = [f"{base_url}/never/a", f"{base_url}/never/b"] if never else []
    truth.never = never_urls
    docs = root / "docs"
    for index, path in enumerate(paths):
        lines = [f"# Page {index}", ""]
        for heading in HEADINGS:
            lines += [f"## {heading}", "", _paragraph(rng), ""]
            for _ in range(2):
                relative = "../" + paths[rng.randrange(pages)]
                roll = rng.random()
                if roll < 0.025:
                    link = relative.replace(".md", "-missing.md")
                    truth.internal_broken.add((path, len(lines) + 1))
                elif roll < 0.05:
                    link = f"{relative}#no-such-heading"
                    truth.internal_broken.add((path, len(lines) + 1))
                elif roll < 0.5:
                    link = f"{relative}#{rng.choice(HEADINGS).lower().replace(' ', '-')}"
                else:
                    link = relative
                lines += [f"See [this related page]({link}) for more.", ""]
            url = urls[rng.randrange(len(urls))] if rng.random() < 0.6 else urls[index % len(urls)]
            truth.external[url] = pool[url]
            lines += [f"Read [the source]({url}).", ""]
        if never_urls and index % 10 == 3:
            lines += [f"Also [an unresponsive site]({never_urls[index % 2]}).", ""]
        lines += ["[Home](../index.md)", ""]
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines), encoding="utf-8")
    section_index = "\n".join(f"- [Section {n}](s{n}/page-{n:04d}.md)" for n in range(min(SECTIONS, pages)))
    (docs / "index.md").write_text(f"# Home\n\n{section_index}\n", encoding="utf-8")
    config = {
        "site_name": "Link benchmark",
        "site_url": "https://example.org/bench/",
        "theme": {"name": "material", "font": False},
        "markdown_extensions": ["attr_list", "admonition", {"toc": {"permalink": True}}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return truth
