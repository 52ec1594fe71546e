"""Numbers the reports show where the JSON holds collections."""

from __future__ import annotations

from typing import Any


def count_of(value: Any) -> int:
    """How many: the JSON holds lists (of path ids, of resources) where a report shows a number."""
    if isinstance(value, list | tuple | set | dict):
        return len(value)
    return int(value) if isinstance(value, int | float) else 0
