"""The ``extra.kb.links`` settings, read by the build's checks and by ``linkcheck``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..project import Project
from ..settings import register_section

_STRINGS = {"type": "array", "items": {"type": "string"}}

register_section(
    "links",
    {
        "anchor_ignore": {
            **_STRINGS,
            "description": "regexes of anchors never reported missing (ids made by JavaScript)",
            "default": ["^__", r"^L\d+(-L\d+)?$"],
        },
        "orphans_allowed": {**_STRINGS, "description": "pages (glob) allowed outside nav and links", "default": []},
        "exclude": {**_STRINGS, "description": "regexes of external URLs never requested", "default": []},
        "accept": {
            "type": "array",
            "items": {"type": "integer", "minimum": 100, "maximum": 599},
            "description": "HTTP statuses counted as ok besides 2xx",
            "default": [],
        },
        "timeout": {"type": "number", "exclusiveMinimum": 0, "default": 15},
        "retries": {"type": "integer", "minimum": 0, "maximum": 10, "default": 2},
        "timeout_retries": {
            "type": "integer",
            "minimum": 0,
            "maximum": 10,
            "description": "retries after a timeout (each costs a full timeout; a timeout is only a warning)",
            "default": 0,
        },
        "retry_after_max": {"type": "number", "minimum": 0, "default": 30},
        "concurrency": {"type": "integer", "minimum": 1, "maximum": 512, "default": 32},
        "per_host": {"type": "integer", "minimum": 1, "maximum": 128, "default": 4},
        "host_interval": {
            "type": "number",
            "minimum": 0,
            "description": "minimum seconds between two requests to the same host",
            "default": 0.1,
        },
        "data_files": {
            **_STRINGS,
            "description": "data files (relative to mkdocs.yml) whose URLs and DOIs linkcheck also checks",
            "default": ["data/bibliography.json", "data/glossary.yml", "data/faq.yml"],
        },
        "cache": {"type": "string", "default": ".cache/kbcheck/links.json"},
        "cache_days": {"type": "number", "minimum": 0, "default": 7},
        "user_agent": {
            "type": "string",
            "default": "kbcheck-linkcheck/1.0 (+https://github.com/ketamine-anxiety-kb/kb)",
        },
        "blocked_hosts": {
            **_STRINGS,
            "description": "regexes of hosts whose 403/429 means a bot wall, not a dead page",
            "default": [
                r"(^|\.)sciencedirect\.com$",
                r"(^|\.)wiley\.com$",
                r"(^|\.)tandfonline\.com$",
                r"(^|\.)oup\.com$",
                r"(^|\.)jamanetwork\.com$",
                r"(^|\.)nejm\.org$",
                r"(^|\.)thelancet\.com$",
                r"(^|\.)cell\.com$",
                r"(^|\.)springer\.com$",
                r"(^|\.)sagepub\.com$",
                r"(^|\.)psychiatryonline\.org$",
            ],
        },
        "doi": {
            "enum": ["handle", "skip"],
            "description": "doi.org links: check with the DOI handle API, or leave them to verify-refs",
            "default": "handle",
        },
        "doi_api": {"type": "string", "default": "https://doi.org/api/handles/"},
        "wayback": {"type": "boolean", "description": "suggest archived copies of dead links", "default": True},
        "wayback_api": {"type": "string", "default": "https://archive.org/wayback/available"},
    },
)


@dataclass(frozen=True)
class LinkSettings:
    """Typed view of ``extra.kb.links`` (defaults filled in by the settings module)."""

    anchor_ignore: list[str] = field(default_factory=list)
    orphans_allowed: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    accept: list[int] = field(default_factory=list)
    timeout: float = 15
    retries: int = 2
    timeout_retries: int = 0
    retry_after_max: float = 30
    concurrency: int = 32
    per_host: int = 4
    host_interval: float = 0.1
    data_files: list[str] = field(default_factory=list)
    cache: str = ".cache/kbcheck/links.json"
    cache_days: float = 7
    user_agent: str = "kbcheck-linkcheck/1.0"
    blocked_hosts: list[str] = field(default_factory=list)
    doi: str = "handle"
    doi_api: str = "https://doi.org/api/handles/"
    wayback: bool = True
    wayback_api: str = "https://archive.org/wayback/available"

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> LinkSettings:
        known = cls.__dataclass_fields__
        return cls(**{key: value for key, value in values.items() if key in known})


def links_settings(project: Project) -> LinkSettings:
    """The project's link settings."""
    return LinkSettings.from_mapping(project.settings.section("links"))
