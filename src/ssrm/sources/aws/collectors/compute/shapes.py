"""Small readers of EC2 API shapes shared by the compute collectors."""

from __future__ import annotations

from typing import Any

# EC2 reports tcp/udp/icmp by name in security groups but by number in network ACLs.
PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}


def protocol_name(raw: Any) -> str:
    text = str(raw if raw is not None else "-1").lower()
    return PROTOCOL_NAMES.get(text, text)


def tags_of(item: dict[str, Any]) -> dict[str, str]:
    return {str(t.get("Key")): str(t.get("Value", "")) for t in item.get("Tags") or [] if t.get("Key")}


def name_of(item: dict[str, Any], default: str = "") -> str:
    return tags_of(item).get("Name", default)


def ids(items: list[dict[str, Any]] | None, key: str) -> tuple[str, ...]:
    """The ``key`` value of every item that has one, in order, without repeats."""
    return tuple(dict.fromkeys(str(i[key]) for i in items or [] if i.get(key)))
