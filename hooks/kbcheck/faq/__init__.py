"""The FAQ: one data file, a generated page with linkable collapsible answers, JSON-LD.

Public API: :func:`check` (KB42x), :func:`render_markdown` (generates the FAQ
page's questions), :func:`render_output` (FAQPage JSON-LD), :func:`anchors`.
"""

from __future__ import annotations

from .checks import check
from .jsonld import render_output
from .model import Faq, Question, load_faq
from .page import page_anchors as anchors
from .page import render_markdown

__all__ = ["Faq", "Question", "anchors", "check", "load_faq", "render_markdown", "render_output"]
