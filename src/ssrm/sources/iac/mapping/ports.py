"""Security group permissions from either format into PortRule, keeping unknown CIDRs unknown."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.compute.network import PortRule
from ssrm.sources.iac.mapping.build import as_list, sub
from ssrm.sources.iac.unknown import Unknown, find_unknown

PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1", "-1": "-1"}


def protocol_name(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    text = str(value).lower()
    return PROTOCOL_NAMES.get(text, text)


def port(value: Any) -> Any:
    if value is None or value == "" or isinstance(value, Unknown):
        return None if value == "" else value
    return int(value)


def port_rule(protocol: Any, from_port: Any, to_port: Any, ipv4: Any = None, ipv6: Any = None,
              groups: Any = None, prefix_lists: Any = None) -> Any:
    """One PortRule, or the Unknown that keeps it from being known (the whole rule list is then unknown)."""
    name = protocol_name(protocol if protocol is not None else "-1")
    low, high = port(from_port), port(to_port)
    if name == "-1":
        low = high = None
    return sub(PortRule, protocol=name, from_port=low, to_port=high,
               ipv4_ranges=tuple(str(c) for c in as_list(ipv4)) if not find_unknown(ipv4) else find_unknown(ipv4),
               ipv6_ranges=tuple(str(c) for c in as_list(ipv6)) if not find_unknown(ipv6) else find_unknown(ipv6),
               group_ids=tuple(str(g) for g in as_list(groups)) if not find_unknown(groups) else find_unknown(groups),
               prefix_list_ids=tuple(str(p) for p in as_list(prefix_lists))
               if not find_unknown(prefix_lists) else find_unknown(prefix_lists))


def rule_list(rules: list[Any]) -> Any:
    """A tuple of PortRules, or the first Unknown (naming the unknown value) if any permission is unknown."""
    missing = next((r for r in rules if isinstance(r, Unknown)), None)
    if missing is not None:
        return missing
    return tuple(rules)
