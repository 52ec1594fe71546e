"""Values the evaluator passes around besides plain Python data: things that resolve attributes lazily."""

from __future__ import annotations

from typing import Any

from ssrm.sources.iac.unknown import Unknown


class Traversable:
    """Anything ``x.name`` or ``x[key]`` can be applied to without being materialized first.

    A base class rather than a Protocol: ``isinstance`` runs on every traversal step, and a runtime
    Protocol check is two orders of magnitude slower.
    """

    def get_attr(self, name: str) -> Any:
        raise NotImplementedError

    def get_index(self, key: Any) -> Any:
        raise NotImplementedError


def to_text(value: Any) -> str | Unknown:
    """Terraform's string conversion for interpolation."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return str(value)
    return Unknown(f"cannot interpolate a {type(value).__name__} into a string")


def materialize(value: Any) -> Any:
    """Plain data: lazy objects become Unknown (a whole resource or module used as a value)."""
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [materialize(v) for v in value]
    if isinstance(value, Traversable):
        return Unknown(f"{value} used as a whole value")
    return value
