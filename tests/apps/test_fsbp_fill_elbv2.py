"""FSBP ELB.12 and ELB.13 on load balancers built directly (no AWS)."""

from __future__ import annotations

from typing import Any

from ssrm.model import Status
from ssrm.model.resources.apps.elbv2 import LoadBalancerV2

from .helpers import status, verdict

ACCOUNT = "123456789012"


def balancer(**fields: Any) -> LoadBalancerV2:
    base: dict[str, Any] = {"arn": f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/app/a/1",
                            "id": "app/a/1", "name": "a", "region": "us-east-1"}
    return LoadBalancerV2(**{**base, **fields})


def test_desync_mitigation_mode() -> None:
    assert status("elbv2_desync_mitigation_mode", balancer(desync_mitigation_mode="strictest")) is Status.PASS
    assert status("elbv2_desync_mitigation_mode", balancer()) is Status.PASS
    failing = verdict("elbv2_desync_mitigation_mode", balancer(desync_mitigation_mode="monitor"))
    assert failing.status is Status.FAIL and "monitor" in failing.reason
    network = balancer(lb_type="network", desync_mitigation_mode="monitor")
    assert status("elbv2_desync_mitigation_mode", network) is Status.NOT_APPLICABLE
    unread = balancer(unknown={"desync_mitigation_mode": "AccessDenied"})
    assert status("elbv2_desync_mitigation_mode", unread) is Status.ERROR


def test_multiple_availability_zones() -> None:
    two = balancer(availability_zones=("us-east-1a", "us-east-1b"))
    assert status("elbv2_multiple_availability_zones", two) is Status.PASS
    failing = verdict("elbv2_multiple_availability_zones", balancer(availability_zones=("us-east-1a",)))
    assert failing.status is Status.FAIL and "us-east-1a" in failing.reason
    gateway = balancer(lb_type="gateway", availability_zones=("us-east-1a",))
    assert status("elbv2_multiple_availability_zones", gateway) is Status.FAIL
