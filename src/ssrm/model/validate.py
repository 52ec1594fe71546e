"""Check the shape of documents ssrm reads back (snapshots, assessments) before anything uses them.

Each helper returns the value with the expected type or raises ``DocumentError`` naming the field and
what was found, so a wrong type is one line for the user rather than a crash deep inside a renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

MISSING = object()
JSON_TYPE_NAMES = {dict: "an object", list: "a list", str: "a string", int: "a whole number",
                   float: "a number", bool: "true or false", type(None): "null"}


class DocumentError(ValueError):
    """A document field with the wrong type or value; the message is one line."""


def kind_of(value: Any) -> str:
    return JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def _get(doc: dict[str, Any], name: str, where: str, default: Any) -> Any:
    value = doc.get(name, MISSING)
    if value is MISSING:
        if default is MISSING:
            raise DocumentError(f"{where}: the field '{name}' is missing")
        return default
    return value


def text(doc: dict[str, Any], name: str, where: str, default: Any = MISSING, *, nullable: bool = False) -> Any:
    value = _get(doc, name, where, default)
    if value is None and (nullable or default is None):
        return None
    if not isinstance(value, str):
        raise DocumentError(f"{where}: '{name}' must be a string, not {kind_of(value)}")
    return value


def flag(doc: dict[str, Any], name: str, where: str, default: Any = MISSING) -> bool:
    value = _get(doc, name, where, default)
    if not isinstance(value, bool):
        raise DocumentError(f"{where}: '{name}' must be true or false, not {kind_of(value)}")
    return value


def number(doc: dict[str, Any], name: str, where: str, default: Any = MISSING) -> Any:
    value = _get(doc, name, where, default)
    if value is None and default is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DocumentError(f"{where}: '{name}' must be a number, not {kind_of(value)}")
    return value


def text_list(doc: dict[str, Any], name: str, where: str, default: Any = MISSING) -> Any:
    value = _get(doc, name, where, default)
    if value is None and default is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DocumentError(f"{where}: '{name}' must be a list of strings")
    return value


def mapping(doc: dict[str, Any], name: str, where: str, default: Any = MISSING) -> Any:
    value = _get(doc, name, where, default)
    if value is None and default is None:
        return None
    if not isinstance(value, dict):
        raise DocumentError(f"{where}: '{name}' must be an object, not {kind_of(value)}")
    return value


def counts(doc: dict[str, Any], name: str, where: str) -> dict[str, int]:
    """An optional ``{name: whole number}`` object (API call counts)."""
    value = mapping(doc, name, where, {}) or {}
    for key, count in value.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise DocumentError(f"{where}: '{name}.{key}' must be a whole number, not {kind_of(count)}")
    return dict(value)


def objects(doc: dict[str, Any], name: str, where: str, default: Any = MISSING) -> list[dict[str, Any]]:
    """A list whose every item is an object."""
    value = _get(doc, name, where, default)
    if value is None and default is not MISSING:
        return []
    if not isinstance(value, list):
        raise DocumentError(f"{where}: '{name}' must be a list, not {kind_of(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise DocumentError(f"{where}: {name}[{index}] must be an object, not {kind_of(item)}")
    return value


def timestamp(doc: dict[str, Any], name: str, where: str) -> datetime | None:
    value = text(doc, name, where, None)
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise DocumentError(f"{where}: '{name}' is not an ISO 8601 time: {value[:40]!r}") from None


def one_of(doc: dict[str, Any], name: str, where: str, allowed: set[str], default: Any = MISSING) -> Any:
    value = text(doc, name, where, default)
    if value is not None and value not in allowed:
        raise DocumentError(f"{where}: '{name}' is {value[:40]!r}; expected one of {', '.join(sorted(allowed))}")
    return value


def each(items: list[dict[str, Any]], name: str, where: str, check: Callable[[dict[str, Any], str], None]) -> None:
    for index, item in enumerate(items):
        check(item, f"{where}: {name}[{index}]")
