"""Internet to instances, interfaces, load balancers and databases; security group to security group."""

from __future__ import annotations

from ssrm.model.resources.apps.elbv2 import Listener, LoadBalancerV2
from ssrm.model.resources.compute.network import AclEntry, NetworkInterface, PortRule
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.paths import build_graph
from ssrm.paths.reachability import NetworkView, Service
from tests.builders import ACCOUNT, REGION, VPC, instance, inventory, network, security_group, world


def reach_of(*resources, groups=("sg-web",), public=True):  # type: ignore[no-untyped-def]
    view = NetworkView(inventory(*resources))
    return view.internet_reach(public_address="203.0.113.10" if public else "", subnet_ids=["subnet-pub"],
                               vpc_id=VPC, group_ids=groups)


def test_open_port_through_route_acl_and_group() -> None:
    reach = reach_of(*network(), security_group("sg-web", world(443)))
    assert reach.services == (Service("tcp", 443),)
    assert reach.groups == ("sg-web",) and "igw-1" in reach.route


def test_no_public_address_or_no_internet_route() -> None:
    assert not reach_of(*network(), security_group("sg-web", world(443)), public=False).reachable
    assert not reach_of(*network(igw=False), security_group("sg-web", world(443))).reachable


def test_group_must_admit_the_world_on_that_protocol() -> None:
    internal = PortRule(protocol="tcp", from_port=443, to_port=443, ipv4_ranges=("10.0.0.0/8",))
    assert not reach_of(*network(), security_group("sg-web", internal)).reachable
    assert reach_of(*network(), security_group("sg-web", world(53, "udp"))).services == (Service("udp", 53),)


def test_acl_rules_are_ordered_first_match_wins() -> None:
    entries = (
        AclEntry(rule_number=50, egress=False, action="deny", protocol="tcp", cidr="0.0.0.0/0", from_port=22,
                 to_port=22),
        AclEntry(rule_number=100, egress=False, action="allow", cidr="0.0.0.0/0"),
        AclEntry(rule_number=100, egress=True, action="allow", cidr="0.0.0.0/0"),
    )
    reach = reach_of(*network(acl_entries=entries), security_group("sg-web", world(22), world(80)))
    assert reach.services == (Service("tcp", 80),)


def test_acl_must_let_replies_out() -> None:
    entries = (
        AclEntry(rule_number=100, egress=False, action="allow", cidr="0.0.0.0/0"),
        AclEntry(rule_number=100, egress=True, action="allow", protocol="tcp", cidr="0.0.0.0/0", from_port=443,
                 to_port=443),
    )
    assert not reach_of(*network(acl_entries=entries), security_group("sg-web", world(443))).reachable


def test_all_traffic_rule_names_notable_ports() -> None:
    everything = PortRule(protocol="-1", ipv4_ranges=("0.0.0.0/0",))
    reach = reach_of(*network(), security_group("sg-web", everything))
    assert Service("tcp", 22) in reach.services and Service("tcp", 3306) in reach.services
    assert reach.admin_or_database_only is False


def test_exposed_instance_is_an_internet_edge() -> None:
    host = instance("i-web")
    graph = build_graph(inventory(*network(), security_group("sg-web", world(80)), host), [])
    edge = graph.edge("internet", host.arn)
    assert edge.stage.value == "initial-access" and edge.technique == "T1190" and "tcp/80" in edge.sentence


def test_standalone_interface_is_an_endpoint() -> None:
    eni = NetworkInterface(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:network-interface/eni-1", id="eni-1",
                           account=ACCOUNT, region=REGION, vpc_id=VPC, subnet_id="subnet-pub",
                           security_group_ids=("sg-web",), public_ips=("198.51.100.7",))
    graph = build_graph(inventory(*network(), security_group("sg-web", world(8443)), eni), [])
    assert graph.digraph.has_edge("internet", eni.arn)


def test_load_balancer_listeners_and_targets() -> None:
    lb = LoadBalancerV2(arn=f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/shop/1",
                        id="app/shop/1", name="shop", account=ACCOUNT, region=REGION, vpc_id=VPC,
                        subnet_ids=("subnet-pub",), security_group_ids=("sg-lb",), dns_name="shop.example",
                        listeners=(Listener(arn="l-1", protocol="HTTPS", port=443),))
    from_lb = PortRule(protocol="tcp", from_port=8080, to_port=8080, group_ids=("sg-lb",))
    app = instance("i-app", groups=("sg-app",), public=False)
    graph = build_graph(inventory(*network(), security_group("sg-lb", world(443), world(80)),
                                  security_group("sg-app", from_lb), lb, app), [])
    assert "tcp/443" in graph.edge("internet", lb.arn).sentence
    assert "tcp/80" not in graph.edge("internet", lb.arn).sentence  # no listener there
    assert graph.digraph.has_edge(lb.arn, app.arn)


def test_public_database_and_group_to_group() -> None:
    db = RdsDbInstance(arn=f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders", id="orders", name="orders", account=ACCOUNT,
                       region=REGION, publicly_accessible=True, vpc_id=VPC, subnet_ids=["subnet-pub"],
                       security_group_ids=["sg-db"], endpoint="orders.example", port=5432)
    from_app = PortRule(protocol="tcp", from_port=5432, to_port=5432, group_ids=("sg-app",))
    app = instance("i-app", groups=("sg-app",), public=False)
    graph = build_graph(inventory(*network(), security_group("sg-db", world(5432), from_app),
                                  security_group("sg-app"), db, app), [])
    assert graph.digraph.has_edge("internet", db.arn)
    assert graph.digraph.has_edge(app.arn, "inside:sg-app") and graph.digraph.has_edge("inside:sg-app", db.arn)


def test_private_database_is_not_an_internet_edge() -> None:
    db = RdsDbInstance(arn=f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders", id="orders", account=ACCOUNT,
                       region=REGION, publicly_accessible=False, vpc_id=VPC, subnet_ids=["subnet-pub"],
                       security_group_ids=["sg-db"], port=5432)
    graph = build_graph(inventory(*network(), security_group("sg-db", world(5432)), db), [])
    assert not graph.digraph.has_edge("internet", db.arn)
