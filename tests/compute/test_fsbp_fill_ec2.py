"""FSBP EC2.16, EC2.17 and EC2.24 on compute records built directly."""

from __future__ import annotations

import os

import boto3
import pytest
from moto import mock_aws

from ssrm.engine import judge
from ssrm.model import Resource, Status
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.network import ElasticIp
from ssrm.rules.base import Verdict
from ssrm.rules.catalog import rules_in
from ssrm.rules.compute import MODULES
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan, select_collectors
from ssrm.sources.aws.session import ConnectOptions

from .builders import acl, instance, inventory

RULES = {r.id: r for r in rules_in(MODULES)}


def verdict(rule_id: str, resource: Resource) -> Verdict:
    return judge(RULES[rule_id], resource, inventory(resource))


def test_network_acl_unused() -> None:
    assert verdict("ec2_network_acl_unused", acl()).status is Status.PASS
    failing = verdict("ec2_network_acl_unused", acl(ident="acl-9", subnets=()))
    assert failing.status is Status.FAIL and "acl-9" in failing.reason


def test_instance_multiple_enis() -> None:
    assert verdict("ec2_instance_multiple_enis", instance(network_interface_ids=("eni-1",))).status is Status.PASS
    failing = verdict("ec2_instance_multiple_enis", instance(network_interface_ids=("eni-1", "eni-2")))
    assert failing.status is Status.FAIL and "eni-2" in failing.reason
    assert verdict("ec2_instance_multiple_enis", instance()).status is Status.NOT_APPLICABLE


def test_instance_paravirtual() -> None:
    assert verdict("ec2_instance_paravirtual", instance(virtualization_type="hvm")).status is Status.PASS
    failing = verdict("ec2_instance_paravirtual", instance(virtualization_type="paravirtual", instance_type="m1.small"))
    assert failing.status is Status.FAIL and "paravirtual" in failing.reason
    assert verdict("ec2_instance_paravirtual", instance()).status is Status.NOT_APPLICABLE
    unread = instance(virtualization_type="hvm", unknown={"virtualization_type": "denied"})
    assert verdict("ec2_instance_paravirtual", unread).status is Status.ERROR


def test_elastic_ip_unused() -> None:
    def address(**fields: object) -> ElasticIp:
        return ElasticIp(arn="arn:aws:ec2:us-east-1:123456789012:elastic-ip/eipalloc-1", id="eipalloc-1",
                         region="us-east-1", public_ip="54.0.0.9", **fields)

    attached = address(association_id="eipassoc-1", instance_id="i-1")
    assert verdict("ec2_elastic_ip_unused", attached).status is Status.PASS
    failing = verdict("ec2_elastic_ip_unused", address())
    assert failing.status is Status.FAIL and "54.0.0.9" in failing.reason


def test_collectors_read_virtualization_type_and_elastic_ips(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": os.devnull,
                       "AWS_SHARED_CREDENTIALS_FILE": os.devnull}.items():
        monkeypatch.setenv(key, value)
    with mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        launched = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1)
        used = ec2.allocate_address(Domain="vpc")["AllocationId"]
        ec2.associate_address(AllocationId=used, InstanceId=launched["Instances"][0]["InstanceId"])
        spare = ec2.allocate_address(Domain="vpc")["AllocationId"]
        collected = scan(ConnectOptions(region="us-east-1"), select_collectors(ALL_COLLECTORS, ["ec2", "vpc"]),
                         regions=["us-east-1"], workers=2)
    instances = collected.of_type(Instance)
    assert instances and all(i.virtualization_type in {"hvm", "paravirtual"} for i in instances)
    addresses = {a.id: a for a in collected.of_type(ElasticIp)}
    assert addresses[used].associated and not addresses[spare].associated
    assert judge(RULES["ec2_elastic_ip_unused"], addresses[spare], collected).status is Status.FAIL
