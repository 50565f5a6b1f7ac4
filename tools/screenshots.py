"""Screenshots of the real build for the README: one content page, desktop and mobile.

    PYTHONPATH=hooks .venv/bin/python tools/screenshots.py [--site DIR] [--page PATH] [--out DIR] [--full]

Builds the site strictly (unless --site gives a build), serves it on
127.0.0.1 and writes ``desktop.png`` (1280x900) and ``mobile.png`` (390x844)
of the first screen of PATH (default: the generalised anxiety disorder page)
into OUT (default: .github/screenshots/, where README.md shows them).
--full captures whole pages instead of the first screen.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitebrowser import DESKTOP, MOBILE, ROOT, build, chromium, open_page, serve

DEFAULT_PAGE = "anxiety/gad/"
DEFAULT_OUT = ROOT / ".github" / "screenshots"


def capture(site: Path, page_path: str, out: Path, full: bool = False) -> list[Path]:
    """Write the desktop and mobile screenshots of ``page_path``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base, chromium() as browser:
        for name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
            tab = open_page(browser, base + page_path, viewport)
            target = out / f"{name}.png"
            tab.screenshot(path=str(target), full_page=full)
            tab.context.close()
            written.append(target)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build now)")
    parser.add_argument("--page", default=DEFAULT_PAGE, help="site-relative URL path of the page")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNG files")
    parser.add_argument("--full", action="store_true", help="whole pages, not the first screen")
    args = parser.parse_args(argv)
    if args.site:
        written = capture(args.site.resolve(), args.page, args.out, args.full)
    else:
        with tempfile.TemporaryDirectory() as folder:
            build(Path(folder))
            written = capture(Path(folder), args.page, args.out, args.full)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
