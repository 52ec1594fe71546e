"""Reachability from the code: routes, gateways and subnets declared in Terraform or CloudFormation."""

from __future__ import annotations

import pytest

from ssrm.rules.catalog import builtin_rules
from tests.iac.helpers import FIXTURES, assess, by_name

NETWORK = FIXTURES / "network"
EXPOSURE = "ec2_instance_public_admin_ports"


@pytest.mark.parametrize("path", [NETWORK / "terraform", NETWORK / "cloudformation" / "template.yaml"])
def test_exposure_follows_declared_routes(path) -> None:  # type: ignore[no-untyped-def]
    result = assess(path, rules=builtin_rules())
    statuses = {(name, status) for rule, name, status in by_name(result.findings, result) if rule == EXPOSURE}
    assert statuses == {("exposed", "FAIL"), ("internal", "PASS"), ("somewhere", "ERROR")}
    somewhere = next(f for f in result.findings if f.rule_id == EXPOSURE and f.status.value == "ERROR")
    assert "subnet-0abc is not declared in the code" in somewhere.reason


def test_both_formats_agree_on_the_network() -> None:
    rules = builtin_rules()
    terraform = assess(NETWORK / "terraform", rules=rules)
    cloudformation = assess(NETWORK / "cloudformation" / "template.yaml", rules=rules)

    def network_findings(result) -> set:  # type: ignore[no-untyped-def]
        return {f for f in by_name(result.findings, result) if f[0].startswith(("ec2_instance_public", "ec2_vpc"))}

    assert network_findings(terraform) == network_findings(cloudformation)
