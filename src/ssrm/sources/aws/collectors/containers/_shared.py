"""Small helpers shared by the containers collectors."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def tag_dict(tags: Any, key: str = "Key", value: str = "Value") -> dict[str, str]:
    """[{"Key": k, "Value": v}, ...] as a dict; ECS spells the keys key/value, EKS already gives a dict."""
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    return {str(t.get(key)): str(t.get(value, "")) for t in tags or [] if isinstance(t, dict) and t.get(key)}


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """Batches for describe calls that take at most ``size`` names at once."""
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def policy_document(text: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(document, None), or (None, why not) when the policy text is not a JSON object; empty means none."""
    if not text:
        return None, None
    if isinstance(text, dict):
        return text, None
    try:
        document = json.loads(text)
    except (TypeError, ValueError) as exc:
        return None, f"policy is not valid JSON: {exc}"
    return (document, None) if isinstance(document, dict) else (None, "policy is not a JSON object")
