"""Helpers shared by the devtools collectors: tag shapes, batching, and APIs the emulator lacks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from ssrm.sources.aws.context import CollectContext, Reply

T = TypeVar("T")
NOT_IMPLEMENTED = "NotImplemented"


def tag_dict(tags: Any, key: str = "Key", value: str = "Value") -> dict[str, str]:
    """Tags as a dict, from either [{"Key": k, "Value": v}] (CodeBuild spells them key/value) or a dict."""
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    return {str(t.get(key)): str(t.get(value, "")) for t in tags or [] if isinstance(t, dict) and t.get(key)}


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def _unimplemented(ctx: CollectContext, operation: str, service: str | None, exc: Exception,
                   resource_types: Iterable[str], resource: str | None) -> Reply:
    """moto in-process raises NotImplementedError for APIs it lacks; record the clean gap AWS would not need."""
    api = ctx.client(service).meta.method_to_api_mapping.get(operation, operation)
    message = " ".join(str(exc).split())[:300]
    ctx.gap(api, NOT_IMPLEMENTED, message, resource_types=resource_types, resource=resource)
    return Reply(error=NOT_IMPLEMENTED, message=message)


def call(ctx: CollectContext, operation: str, *, service: str | None = None, resource_types: Iterable[str] = (),
         resource: str | None = None, **params: Any) -> Reply:
    """``ctx.call`` that also survives an API the emulator does not implement (never raised by AWS)."""
    try:
        return ctx.call(operation, service=service, resource_types=resource_types, resource=resource, **params)
    except NotImplementedError as exc:
        return _unimplemented(ctx, operation, service, exc, resource_types, resource)


def pages(ctx: CollectContext, operation: str, key: str, *, service: str | None = None,
          resource_types: Iterable[str] = (), **params: Any) -> list[Any] | None:
    """``ctx.pages`` that also survives an API the emulator does not implement (never raised by AWS)."""
    try:
        return ctx.pages(operation, key, service=service, resource_types=resource_types, **params)
    except NotImplementedError as exc:
        _unimplemented(ctx, operation, service, exc, resource_types, None)
        return None
