from __future__ import annotations

from ssrm.engine import evaluate
from ssrm.model import Domain, Gap, Inventory, Layer, Severity, Stage, Status
from ssrm.model.resources.account import Region
from ssrm.rules.base import Verdict, failed, passed, rule

ACCOUNT = "123456789012"


def region(name: str, **unknown: str) -> Region:
    return Region(arn=f"arn:aws:ec2:{name}:{ACCOUNT}:region/{name}", id=name, account=ACCOUNT, region=name,
                  unknown=dict(unknown))


@rule(id="test_region_named_east", title="t", resource_type=Region, layer=Layer.CLOUD, domain=Domain.GOVERNANCE,
      severity=Severity.LOW, stage=Stage.RECON, needs=("opt_in_status",))
def east_only(r: Region, inv: Inventory) -> Verdict:
    return passed("east") if "east" in r.id else failed(f"{r.id} is not east")


@rule(id="test_region_uses_detectors", title="t", resource_type=Region, layer=Layer.CLOUD,
      domain=Domain.THREAT_DETECTION, severity=Severity.HIGH, stage=Stage.RECON, uses=("AWS::GuardDuty::Detector",))
def uses_detectors(r: Region, inv: Inventory) -> Verdict:
    return passed("fine")


@rule(id="test_region_crashes", title="t", resource_type=Region, layer=Layer.CLOUD, domain=Domain.GOVERNANCE,
      severity=Severity.LOW, stage=Stage.RECON)
def crashes(r: Region, inv: Inventory) -> Verdict:
    raise KeyError("boom")


def test_pass_fail_and_unknown_field_is_error() -> None:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1", "eu-west-1", "us-west-2"])
    inv.add([region("us-east-1"), region("eu-west-1"), region("us-west-2", opt_in_status="AccessDenied")])
    by_region = {f.region: f for f in evaluate(inv, [east_only])}
    assert by_region["us-east-1"].status is Status.PASS
    assert by_region["eu-west-1"].status is Status.FAIL
    assert by_region["eu-west-1"].reason == "eu-west-1 is not east"
    assert by_region["us-west-2"].status is Status.ERROR
    assert "AccessDenied" in by_region["us-west-2"].reason


def test_listing_gap_of_used_type_is_error_not_pass() -> None:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1", "eu-west-1"])
    inv.add([region("us-east-1"), region("eu-west-1")])
    inv.add_gaps([Gap(service="guardduty", region="eu-west-1", api="ListDetectors", error="AccessDeniedException",
                      resource_types=("AWS::GuardDuty::Detector",))])
    by_region = {f.region: f for f in evaluate(inv, [uses_detectors])}
    assert by_region["us-east-1"].status is Status.PASS
    assert by_region["eu-west-1"].status is Status.ERROR
    assert "ListDetectors" in by_region["eu-west-1"].reason


def test_listing_gap_of_own_type_yields_one_error_per_region() -> None:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inv.add_gaps([Gap(service="account", region="us-east-1", api="DescribeRegions", error="Throttling",
                      resource_types=("AWS::Region",))])
    findings = evaluate(inv, [east_only])
    assert [(f.status, f.region) for f in findings] == [(Status.ERROR, "us-east-1")]
    assert "could not list" in findings[0].reason


def test_rule_bug_is_error_and_other_rules_still_run() -> None:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inv.add([region("us-east-1")])
    findings = evaluate(inv, [crashes, east_only])
    assert [f.status for f in findings] == [Status.ERROR, Status.PASS]
    assert "KeyError" in findings[0].reason


def test_runtime_only_rules_not_applicable_for_code() -> None:
    from dataclasses import replace

    runtime_rule = replace(east_only, runtime_only=True)
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"], source="terraform")
    inv.add([region("us-east-1")])
    (finding,) = evaluate(inv, [runtime_rule], runtime=False)
    assert finding.status is Status.NOT_APPLICABLE
