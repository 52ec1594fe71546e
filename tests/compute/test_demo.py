"""The compute demo planting against moto's HTTP server, then a real scan of it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from ssrm.demo import compute
from ssrm.demo.server import emulator
from ssrm.demo.world import DemoWorld
from ssrm.engine import evaluate
from ssrm.model import Finding, Inventory, Status
from ssrm.model.resources.compute.ec2 import Image, Instance
from ssrm.model.resources.compute.network import SecurityGroup
from ssrm.rules.catalog import rules_in
from ssrm.rules.compute import MODULES
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan, select_collectors
from ssrm.sources.aws.session import ConnectOptions

TRUST_EC2 = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def stub_earlier_groups(world: DemoWorld) -> None:
    """What the data and identity groups would have planted and shared by ref."""
    iam = world.client("iam")
    for name in ("web", "worker"):
        iam.create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument=TRUST_EC2)
        profile = iam.create_instance_profile(InstanceProfileName=f"{name}-profile")["InstanceProfile"]
        iam.add_role_to_instance_profile(InstanceProfileName=f"{name}-profile", RoleName=f"{name}-role")
        world.refs[f"{name}_instance_profile_arn"] = profile["Arn"]
    world.client("s3").create_bucket(Bucket="acme-shop-logs")
    world.refs["bucket_logs"] = "acme-shop-logs"
    world.refs["kms_orders_key_arn"] = world.client("kms").create_key()["KeyMetadata"]["Arn"]


@pytest.fixture(scope="module")
def planted() -> Iterator[tuple[DemoWorld, Inventory, list[Finding]]]:
    # Managed IAM policies are not needed here and take seconds to load.
    with pytest.MonkeyPatch.context() as mp, emulator({"MOTO_IAM_LOAD_MANAGED_POLICIES": "false"}) as endpoint:
        for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            mp.delenv(key, raising=False)
        world = DemoWorld(endpoint=endpoint)
        stub_earlier_groups(world)
        compute.plant(world)
        collectors = select_collectors(ALL_COLLECTORS, ["ec2", "ebs", "vpc"])
        inventory = scan(ConnectOptions(region="us-east-1", endpoint_url=endpoint), collectors,
                         regions=["us-east-1", "eu-west-1"], workers=8)
        yield world, inventory, evaluate(inventory, rules_in(MODULES))


def status_of(findings: list[Finding], rule_id: str, inventory: Inventory, name: str) -> Status:
    arns = {r.arn for r in inventory.resources if r.name == name or r.id == name}
    found = [f for f in findings if f.rule_id == rule_id and f.resource_arn in arns]
    assert len(found) == 1, f"{rule_id} on {name}: {found}"
    return found[0].status


def test_plant_shares_the_agreed_refs(planted: tuple[DemoWorld, Inventory, list[Finding]]) -> None:
    world, _, _ = planted
    for key in ("vpc_id", "public_subnet_id", "private_subnet_id", "web_sg_id", "worker_sg_id", "db_sg_id",
                "web_instance_id", "worker_instance_id"):
        assert world.refs[key], key
    assert len(world.refs["public_subnet_ids"]) == 2


EXPECTED = [
    ("ec2_security_group_open_ssh", "web-sg", Status.FAIL),
    ("ec2_security_group_open_ssh", "worker-sg", Status.PASS),
    ("ec2_security_group_open_database_ports", "db-sg", Status.FAIL),
    ("ec2_security_group_open_database_ports", "web-sg", Status.PASS),
    ("ec2_security_group_open_all_traffic", "web-sg", Status.PASS),
    ("ec2_network_acl_open_admin_ports", "acme-public-acl", Status.FAIL),
    ("ec2_vpc_flow_logs_disabled", "acme-vpc", Status.FAIL),
    ("ec2_vpc_flow_logs_disabled", "ops-vpc", Status.PASS),
    ("ec2_subnet_auto_public_ip", "acme-public-a", Status.FAIL),
    ("ec2_subnet_auto_public_ip", "acme-private-a", Status.PASS),
    ("ec2_instance_imdsv1_allowed", "web-1", Status.FAIL),
    ("ec2_instance_imdsv1_allowed", "worker-1", Status.PASS),
    ("ec2_instance_public_admin_ports", "web-1", Status.FAIL),
    ("ec2_instance_public_admin_ports", "worker-1", Status.PASS),
    ("ec2_instance_user_data_secrets", "worker-1", Status.FAIL),
    ("ec2_instance_user_data_secrets", "web-1", Status.PASS),
    ("ec2_instance_no_instance_profile", "web-1", Status.PASS),
    ("ec2_ebs_volume_unencrypted", "web-1-scratch", Status.FAIL),
    ("ec2_ebs_volume_unencrypted", "worker-1-orders-data", Status.PASS),
    ("ec2_ebs_encryption_by_default_off", "us-east-1", Status.FAIL),
    ("ec2_ebs_encryption_by_default_off", "eu-west-1", Status.PASS),
    ("ec2_snapshot_public", "web-1-scratch-snap", Status.FAIL),
    ("ec2_snapshot_public", "orders-data-dr", Status.PASS),
    ("ec2_snapshot_shared_with_accounts", "orders-data-dr", Status.FAIL),
    ("ec2_snapshot_unencrypted", "web-1-scratch-snap", Status.FAIL),
    ("ec2_ami_public", "acme-web-golden", Status.FAIL),
]


@pytest.mark.parametrize(("rule_id", "name", "expected"), EXPECTED)
def test_scan_of_planted_demo(planted: tuple[DemoWorld, Inventory, list[Finding]], rule_id: str, name: str,
                              expected: Status) -> None:
    _, inventory, findings = planted
    assert status_of(findings, rule_id, inventory, name) is expected


def test_default_group_of_acme_vpc_fails(planted: tuple[DemoWorld, Inventory, list[Finding]]) -> None:
    world, inventory, findings = planted
    default = inventory.get(SecurityGroup, world.refs["default_sg_id"])
    assert default is not None and default.is_default
    assert status_of(findings, "ec2_default_security_group_has_rules", inventory, default.id) is Status.FAIL


def test_scan_reads_groups_from_interfaces_and_keeps_secrets_redacted(
        planted: tuple[DemoWorld, Inventory, list[Finding]]) -> None:
    world, inventory, findings = planted
    worker = inventory.get(Instance, world.refs["worker_instance_id"])
    assert worker is not None and worker.security_group_ids == (world.refs["worker_sg_id"],)
    kinds = {s.kind for s in worker.user_data_secrets}
    assert {"AWS access key id", "AWS secret access key", "password or token"} <= kinds
    dumped = worker.model_dump_json() + json.dumps([f.reason for f in findings])
    assert "Acme-Orders-2024!" not in dumped and "AKIAACMEWORKER000042" not in dumped


def test_nothing_owned_by_aws_is_judged(planted: tuple[DemoWorld, Inventory, list[Finding]]) -> None:
    _, inventory, findings = planted
    images = inventory.of_type(Image)
    assert [i.name for i in images] == ["acme-web-golden"]
    assert not inventory.gaps
    assert all(f.status is not Status.ERROR for f in findings)
