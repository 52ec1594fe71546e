"""The Terraform built-in functions that matter for security configuration; the rest yield Unknown."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from ssrm.model.bounds import COLLECTION_ITEMS, BoundExceeded
from ssrm.sources.iac.terraform.values import to_text
from ssrm.sources.iac.unknown import Unknown, find_unknown


def _flatten(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _merge(*maps: Any) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for m in maps:
        merged.update(m or {})
    return merged


def _lookup(m: dict[str, Any], key: str, *default: Any) -> Any:
    if key in m:
        return m[key]
    if default:
        return default[0]
    return Unknown(f"lookup(): no key {key!r}")


def _coalesce(*values: Any) -> Any:
    return next((v for v in values if v not in (None, "")), Unknown("coalesce(): every argument is empty"))


def _format(spec: str, *args: Any) -> str:
    return spec.replace("%%", "\0").replace("%s", "{}").replace("%d", "{}").replace("%v", "{}").format(
        *(to_text(a) for a in args)).replace("\0", "%")


def _distinct(items: list[Any]) -> list[Any]:
    """Order-preserving; hashable items in linear time (toset(range(N)) must not be quadratic)."""
    out: list[Any] = []
    seen: set[Any] = set()
    for item in items:
        try:
            if (type(item), item) in seen:
                continue
            seen.add((type(item), item))
        except TypeError:  # a list or map: compare by value
            if item in out:
                continue
        out.append(item)
    return out


def _range(*args: Any) -> list[int]:
    numbers = range(*(int(a) for a in args))
    if len(numbers) > COLLECTION_ITEMS.value:
        raise BoundExceeded(f"{len(numbers):,} items cross {COLLECTION_ITEMS.describe()}")
    return list(numbers)


def _zipmap(keys: list[str], values: list[Any]) -> dict[str, Any]:
    return dict(zip(keys, values, strict=False))


def _element(items: list[Any], index: int) -> Any:
    return items[int(index) % len(items)]


def _tostring(value: Any) -> Any:
    return to_text(value)


def _tonumber(value: Any) -> Any:
    return float(value) if "." in str(value) else int(value)


def _tobool(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value) == "true"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonencode": lambda v: json.dumps(v, separators=(",", ":")),
    "jsondecode": json.loads,
    "yamlencode": lambda v: json.dumps(v),
    "format": _format,
    "join": lambda sep, items: sep.join(str(to_text(i)) for i in items),
    "split": lambda sep, text: text.split(sep),
    "concat": lambda *lists: [i for lst in lists for i in lst],
    "merge": _merge,
    "lookup": _lookup,
    "length": len,
    "lower": str.lower,
    "upper": str.upper,
    "trimspace": str.strip,
    "replace": lambda text, old, new: text.replace(old, new),
    "substr": lambda text, offset, length: text[offset:offset + length] if length >= 0 else text[offset:],
    "coalesce": _coalesce,
    "coalescelist": lambda *lists: next((lst for lst in lists if lst), []),
    "compact": lambda items: [i for i in items if i not in (None, "")],
    "contains": lambda items, value: value in items,
    "distinct": _distinct,
    "element": _element,
    "flatten": _flatten,
    "keys": lambda m: sorted(m),
    "values": lambda m: [m[k] for k in sorted(m)],
    "toset": lambda items: _distinct(list(items)),
    "tolist": list,
    "tomap": dict,
    "tostring": _tostring,
    "tonumber": _tonumber,
    "tobool": _tobool,
    "zipmap": _zipmap,
    "range": _range,
    "min": min,
    "max": max,
    "abs": abs,
    "base64encode": _b64,
    "base64decode": lambda text: base64.b64decode(text).decode(errors="replace"),
    "startswith": lambda text, prefix: text.startswith(prefix),
    "endswith": lambda text, suffix: text.endswith(suffix),
    "one": lambda items: items[0] if items else None,
    "sort": sorted,
    "reverse": lambda items: list(reversed(items)),
    "slice": lambda items, start, end: items[start:end],
    "setunion": lambda *sets: _distinct([i for s in sets for i in s]),
    "chomp": lambda text: text.rstrip("\r\n"),
    "title": str.title,
    "sensitive": lambda v: v,
    "nonsensitive": lambda v: v,
}


def call_function(name: str, args: list[Any], extra: dict[str, Callable[..., Any]] | None = None) -> Any:
    """Apply a built-in to plain arguments; any Unknown argument (or unknown function) gives Unknown."""
    unknown = find_unknown(args)
    if unknown is not None:
        return unknown
    function = (extra or {}).get(name) or FUNCTIONS.get(name)
    if function is None:
        return Unknown(f"function {name}() is not evaluated statically")
    try:
        return function(*args)
    except Exception as exc:
        return Unknown(f"{name}() failed: {type(exc).__name__}: {exc}")
