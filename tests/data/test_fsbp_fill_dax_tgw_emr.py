"""DAX (FSBP DynamoDB.3/7), transit gateways (EC2.23) and EMR (EMR.1/2): collected from moto and judged."""

from __future__ import annotations

import os
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.compute.transit import TransitGateway
from ssrm.model.resources.data.dax import DaxCluster
from ssrm.model.resources.devtools.emr import EmrBlockPublicAccess, EmrCluster
from ssrm.rules.catalog import find_rule
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan
from ssrm.sources.aws.session import ConnectOptions

REGION = "us-east-1"
ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGION,
       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
ROLE = "arn:aws:iam::123456789012:role/dax"


@pytest.fixture(scope="module")
def inventory() -> Iterator[Inventory]:
    with pytest.MonkeyPatch.context() as mp, mock_aws():
        for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
            mp.delenv(key, raising=False)
        for key, value in ENV.items():
            mp.setenv(key, value)
        dax = boto3.client("dax", region_name=REGION)
        dax.create_cluster(ClusterName="sealed", NodeType="dax.t3.small", ReplicationFactor=1, IamRoleArn=ROLE,
                           SSESpecification={"Enabled": True}, ClusterEndpointEncryptionType="TLS")
        dax.create_cluster(ClusterName="open", NodeType="dax.t3.small", ReplicationFactor=1, IamRoleArn=ROLE)
        ec2 = boto3.client("ec2", region_name=REGION)
        ec2.create_transit_gateway(Description="hub", Options={"AutoAcceptSharedAttachments": "enable"})
        ec2.create_transit_gateway(Description="reviewed", Options={"AutoAcceptSharedAttachments": "disable"})
        emr = boto3.client("emr", region_name=REGION)
        instances = {"InstanceCount": 1, "MasterInstanceType": "m5.xlarge", "KeepJobFlowAliveWhenNoSteps": True}
        emr.run_job_flow(Name="analytics", ReleaseLabel="emr-7.0.0", JobFlowRole="EMR_EC2_DefaultRole",
                         ServiceRole="EMR_DefaultRole", Instances=instances)
        emr.put_block_public_access_configuration(BlockPublicAccessConfiguration={
            "BlockPublicSecurityGroupRules": True,
            "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22},
                                                       {"MinRange": 8888, "MaxRange": 8888}]})
        collectors = [c for c in ALL_COLLECTORS if c.name in ("dax", "transitgateway", "emr")]
        yield scan(ConnectOptions(region=REGION), collectors, regions=[REGION], workers=4)


def verdicts(inventory: Inventory, rule_id: str) -> dict[str, Status]:
    rule = find_rule(rule_id)
    assert rule is not None
    return {f.resource_name or f.resource_id: f.status for f in evaluate(inventory, [rule])}


def test_records(inventory: Inventory) -> None:
    assert {c.name: (c.encrypted_at_rest, c.endpoint_encryption) for c in inventory.of_type(DaxCluster)} == {
        "sealed": (True, "TLS"), "open": (False, "NONE")}
    assert sorted(g.auto_accept_shared_attachments for g in inventory.of_type(TransitGateway)) == [False, True]
    assert [c.name for c in inventory.of_type(EmrCluster)] == ["analytics"]
    block = inventory.of_type(EmrBlockPublicAccess)[0]
    assert block.enabled and block.permitted_ports == ("22", "8888")
    assert not inventory.gaps


def test_dax_verdicts(inventory: Inventory) -> None:
    for rule_id in ("dynamodb_dax_encrypted_at_rest", "dynamodb_dax_tls_endpoint"):
        assert verdicts(inventory, rule_id) == {"sealed": Status.PASS, "open": Status.FAIL}


def test_transit_gateway_verdicts(inventory: Inventory) -> None:
    found = sorted(verdicts(inventory, "ec2_transit_gateway_no_auto_accept").values())
    assert found == sorted([Status.PASS, Status.FAIL])


def test_emr_block_public_access_with_extra_port_fails(inventory: Inventory) -> None:
    assert set(verdicts(inventory, "emr_block_public_access_enabled").values()) == {Status.FAIL}


def test_emr_primary_node_public_address() -> None:
    rule = find_rule("emr_cluster_primary_no_public_ip")
    assert rule is not None
    base = EmrCluster(arn="arn:aws:elasticmapreduce:us-east-1:1:cluster/j-1", id="j-1", name="c")
    inventory = Inventory(account="1", regions=[REGION])
    inventory.add([base, base.model_copy(update={"id": "j-2", "arn": base.arn + "2",
                                                 "master_public_dns": "ec2-54-1-2-3.compute-1.amazonaws.com"})])
    assert {f.resource_id: f.status for f in evaluate(inventory, [rule])} == {"j-1": Status.PASS,
                                                                              "j-2": Status.FAIL}
