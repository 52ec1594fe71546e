"""End to end through the fault-injecting proxy: no verdict lost to throttling, resets or server errors;
an API or a region that stays down is a gap within its deadline and everything else is still judged."""

from __future__ import annotations

import time
from typing import Any

import pytest

from ssrm.demo.proxy import ProxyProcess
from ssrm.demo.world import DemoWorld
from ssrm.engine import evaluate
from ssrm.model import Inventory
from ssrm.rules.catalog import builtin_rules
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan, select_collectors
from ssrm.sources.aws.session import ConnectOptions

SERVICES = ["s3", "iam", "ec2"]
NO_FAULTS = {"throttle": 0.0, "server_error": 0.0, "reset": 0.0, "down": [], "hang_regions": []}


def scan_through(proxy: ProxyProcess, regions: list[str], services: list[str] = SERVICES,
                 **options: Any) -> Inventory:
    collectors = select_collectors(ALL_COLLECTORS, services)
    return scan(ConnectOptions(region="us-east-1", endpoint_url=proxy.url, **options), collectors,
                regions=regions or None, workers=8)


def verdicts(inventory: Inventory) -> dict[tuple[str, str], str]:
    return {(f.rule_id, f.resource_arn): f.status.value for f in evaluate(inventory, builtin_rules())}


@pytest.fixture(scope="module")
def clean(world: DemoWorld, proxy: ProxyProcess) -> dict[tuple[str, str], str]:
    """The verdicts of a fault-free scan; it also records every reply the later scans replay."""
    proxy.configure(**NO_FAULTS, replay=False, record=True)
    inventory = scan_through(proxy, ["us-east-1", "eu-west-1"])
    assert not inventory.gaps, inventory.gaps
    proxy.configure(replay=True, record=False)
    return verdicts(inventory)


def test_throttling_server_errors_and_resets_change_no_verdict(proxy: ProxyProcess,
                                                                clean: dict[tuple[str, str], str]) -> None:
    # Twice the rates (10% throttling, 3% server errors, 1% resets): this account makes few calls.
    proxy.configure(**{**NO_FAULTS, "throttle": 0.20, "server_error": 0.06, "reset": 0.03, "seed": 7})
    proxy.reset_stats()
    inventory = scan_through(proxy, ["us-east-1", "eu-west-1"])
    faults = proxy.stats()["faults"]
    assert faults.get("throttle", 0) > 10 and faults.get("error", 0) > 2 and faults.get("reset", 0) > 0, faults
    assert not inventory.gaps, inventory.gaps
    changed = {k: (v, clean.get(k)) for k, v in verdicts(inventory).items() if clean.get(k) != v}
    assert changed == {}
    assert len(verdicts(inventory)) == len(clean)


def test_an_api_that_stays_down_is_a_gap_within_its_deadline(proxy: ProxyProcess,
                                                             clean: dict[tuple[str, str], str]) -> None:
    proxy.configure(**{**NO_FAULTS, "down": ["s3:GET logging"]})
    started = time.monotonic()
    inventory = scan_through(proxy, ["us-east-1", "eu-west-1"], call_deadline=3.0)
    took = time.monotonic() - started
    assert took < 30, took
    assert {g.api for g in inventory.gaps} == {"GetBucketLogging"}
    bucket = next(r for r in inventory.of_type("AWS::S3::Bucket"))
    assert "logging" in bucket.unknown
    now = verdicts(inventory)
    moved = {k for k, v in now.items() if clean.get(k) != v}
    assert moved, "a rule reading bucket logging must have lost its verdict"
    assert all(now[k] == "ERROR" for k in moved)
    assert all(k[0].startswith("s3") or "bucket" in k[1] or ":s3:" in k[1] for k in moved)


def test_a_region_that_never_answers_costs_one_deadline(proxy: ProxyProcess,
                                                         clean: dict[tuple[str, str], str]) -> None:
    proxy.configure(**{**NO_FAULTS, "hang_regions": ["eu-west-1"]})
    started = time.monotonic()
    inventory = scan_through(proxy, ["us-east-1", "eu-west-1"], call_deadline=4.0)
    took = time.monotonic() - started
    assert took < 45, took
    assert inventory.gaps and all(g.region in ("eu-west-1", "global") for g in inventory.gaps)
    assert any("region eu-west-1" in g.message for g in inventory.gaps)
    now = verdicts(inventory)
    east = {k: v for k, v in clean.items() if ":us-east-1:" in k[1] or ":iam::" in k[1]}
    assert east and all(now.get(k) == v for k, v in east.items())


def test_failed_region_discovery_is_a_gap_not_a_silent_one_region_scan(proxy: ProxyProcess,
                                                                       clean: dict[tuple[str, str], str]) -> None:
    proxy.configure(**{**NO_FAULTS, "down": ["ec2:DescribeRegions"]})
    inventory = scan_through(proxy, [], services=["iam"])
    gap = next(g for g in inventory.gaps if g.api == "DescribeRegions")
    assert "only us-east-1 was scanned" in gap.message and "--regions" in gap.message
    assert inventory.regions == ["us-east-1"]
