"""Resources added, removed and changed between two inventories, each change in words.

A security group's permissions are compared one (protocol, ports, source) at a time, so a change reads
"sg-0ab ingress gained tcp/22 from 0.0.0.0/0"; policy documents are compared statement by statement
(by Sid, else by content): "bucket policy statement PublicRead added". Everything else is compared field by
field, nested objects with a dotted path.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Bookkeeping that changes on every read without the resource changing.
IGNORED_FIELDS = frozenset({"type", "origin"})
# Observations of activity, not configuration: they move between two reads of an unchanged account.
VOLATILE_FIELDS = frozenset({"latest_delivery", "last_used", "last_accessed", "last_backup", "last_modified"})
RULE_LISTS = frozenset({"ingress", "egress"})
_MAX_VALUE = 80


@dataclass
class ResourceChange:
    resource_type: str
    arn: str
    id: str
    changes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"resource_type": self.resource_type, "arn": self.arn, "id": self.id, "changes": self.changes}


@dataclass
class ResourceDiff:
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    changed: list[ResourceChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "removed": self.removed, "changed": [c.as_dict() for c in self.changed]}


def _key(r: Mapping[str, Any]) -> tuple[str, str]:
    return (str(r.get("type")), str(r.get("arn")))


def _ref(r: Mapping[str, Any]) -> dict[str, str]:
    return {"resource_type": str(r.get("type")), "arn": str(r.get("arn")), "id": str(r.get("id")),
            "name": str(r.get("name") or "")}


def diff_resources(before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]]) -> ResourceDiff:
    """Compare two lists of resources in snapshot form (``resource_to_dict``)."""
    old = {_key(r): _strip(r) for r in before}
    new = {_key(r): _strip(r) for r in after}
    out = ResourceDiff()
    for key in sorted(new.keys() - old.keys()):
        out.added.append(_ref(new[key]))
    for key in sorted(old.keys() - new.keys()):
        out.removed.append(_ref(old[key]))
    for key in sorted(old.keys() & new.keys()):
        a, b = old[key], new[key]
        if a == b:
            continue
        lines = describe_changes(a, b)
        if lines:
            out.changed.append(ResourceChange(key[0], key[1], str(b.get("id")), lines))
    return out


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in VOLATILE_FIELDS}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def describe_changes(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    label = str(b.get("id") or b.get("name") or b.get("arn"))
    lines: list[str] = []
    for name in sorted((a.keys() | b.keys()) - IGNORED_FIELDS):
        before, after = a.get(name), b.get(name)
        if before == after:
            continue
        if name in RULE_LISTS:
            lines += _permission_changes(label, name, before or [], after or [])
        elif name == "unknown":
            lines += _unknown_changes(label, before or {}, after or {})
        elif name == "inline_policies":
            lines += _inline_policy_changes(label, before or [], after or [])
        elif _is_policy(before) or _is_policy(after):
            lines += _statement_changes(f"{label} {_words(name)}", before, after)
        else:
            lines += _value_changes(label, name, before, after)
    return lines


# --- security group permissions -------------------------------------------------------------------------


def _atoms(rules: Iterable[Mapping[str, Any]]) -> set[str]:
    out = set()
    for r in rules:
        ports = _ports(r)
        for kind in ("ipv4_ranges", "ipv6_ranges", "group_ids", "prefix_list_ids"):
            for source in r.get(kind) or ():
                out.add(f"{ports} from {source}")
    return out


def _ports(r: Mapping[str, Any]) -> str:
    protocol, low, high = str(r.get("protocol", "-1")), r.get("from_port"), r.get("to_port")
    if protocol == "-1":
        return "all traffic"
    if low is None or low == high:
        return f"{protocol}/{low if low is not None else 'any'}"
    if (low, high) in ((0, 65535), (-1, -1)):
        return f"{protocol}/all ports"
    return f"{protocol}/{low}-{high}"


def _permission_changes(label: str, name: str, before: list[Any], after: list[Any]) -> list[str]:
    old, new = _atoms(before), _atoms(after)
    direction = "to" if name == "egress" else "from"
    lines = [f"{label} {name} gained {a.replace(' from ', f' {direction} ')}" for a in sorted(new - old)]
    lines += [f"{label} {name} lost {a.replace(' from ', f' {direction} ')}" for a in sorted(old - new)]
    return lines


# --- policy documents -----------------------------------------------------------------------------------


def _is_policy(value: Any) -> bool:
    return isinstance(value, dict) and "Statement" in value


def _statements(doc: Any) -> dict[str, tuple[str, Any]]:
    """Statements keyed by Sid, else by their content; each with the name shown for it."""
    if not isinstance(doc, dict):
        return {}
    statements = doc.get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    out: dict[str, tuple[str, Any]] = {}
    for st in statements:
        sid = st.get("Sid") if isinstance(st, dict) else None
        key = str(sid) if sid else json.dumps(st, sort_keys=True)
        out[key] = (str(sid) if sid else _short(st, 60), st)
    return out


def _statement_changes(label: str, before: Any, after: Any) -> list[str]:
    if not before:
        return sorted(f"{label} statement {shown} added" for shown, _ in _statements(after).values())
    if not after:
        return [f"{label} removed"]
    old, new = _statements(before), _statements(after)
    lines = [f"{label} statement {new[k][0]} added" for k in new.keys() - old.keys()]
    lines += [f"{label} statement {old[k][0]} removed" for k in old.keys() - new.keys()]
    lines += [f"{label} statement {new[k][0]} changed" for k in old.keys() & new.keys() if old[k] != new[k]]
    return sorted(lines) or [f"{label} changed"]


def _inline_policy_changes(label: str, before: list[Any], after: list[Any]) -> list[str]:
    old = {str(p.get("name")): p.get("document") for p in before if isinstance(p, dict)}
    new = {str(p.get("name")): p.get("document") for p in after if isinstance(p, dict)}
    lines = [f"{label} inline policy {n} added" for n in sorted(new.keys() - old.keys())]
    lines += [f"{label} inline policy {n} removed" for n in sorted(old.keys() - new.keys())]
    for n in sorted(old.keys() & new.keys()):
        if old[n] != new[n]:
            lines += _statement_changes(f"{label} inline policy {n}", old[n], new[n])
    return lines


# --- everything else ------------------------------------------------------------------------------------


def _unknown_changes(label: str, before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    lines = [f"{label} {f} could no longer be read ({after[f]})" for f in sorted(after.keys() - before.keys())]
    lines += [f"{label} {f} could be read again" for f in sorted(before.keys() - after.keys())]
    return lines


def _value_changes(label: str, path: str, before: Any, after: Any) -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        lines = []
        for k in sorted(before.keys() | after.keys()):
            if before.get(k) != after.get(k):
                lines += _value_changes(label, f"{path}.{k}", before.get(k), after.get(k))
        return lines
    if isinstance(before, list | tuple) and isinstance(after, list | tuple):
        old = {_short(v, 200): v for v in before}
        new = {_short(v, 200): v for v in after}
        lines = [f"{label} {_words(path)} gained {_short(new[k])}" for k in new.keys() - old.keys()]
        lines += [f"{label} {_words(path)} lost {_short(old[k])}" for k in old.keys() - new.keys()]
        return sorted(lines)
    if before is None:
        return [f"{label} {_words(path)} set to {_compact(after)}"]
    if after is None:
        return [f"{label} {_words(path)} removed" + ("" if isinstance(before, dict) else f" (was {_short(before)})")]
    return [f"{label} {_words(path)}: {_short(before)} → {_short(after)}"]


def _compact(value: Any) -> str:
    """A small object as ``key=value`` pairs, the way people read settings."""
    if isinstance(value, dict):
        return _short(", ".join(f"{k}={_short(v, 40)}" for k, v in value.items() if v not in (None, "", [], {})))
    return _short(value)


def _words(name: str) -> str:
    return name.replace("_", " ")


def _short(value: Any, limit: int = _MAX_VALUE) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, separators=(",", ":"))
    return text if len(text) <= limit else text[: limit - 1] + "…"
