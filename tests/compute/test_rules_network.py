"""Network-layer rules: security groups, network ACLs, VPCs, subnets, routes."""

from __future__ import annotations

import pytest

from ssrm.engine import judge
from ssrm.model import Status
from ssrm.model.resources.compute.network import FlowLog, PortRule, Route, Vpc, VpcEndpoint
from ssrm.rules.base import Rule
from ssrm.rules.compute import network_acls, security_groups, vpcs

from .builders import ACCOUNT, REGION, acl, arn, entry, group, inventory, subnet, table, world


def verdict(rule: Rule, resource: object, *others: object) -> tuple[Status, str]:
    v = judge(rule, resource, inventory(resource, *others))  # type: ignore[arg-type]
    return v.status, v.reason


@pytest.mark.parametrize(("rule", "opening"), [
    (security_groups.security_group_open_ssh, world(22)),
    (security_groups.security_group_open_ssh, world(20, 30, cidr="::/0")),
    (security_groups.security_group_open_rdp, world(3389)),
    (security_groups.security_group_open_database_ports, world(5432)),
    (security_groups.security_group_open_database_ports, world(27017)),
    (security_groups.security_group_open_high_risk_ports, world(445)),
    (security_groups.security_group_open_all_traffic, PortRule(protocol="-1", ipv4_ranges=("0.0.0.0/0",))),
    (security_groups.security_group_open_all_traffic, world(0, 65535)),
])
def test_world_open_ports_fail(rule: Rule, opening: PortRule) -> None:
    status, reason = verdict(rule, group("sg-9", opening, name="web-sg"))
    assert status is Status.FAIL and "web-sg" in reason and "/0" in reason


@pytest.mark.parametrize("rule", [
    security_groups.security_group_open_ssh, security_groups.security_group_open_rdp,
    security_groups.security_group_open_database_ports, security_groups.security_group_open_high_risk_ports,
    security_groups.security_group_open_all_traffic,
])
def test_restricted_groups_pass(rule: Rule) -> None:
    office = world(22, cidr="203.0.113.0/24")
    from_group = PortRule(protocol="tcp", from_port=3306, to_port=3306, group_ids=("sg-app",))
    https = world(443)
    assert verdict(rule, group("sg-2", office, from_group, https))[0] is Status.PASS


def test_all_traffic_rule_also_counts_for_ssh_and_names_the_port() -> None:
    everything = PortRule(protocol="-1", ipv4_ranges=("0.0.0.0/0",))
    status, reason = verdict(security_groups.security_group_open_ssh, group("sg-3", everything))
    assert status is Status.FAIL and "22 (SSH)" in reason
    udp = world(22, protocol="udp")
    assert verdict(security_groups.security_group_open_ssh, group("sg-4", udp))[0] is Status.PASS


def test_database_reason_names_engine_and_port() -> None:
    _, reason = verdict(security_groups.security_group_open_database_ports,
                        group("sg-5", world(3306), name="db-sg"))
    assert "3306 (MySQL) from 0.0.0.0/0" in reason


def test_default_group_with_rules_fails_and_empty_passes() -> None:
    rule = security_groups.default_security_group_has_rules
    self_ref = PortRule(protocol="-1", group_ids=("sg-d",))
    status, reason = verdict(rule, group("sg-d", self_ref, name="default"))
    assert status is Status.FAIL and "sg-d" in reason
    assert verdict(rule, group("sg-d", name="default"))[0] is Status.PASS
    assert verdict(rule, group("sg-x", self_ref, name="web-sg"))[0] is Status.NOT_APPLICABLE


def test_network_acl_allow_all_fails() -> None:
    rule = network_acls.network_acl_open_admin_ports
    status, reason = verdict(rule, acl(entry(100, "allow"), entry(32767, "deny")))
    assert status is Status.FAIL and "entry 100" in reason and "22" in reason and "3389" in reason


