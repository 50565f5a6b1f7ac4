"""What counts as a URL in page text and markup (shared by the link and safety concerns)."""

from __future__ import annotations

import re

# A bare http(s) URL in text (front matter values, data files): not inside a tag's quotes or a link.
BARE_URL = re.compile(r"(?<![\w/\"'=(<\[])https?://[^\s<>\"'`\])]+[^\s<>\"'`\]).,;:!?*_]", re.I)
# Attributes whose value is a URL, per tag (what a reader's browser would follow or load).
URL_ATTRIBUTES = {"a": "href", "area": "href", "img": "src", "source": "src", "video": "src", "audio": "src"}
