"""``ssrm watch --trail`` re-reads just the resource an event names: the calls made are that resource's reads,
the fresh record replaces the old one, and an event ssrm cannot read one by one re-collects the service."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ssrm.demo.data import CUSTOMER_DATA
from ssrm.demo.world import DemoWorld
from ssrm.model import Inventory
from ssrm.sources.aws.session import ConnectOptions
from ssrm.watch.refresh import recollect, split
from ssrm.watch.trail import changes_in


def event(source: str, name: str, params: dict[str, Any], region: str = "us-east-1") -> dict[str, Any]:
    return {"eventSource": f"{source}.amazonaws.com", "eventName": name, "eventType": "AwsApiCall", "readOnly": False,
            "awsRegion": region, "requestParameters": params}


@pytest.fixture(scope="module")
def options(own_world: DemoWorld) -> ConnectOptions:
    return ConnectOptions(region="us-east-1", endpoint_url=own_world.endpoint, max_attempts=2)


def refreshed(options: ConnectOptions, *records: dict[str, Any]) -> Inventory:
    return recollect(options, Inventory(account="123456789012", regions=["us-east-1"]), changes_in(records))


def calls(inventory: Inventory) -> dict[str, int]:
    return {api: n for api, n in inventory.stats.calls_by_api.items() if not api.startswith("sts:")}


def test_an_opened_port_re_reads_only_that_group(own_world: DemoWorld, options: ConnectOptions) -> None:
    sg = own_world.refs["worker_sg_id"]
    own_world.client("ec2").authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    inventory = refreshed(options, event("ec2", "AuthorizeSecurityGroupIngress", {"groupId": sg}))
    assert calls(inventory) == {"ec2:DescribeSecurityGroups": 1}
    [group] = inventory.resources
    assert group.id == sg and any(r.from_port == 3389 and "0.0.0.0/0" in r.ipv4_ranges for r in group.ingress)


def test_metadata_options_re_read_only_that_instance(own_world: DemoWorld, options: ConnectOptions) -> None:
    instance = own_world.refs["web_instance_id"]
    own_world.client("ec2").modify_instance_metadata_options(InstanceId=instance, HttpTokens="required")
    inventory = refreshed(options, event("ec2", "ModifyInstanceMetadataOptions", {"instanceId": instance}))
    assert calls(inventory) == {"ec2:DescribeInstances": 1, "ec2:DescribeInstanceAttribute": 1}
    [record] = inventory.resources
    assert record.id == instance and record.metadata.http_tokens == "required"


def test_a_bucket_policy_re_reads_only_that_bucket(own_world: DemoWorld, options: ConnectOptions) -> None:
    policy = {"Version": "2012-10-17", "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
                                                     "Action": "s3:GetObject",
                                                     "Resource": f"arn:aws:s3:::{CUSTOMER_DATA}/*"}]}
    own_world.client("s3").put_bucket_policy(Bucket=CUSTOMER_DATA, Policy=json.dumps(policy))
    inventory = refreshed(options, event("s3", "PutBucketPolicy", {"bucketName": CUSTOMER_DATA}))
    made = calls(inventory)
    reads = {"GetBucketLocation", "GetBucketPolicy", "GetBucketOwnershipControls", "GetPublicAccessBlock",
             "GetBucketEncryption", "GetBucketVersioning", "GetBucketLogging", "GetBucketLifecycleConfiguration"}
    assert set(made) - {"s3:GetBucketAcl"} == {f"s3:{r}" for r in reads} | {"resourcegroupstaggingapi:GetResources"}
    assert all(n == 1 for n in made.values()), made  # no ListBuckets, no other bucket
    [bucket] = inventory.resources
    assert bucket.id == CUSTOMER_DATA and bucket.policy["Statement"][0]["Sid"] == "PublicRead"


def test_an_attached_policy_re_reads_the_role_and_the_policy(own_world: DemoWorld, options: ConnectOptions) -> None:
    role = own_world.refs["ci_build_role_arn"].rsplit("/", 1)[-1]
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
    own_world.client("iam").attach_role_policy(RoleName=role, PolicyArn=admin)
    inventory = refreshed(options, event("iam", "AttachRolePolicy", {"roleName": role, "policyArn": admin}))
    assert set(calls(inventory)) <= {"iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy",
                                     "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
                                     "iam:GetPolicy", "iam:GetPolicyVersion"}
    by_type = {r.resource_type: r for r in inventory.resources}
    assert admin in by_type["AWS::IAM::Role"].attached_policy_arns
    assert by_type["AWS::IAM::ManagedPolicy"].id == admin


def test_what_cannot_be_read_alone_falls_back_to_the_service() -> None:
    changes = changes_in([event("iam", "AddUserToGroup", {"userName": "bob", "groupName": "admins"}),
                          event("iam", "CreateAccessKey", {"userName": "bob"}),
                          event("s3", "PutObject", {"bucketName": "b", "key": "k"}),
                          event("ec2", "AuthorizeSecurityGroupIngress", {"groupId": "sg-1"})])
    targets, whole = split([c for c in changes if c.targets != ()])
    assert [t.ref for t in targets] == ["sg-1"]
    assert [c.event_name for c in whole] == ["AddUserToGroup", "CreateAccessKey"]
