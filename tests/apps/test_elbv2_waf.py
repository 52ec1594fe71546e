"""FSBP ELB.16: an internet-facing ALB is named in a regional web ACL's associations."""

from __future__ import annotations

from ssrm.engine import judge
from ssrm.model import Gap, Inventory, Resource, Status
from ssrm.model.resources.apps.elbv2 import LoadBalancerV2
from ssrm.model.resources.edge.wafv2 import WafV2WebAcl
from ssrm.rules.catalog import find_rule

ACCOUNT, REGION = "123456789012", "us-east-1"
ALB = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/shop/1"


def alb(**fields: object) -> LoadBalancerV2:
    return LoadBalancerV2(arn=ALB, id="shop", name="shop", account=ACCOUNT, region=REGION, **fields)


def acl(*protected: str, **unknown: str) -> WafV2WebAcl:
    return WafV2WebAcl(arn=f"arn:aws:wafv2:{REGION}:{ACCOUNT}:regional/webacl/w/1", id="1", name="w",
                       account=ACCOUNT, region=REGION, associated_resources=list(protected), unknown=unknown)


def status(*resources: Resource, services: list[str] | None = None, gaps: tuple[Gap, ...] = ()) -> Status:
    rule = find_rule("elbv2_alb_waf_attached")
    assert rule is not None
    inventory = Inventory(account=ACCOUNT, regions=[REGION], services=services)
    inventory.add(resources)
    inventory.add_gaps(gaps)
    return judge(rule, resources[0], inventory).status


def test_associated_alb_passes_and_bare_alb_fails() -> None:
    assert status(alb(), acl(ALB)) is Status.PASS
    assert status(alb(), acl("arn:aws:elasticloadbalancing:other")) is Status.FAIL
    assert status(alb()) is Status.FAIL


def test_out_of_scope_and_unknown() -> None:
    assert status(alb(lb_type="network")) is Status.NOT_APPLICABLE
    assert status(alb(scheme="internal")) is Status.NOT_APPLICABLE
    assert status(alb(), services=["elbv2"]) is Status.NOT_APPLICABLE  # WAF left out of the scan
    assert status(alb(), acl(associated_resources="AccessDenied")) is Status.ERROR
    listing = Gap(service="wafv2", region=REGION, api="ListWebACLs", error="AccessDenied",
                  resource_types=(WafV2WebAcl.resource_type,))
    assert status(alb(), gaps=(listing,)) is Status.ERROR