def test_network_acl_lower_numbered_deny_wins() -> None:
    rule = network_acls.network_acl_open_admin_ports
    guarded = acl(entry(50, "deny", protocol="tcp", ports=(22, 22)),
                  entry(60, "deny", protocol="tcp", ports=(3389, 3389)), entry(100, "allow"))
    assert verdict(rule, guarded)[0] is Status.PASS
    # a deny numbered after the allow does not help
    late = acl(entry(100, "allow"), entry(200, "deny", protocol="tcp", ports=(22, 22)))
    assert verdict(rule, late)[0] is Status.FAIL
    # a deny for a narrower range leaves the rest of the internet allowed
    narrow = acl(entry(50, "deny", cidr="198.51.100.0/24"), entry(100, "allow", protocol="tcp", ports=(22, 22)))
    status, reason = verdict(rule, narrow)
    assert status is Status.FAIL and "22" in reason and "3389" not in reason


def test_network_acl_web_only_passes() -> None:
    web = acl(entry(100, "allow", protocol="tcp", ports=(443, 443)), entry(32767, "deny"))
    assert verdict(network_acls.network_acl_open_admin_ports, web)[0] is Status.PASS


def vpc(ident: str = "vpc-1") -> Vpc:
    return Vpc(arn=arn("vpc", ident), id=ident, name="acme-vpc", account=ACCOUNT, region=REGION)


def flow_log(target: str, status: str = "ACTIVE") -> FlowLog:
    return FlowLog(arn=arn("vpc-flow-log", "fl-1"), id="fl-1", account=ACCOUNT, region=REGION,
                   target_id=target, traffic_type="ALL", status=status)


def test_flow_logs() -> None:
    rule = vpcs.vpc_flow_logs_disabled
    status, reason = verdict(rule, vpc(), flow_log("vpc-other"))
    assert status is Status.FAIL and "acme-vpc" in reason
    assert verdict(rule, vpc(), flow_log("vpc-1"))[0] is Status.PASS
    assert verdict(rule, vpc(), flow_log("vpc-1", status="FAILED"))[0] is Status.FAIL


def test_flow_log_listing_gap_is_error() -> None:
    from ssrm.model import Gap

    inv = inventory(vpc())
    inv.add_gaps([Gap(service="vpc", region=REGION, api="DescribeFlowLogs", error="AccessDenied",
                      resource_types=("AWS::EC2::FlowLog",))])
    assert judge(vpcs.vpc_flow_logs_disabled, vpc(), inv).status is Status.ERROR


def test_vpc_endpoints() -> None:
    endpoint = VpcEndpoint(arn=arn("vpc-endpoint", "vpce-1"), id="vpce-1", account=ACCOUNT, region=REGION,
                           vpc_id="vpc-1", service_name="com.amazonaws.us-east-1.s3")
    assert verdict(vpcs.vpc_no_endpoints, vpc(), endpoint)[0] is Status.PASS
    assert verdict(vpcs.vpc_no_endpoints, vpc("vpc-2"), endpoint)[0] is Status.FAIL


def test_subnet_auto_public_ip() -> None:
    status, reason = verdict(vpcs.subnet_auto_public_ip, subnet(public_ip=True))
    assert status is Status.FAIL and "10.0.1.0/24" in reason
    assert verdict(vpcs.subnet_auto_public_ip, subnet(public_ip=False))[0] is Status.PASS


def test_peering_routes() -> None:
    rule = vpcs.route_table_broad_peering_route
    wide = Route(destination="0.0.0.0/0", target="pcx-1", target_kind="peering")
    narrow = Route(destination="10.8.0.0/16", target="pcx-1", target_kind="peering")
    status, reason = verdict(rule, table("rtb-1", wide))
    assert status is Status.FAIL and "0.0.0.0/0 -> pcx-1" in reason
    assert verdict(rule, table("rtb-1", narrow))[0] is Status.PASS
    assert verdict(rule, table("rtb-1", Route(destination="10.0.0.0/8", target="pcx-1",
                                              target_kind="peering")))[0] is Status.FAIL
    local = Route(destination="10.0.0.0/16", target="local", target_kind="gateway")
    assert verdict(rule, table("rtb-1", local))[0] is Status.NOT_APPLICABLE
