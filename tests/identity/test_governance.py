"""Security contact (FSBP Account.1, CIS 2.3) and Macie (FSBP Macie.1), collected from moto."""

from __future__ import annotations

import os
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.account import Account, Region
from ssrm.model.resources.identity.governance import MacieStatus, SecurityContact
from ssrm.rules.catalog import find_rule
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan
from ssrm.sources.aws.session import ConnectOptions

REGIONS = ["us-east-1", "eu-west-1"]
ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGIONS[0],
       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}


def scanned(contact: bool) -> Inventory:
    with pytest.MonkeyPatch.context() as mp, mock_aws():
        for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
            mp.delenv(key, raising=False)
        for key, value in ENV.items():
            mp.setenv(key, value)
        if contact:
            boto3.client("account", region_name=REGIONS[0]).put_alternate_contact(
                AlternateContactType="SECURITY", Name="Sec", Title="Security", EmailAddress="sec@example.com",
                PhoneNumber="+15550100")
            boto3.client("macie2", region_name=REGIONS[0]).enable_macie()
        collectors = [c for c in ALL_COLLECTORS if c.name in ("account", "macie2")]
        return scan(ConnectOptions(region=REGIONS[0]), collectors, regions=REGIONS, workers=4)


@pytest.fixture(scope="module")
def configured() -> Iterator[Inventory]:
    yield scanned(contact=True)


def verdicts(inventory: Inventory, rule_id: str) -> dict[str, Status]:
    rule = find_rule(rule_id)
    assert rule is not None
    return {f.resource_id: f.status for f in evaluate(inventory, [rule])}


def test_records(configured: Inventory) -> None:
    contact = configured.of_type(SecurityContact)[0]
    assert contact.exists and contact.email == "sec@example.com"
    # (the emulator keeps one Macie session for every region: docs/emulator-notes-identity.md)
    assert {m.region: m.status for m in configured.of_type(MacieStatus)}["us-east-1"] == "ENABLED"
    # the emulator lacks GetAutomatedDiscoveryConfiguration: that is the only gap, and its rule says ERROR
    assert {g.api for g in configured.gaps} <= {"GetAutomatedDiscoveryConfiguration"}
    assert verdicts(configured, "macie_automated_discovery")["us-east-1"] is Status.ERROR


def test_contact_and_macie_verdicts(configured: Inventory) -> None:
    assert set(verdicts(configured, "account_security_contact").values()) == {Status.PASS}
    assert verdicts(configured, "macie_enabled")["us-east-1"] is Status.PASS


def test_account_without_contact_fails() -> None:
    inventory = scanned(contact=False)
    assert not inventory.of_type(SecurityContact)[0].exists
    assert set(verdicts(inventory, "account_security_contact").values()) == {Status.FAIL}
    # Macie "not enabled" is an answer, not a gap (the emulator lacks only GetAutomatedDiscoveryConfiguration)
    assert {g.api for g in inventory.gaps} <= {"GetAutomatedDiscoveryConfiguration"}


def test_macie_per_region_and_unknown() -> None:
    def status(region: str, value: str, **unknown: str) -> MacieStatus:
        return MacieStatus(arn=f"arn:aws:macie2:{region}:1:session", id=f"m-{region}", account="1", region=region,
                           status=value, unknown=unknown)

    inventory = Inventory(account="1", regions=REGIONS, services=["macie2"])
    inventory.add([*(Region(arn=f"arn:aws:::1:region/{r}", id=r, account="1", region=r) for r in REGIONS),
                   status("us-east-1", "PAUSED"), status("eu-west-1", "", status="AccessDeniedException: no")])
    assert verdicts(inventory, "macie_enabled") == {"us-east-1": Status.FAIL, "eu-west-1": Status.ERROR}


def test_unreadable_contact_is_an_error() -> None:
    inventory = Inventory(account="1", regions=REGIONS, services=["account"])
    inventory.add([Account(arn="arn:aws:::1:account", id="1", account="1"),
                   SecurityContact(arn="arn:aws:account::1:alternate-contact/security", id="c", account="1",
                                   unknown={"exists": "AccessDenied: nope"})])
    assert set(verdicts(inventory, "account_security_contact").values()) == {Status.ERROR}


def test_region_records_exist_for_macie_rule(configured: Inventory) -> None:
    assert {r.id for r in configured.of_type(Region)} >= set(REGIONS)


def test_macie_automated_discovery_per_region() -> None:
    def status(region: str, value: str, discovery: str = "", **unknown: str) -> MacieStatus:
        return MacieStatus(arn=f"arn:aws:macie2:{region}:1:session", id=f"m-{region}", account="1", region=region,
                           status=value, automated_discovery=discovery, unknown=unknown)

    regions = [*REGIONS, "eu-central-1", "ap-south-1"]
    inventory = Inventory(account="1", regions=regions, services=["macie2"])
    inventory.add([*(Region(arn=f"arn:aws:::1:region/{r}", id=r, account="1", region=r) for r in regions),
                   status("us-east-1", "ENABLED", "ENABLED"), status("eu-west-1", "ENABLED", "DISABLED"),
                   status("eu-central-1", "ENABLED", automated_discovery="AccessDeniedException: no"),
                   status("ap-south-1", "")])
    assert verdicts(inventory, "macie_automated_discovery") == {
        "us-east-1": Status.PASS, "eu-west-1": Status.FAIL, "eu-central-1": Status.ERROR, "ap-south-1": Status.FAIL}


def test_macie_automated_discovery_read_from_the_api(answer) -> None:  # type: ignore[no-untyped-def]
    """The emulator lacks GetAutomatedDiscoveryConfiguration: an AWS-shaped answer stands in for it."""
    with answer({"GetAutomatedDiscoveryConfiguration": {"status": "ENABLED"}}):
        inventory = scanned(contact=True)
    assert not inventory.gaps
    assert verdicts(inventory, "macie_automated_discovery")["us-east-1"] is Status.PASS
