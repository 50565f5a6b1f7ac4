"""The KB3xx rule catalogue: internal checks (every build) and external ones (linkcheck).

All link rules are declared here, imported with the links package, so a
severity override in mkdocs.yml is valid in the build and on the command line.
"""

from __future__ import annotations

from ..diagnostics import Severity, rule

E, W = Severity.ERROR, Severity.WARNING
MISSING = rule("KB301", "link-target-missing", E, "a link points to a page or file that does not exist")
ANCHOR_MISSING = rule("KB302", "link-anchor-missing", E, "a link's #anchor does not exist on the target page")
ESCAPES = rule("KB303", "link-outside-docs", E, "a relative link leaves the docs folder")
OWN_SITE = rule("KB304", "link-own-site-absolute", W, "a link to our own site is an absolute URL")
ABSOLUTE_PATH = rule("KB305", "link-absolute-path", W, "a link starts with '/' (breaks under a sub-path)")
DIRECTORY = rule("KB306", "link-to-directory", E, "a link points to a folder instead of its index.md")
URL_STYLE = rule("KB307", "link-url-style", E, "a link uses a site URL ('page/', '.html') instead of the .md file")
EMPTY = rule("KB308", "link-empty", E, "a link has an empty target")
UNSAFE = rule("KB309", "link-unsafe-scheme", E, "a javascript:, vbscript: or data: link")
MALFORMED = rule("KB310", "link-malformed", E, "a link target is not a valid URL")
NAV_MISSING = rule("KB311", "nav-entry-missing", E, "a nav entry points to a page that does not exist")
ORPHAN = rule("KB312", "page-orphan", W, "a page is neither in the nav nor linked from another page")
DUPLICATE_HEADING = rule("KB313", "heading-duplicate-id", W, "two headings on a page get the same id")
HTML_MARKDOWN = rule(
    "KB315", "link-html-markdown-file", E, "a raw HTML link names a .md file, which no engine rewrites"
)
REFERENCE_UNDEFINED = rule(
    "KB316", "link-reference-undefined", W, "a reference link names no definition and shows as text"
)
SLUGIFY = rule("KB314", "toc-slugify-unusable", E, "the toc slugify function in mkdocs.yml cannot be loaded")

# External links (python -m kbcheck linkcheck): one finding per place a URL is written.
EXTERNAL_BROKEN = rule("KB320", "external-link-broken", E, "an external link answers 4xx/5xx or cannot work")
EXTERNAL_REDIRECTED = rule("KB321", "external-link-moved", W, "an external link redirects permanently")
EXTERNAL_BLOCKED = rule("KB322", "external-link-blocked", W, "a site refuses automated checks (bot wall, 429)")
EXTERNAL_TIMEOUT = rule("KB323", "external-link-timeout", W, "an external link did not answer in time")
EXTERNAL_UNREACHABLE = rule(
    "KB324", "external-link-unreachable", W, "an external host cannot be reached (DNS, connection)"
)
