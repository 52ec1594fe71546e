"""Property tests: port matching and network ACL first-match order against a brute-force reading."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ssrm.model.resources.compute.network import AclEntry, NetworkAcl, PortRule
from ssrm.rules.compute.exposure import acl_admits_world

ports = st.integers(min_value=0, max_value=65535)
protocols = st.sampled_from(["tcp", "udp", "-1"])


@st.composite
def port_rules(draw: st.DrawFn) -> PortRule:
    low = draw(ports)
    high = draw(st.integers(min_value=low, max_value=65535))
    return PortRule(protocol=draw(protocols), from_port=low, to_port=high, ipv4_ranges=("0.0.0.0/0",))


@settings(deadline=None)
@given(port_rules(), ports)
def test_covers_matches_the_range(rule: PortRule, port: int) -> None:
    expected = rule.protocol == "-1" or (rule.from_port or 0) <= port <= (rule.to_port or 0)
    assert rule.covers(port, "tcp") is (expected and rule.protocol in ("tcp", "-1"))


@st.composite
def acl_entries(draw: st.DrawFn) -> AclEntry:
    low = draw(st.integers(min_value=0, max_value=4000))
    return AclEntry(rule_number=draw(st.integers(min_value=1, max_value=32766)), egress=draw(st.booleans()),
                    action=draw(st.sampled_from(["allow", "deny"])), protocol=draw(protocols),
                    cidr=draw(st.sampled_from(["0.0.0.0/0", "10.0.0.0/8"])), from_port=low,
                    to_port=draw(st.integers(min_value=low, max_value=4000)))


@settings(max_examples=100, deadline=None)
@given(st.lists(acl_entries(), max_size=8, unique_by=lambda e: (e.rule_number, e.egress)),
       st.integers(min_value=0, max_value=4000))
def test_first_matching_world_entry_decides(entries: list[AclEntry], port: int) -> None:
    acl = NetworkAcl(arn="arn:aws:ec2:us-east-1:123456789012:network-acl/acl-1", id="acl-1",
                     entries=tuple(entries))
    decision = "deny"
    for entry in sorted(entries, key=lambda e: e.rule_number):
        in_range = entry.protocol == "-1" or (
            entry.protocol == "tcp" and (entry.from_port or 0) <= port <= (entry.to_port or 0))
        if not entry.egress and entry.cidr == "0.0.0.0/0" and in_range:
            decision = entry.action
            break
    assert acl_admits_world(acl, port) is (decision == "allow")
