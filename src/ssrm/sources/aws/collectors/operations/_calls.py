"""Listing helpers shared by the operations collectors.

``listing`` follows NextToken through ``ctx.call`` so a failure comes back with its reason (for
``Resource.unknown``); ``ctx.call`` already turns the emulator's NotImplementedError into a gap.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ssrm.sources.aws.context import CollectContext


def listing(ctx: CollectContext, operation: str, key: str, *, token: str = "NextToken",
            resource_types: Iterable[str] = (), resource: str | None = None,
            **params: Any) -> tuple[list[Any] | None, str]:
    """(every item under ``key`` across pages, "") or (None, why the listing failed; gap recorded)."""
    items: list[Any] = []
    while True:
        reply = ctx.call(operation, resource_types=resource_types, resource=resource, **params)
        if not reply.ok:
            return None, reply.reason
        items.extend(reply.get(key) or [])
        next_token = reply.get(token)
        if not next_token:
            return items, ""
        params[token] = next_token


def parse_policy(text: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(document, None), (None, None) when there is no policy, or (None, why it is unreadable)."""
    if not text:
        return None, None
    if isinstance(text, dict):
        return text, None
    try:
        document = json.loads(text)
    except (TypeError, ValueError) as exc:
        return None, f"policy is not valid JSON: {exc}"
    return (document, None) if isinstance(document, dict) else (None, "policy is not a JSON object")


def tags_of(items: Any) -> dict[str, str]:
    return {str(t["Key"]): str(t.get("Value", "")) for t in items or [] if isinstance(t, dict) and t.get("Key")}
