"""Small, made-up bibliography records for citation tests (never real references)."""

from __future__ import annotations

import copy
import json
from typing import Any


def record(key: str, **fields: Any) -> dict[str, Any]:
    """A complete, valid CSL-JSON record; keyword arguments replace or (with None) remove fields."""
    data: dict[str, Any] = {
        "id": key,
        "type": "article-journal",
        "evidence": "rct",
        "title": f"Test title {key}",
        "author": [{"family": "Alpha", "given": "Ann"}, {"family": "Beta", "given": "Bo"}],
        "container-title": "Journal of Tests",
        "issued": {"date-parts": [[2020]]},
        "volume": "1",
        "issue": "2",
        "page": "3-4",
        "DOI": f"10.5555/{key}",
    }
    for argument, value in fields.items():
        name = argument.replace("_", "-")
        if value is None:
            data.pop(name, None)
        else:
            data[name] = copy.deepcopy(value)
    return data


def bibliography_json(*records: dict[str, Any]) -> str:
    return json.dumps(list(records), indent=2) + "\n"
