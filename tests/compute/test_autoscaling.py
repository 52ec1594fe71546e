"""Auto Scaling groups, launch configurations and launch templates: collected from moto, judged by FSBP
AutoScaling.1-6, 9 and EC2.25."""

from __future__ import annotations

import os
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.compute.autoscaling import AutoScalingGroup, LaunchConfiguration, LaunchTemplate
from ssrm.rules.catalog import rules_in
from ssrm.rules.compute import autoscaling as autoscaling_rules
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan
from ssrm.sources.aws.session import ConnectOptions

REGION = "us-east-1"
ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGION,
       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}


@pytest.fixture(scope="module")
def inventory() -> Iterator[Inventory]:
    with pytest.MonkeyPatch.context() as mp, mock_aws():
        for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
            mp.delenv(key, raising=False)
        for key, value in ENV.items():
            mp.setenv(key, value)
        ec2 = boto3.client("ec2", region_name=REGION)
        image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.1.{i}.0/24", AvailabilityZone=f"{REGION}{z}")
                   ["Subnet"]["SubnetId"] for i, z in enumerate("ab")]
        template = ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={
            "ImageId": image, "InstanceType": "t3.micro", "MetadataOptions": {"HttpTokens": "required"},
            "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": True}]})["LaunchTemplate"]
        ec2.create_launch_template(LaunchTemplateName="private", LaunchTemplateData={
            "ImageId": image, "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": False}]})
        autoscaling = boto3.client("autoscaling", region_name=REGION)
        autoscaling.create_launch_configuration(LaunchConfigurationName="old", ImageId=image,
                                                InstanceType="t3.micro", AssociatePublicIpAddress=True)
        autoscaling.create_launch_configuration(
            LaunchConfigurationName="hardened", ImageId=image, InstanceType="t3.micro",
            MetadataOptions={"HttpTokens": "required", "HttpPutResponseHopLimit": 1, "HttpEndpoint": "enabled"})
        autoscaling.create_auto_scaling_group(AutoScalingGroupName="legacy", LaunchConfigurationName="old",
                                              MinSize=0, MaxSize=1, VPCZoneIdentifier=subnets[0])
        autoscaling.create_auto_scaling_group(
            AutoScalingGroupName="modern", MinSize=0, MaxSize=2, VPCZoneIdentifier=",".join(subnets),
            MixedInstancesPolicy={"LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateId": template["LaunchTemplateId"]},
                "Overrides": [{"InstanceType": "t3.micro"}, {"InstanceType": "t3a.micro"}]}})
        collectors = [c for c in ALL_COLLECTORS if c.name == "autoscaling"]
        yield scan(ConnectOptions(region=REGION), collectors, regions=[REGION], workers=4)


def test_records(inventory: Inventory) -> None:
    groups = {g.name: g for g in inventory.of_type(AutoScalingGroup)}
    assert groups["legacy"].launch_configuration == "old" and groups["legacy"].launch_template is None
    assert groups["modern"].launch_template and set(groups["modern"].instance_types) == {"t3.micro", "t3a.micro"}
    configs = {c.name: c for c in inventory.of_type(LaunchConfiguration)}
    assert (configs["old"].http_tokens, configs["old"].associate_public_ip) == ("optional", True)
    assert configs["hardened"].http_tokens == "required"
    templates = {t.name: t for t in inventory.of_type(LaunchTemplate)}
    assert (templates["web"].associate_public_ip, templates["private"].associate_public_ip) == (True, False)
    assert not inventory.gaps


@pytest.mark.parametrize(("rule_id", "good", "bad"), [
    ("autoscaling_group_multi_az", "modern", "legacy"),
    ("autoscaling_group_multiple_instance_types", "modern", "legacy"),
    ("autoscaling_group_launch_template", "modern", "legacy"),
    ("autoscaling_launch_config_imdsv2", "hardened", "old"),
    ("autoscaling_launch_config_no_public_ip", "hardened", "old"),
    ("ec2_launch_template_no_public_ip", "private", "web"),
])
def test_verdicts(inventory: Inventory, rule_id: str, good: str, bad: str) -> None:
    rule = next(r for r in rules_in([autoscaling_rules]) if r.id == rule_id)
    statuses = {f.resource_name: f.status for f in evaluate(inventory, [rule])}
    assert (statuses[good], statuses[bad]) == (Status.PASS, Status.FAIL)


def test_health_check_needs_a_load_balancer() -> None:
    rule = next(r for r in rules_in([autoscaling_rules]) if r.id == "autoscaling_group_elb_health_check")
    base = AutoScalingGroup(arn="arn:aws:autoscaling:us-east-1:1:autoScalingGroup:x", id="g", name="g")
    inventory = Inventory(account="1", regions=[REGION])
    inventory.add([base, base.model_copy(update={"id": "t", "arn": base.arn + "t", "target_group_arns": ("tg",)}),
                   base.model_copy(update={"id": "e", "arn": base.arn + "e", "target_group_arns": ("tg",),
                                           "health_check_type": "ELB"})])
    statuses = {f.resource_id: f.status for f in evaluate(inventory, [rule])}
    assert statuses == {"g": Status.NOT_APPLICABLE, "t": Status.FAIL, "e": Status.PASS}
