"""Helpers shared by the devtools collectors: tag shapes and batching."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def tag_dict(tags: Any, key: str = "Key", value: str = "Value") -> dict[str, str]:
    """Tags as a dict, from either [{"Key": k, "Value": v}] (CodeBuild spells them key/value) or a dict."""
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    return {str(t.get(key)): str(t.get(value, "")) for t in tags or [] if isinstance(t, dict) and t.get(key)}


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


