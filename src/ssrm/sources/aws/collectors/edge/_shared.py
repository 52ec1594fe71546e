"""Helpers shared by the edge collectors: marker-paged listings and tags."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ssrm.sources.aws.context import CollectContext

MAX_PAGES = 1000


def marker_pages(ctx: CollectContext, operation: str, path: tuple[str, ...], *, marker_in: str = "NextMarker",
                 marker_out: str = "NextMarker", resource_types: Iterable[str] = (),
                 **params: Any) -> list[dict[str, Any]] | None:
    """Items at ``path`` (nested keys) over every page of an API botocore cannot paginate, or None on error."""
    items: list[dict[str, Any]] = []
    marker: str | None = None
    for _ in range(MAX_PAGES):
        extra = {marker_in: marker} if marker else {}
        reply = ctx.call(operation, resource_types=tuple(resource_types), **params, **extra)
        if not reply.ok:
            return None
        node: Any = reply.data
        for key in path[:-1]:
            node = (node or {}).get(key)
        items.extend((node or {}).get(path[-1]) or [])
        holder = node if len(path) > 1 else reply.data
        marker = (holder or {}).get(marker_out)
        if not marker:
            break
    return items


def tag_dict(tags: Any) -> dict[str, str]:
    """[{"Key": k, "Value": v}, ...] or a plain mapping, as a dict."""
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    return {str(t["Key"]): str(t.get("Value", "")) for t in tags or [] if isinstance(t, dict) and t.get("Key")}
