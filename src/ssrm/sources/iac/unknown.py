"""The marker for a value that cannot be known statically, and the helpers that look for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value known only at apply time (or never): carries why, so a rule can say so in its ERROR."""

    reason: str

    def __str__(self) -> str:
        return f"(unknown: {self.reason})"


def find_unknown(value: Any) -> Unknown | None:
    """The first Unknown anywhere inside ``value`` (nested dicts and lists included), or None."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        for key, item in value.items():
            found = find_unknown(key) or find_unknown(item)
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for item in value:
            found = find_unknown(item)
            if found:
                return found
    return None
