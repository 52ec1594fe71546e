"""The compute collectors against moto in-process: shapes, call counts, and failures that become gaps."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any
from unittest.mock import patch

import boto3
import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError
from moto import mock_aws

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status, resource_from_dict, resource_to_dict
from ssrm.model.resources.compute.ebs import EbsEncryptionDefaults, Snapshot, Volume
from ssrm.model.resources.compute.ec2 import Image, Instance
from ssrm.model.resources.compute.network import (
    FlowLog,
    NatGateway,
    NetworkAcl,
    NetworkInterface,
    RouteTable,
    SecurityGroup,
    Subnet,
    Vpc,
    VpcEndpoint,
    VpcPeeringConnection,
)
from ssrm.rules.catalog import rules_in
from ssrm.rules.compute import MODULES
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.collectors.compute import COLLECTORS
from ssrm.sources.aws.runner import scan, select_collectors
from ssrm.sources.aws.session import ConnectOptions

ACCOUNT = "123456789012"
ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
USER_DATA = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAEXAMPLEKEY000001\nexport DB_PASSWORD=hunter2hunter2\n"

Scan = Callable[[], Inventory]


def build_account(ec2: Any) -> dict[str, str]:
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    peer = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=table, SubnetId=subnet["SubnetId"])
    pcx = ec2.create_vpc_peering_connection(VpcId=vpc, PeerVpcId=peer)["VpcPeeringConnection"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="10.8.0.0/16",
                     VpcPeeringConnectionId=pcx["VpcPeeringConnectionId"])
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.create_nat_gateway(SubnetId=subnet["SubnetId"], AllocationId=eip)
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.s3", RouteTableIds=[table])
    group = ec2.create_security_group(GroupName="ssh-open", Description="t", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
         "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="flow-bucket")
    ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType="REJECT",
                         LogDestinationType="s3", LogDestination="arn:aws:s3:::flow-bucket")
    image = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["amzn2-ami-hvm-*"]}])
    instance = ec2.run_instances(
        ImageId=image["Images"][0]["ImageId"], MinCount=1, MaxCount=1, UserData=USER_DATA,
        NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet["SubnetId"], "Groups": [group],
                            "AssociatePublicIpAddress": True}],
        MetadataOptions={"HttpTokens": "optional", "HttpPutResponseHopLimit": 2},
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "box"}]}],
    )["Instances"][0]["InstanceId"]
    plain = ec2.run_instances(ImageId=image["Images"][0]["ImageId"], MinCount=1, MaxCount=1,
                              SubnetId=subnet["SubnetId"])["Instances"][0]["InstanceId"]
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    ec2.attach_volume(VolumeId=volume, InstanceId=instance, Device="/dev/sdf")
    snapshot = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    ec2.modify_snapshot_attribute(SnapshotId=snapshot, Attribute="createVolumePermission",
                                  OperationType="add", UserIds=["999988887777"])
    ami = ec2.create_image(InstanceId=instance, Name="own-image")["ImageId"]
    ec2.modify_image_attribute(ImageId=ami, LaunchPermission={"Add": [{"UserId": "999988887777"}]})
    return {"vpc": vpc, "subnet": subnet["SubnetId"], "table": table, "group": group, "instance": instance,
            "plain": plain, "volume": volume, "snapshot": snapshot, "ami": ami, "pcx":
            pcx["VpcPeeringConnectionId"]}


@pytest.fixture(scope="module")
def account() -> Iterator[tuple[dict[str, str], Scan]]:
    with pytest.MonkeyPatch.context() as mp, mock_aws():
        for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            mp.delenv(key, raising=False)
        for key, value in ENV.items():
            mp.setenv(key, value)
        ids = build_account(boto3.client("ec2", region_name="us-east-1"))

        def run() -> Inventory:
            collectors = select_collectors(ALL_COLLECTORS, ["ec2", "ebs", "vpc"])
            return scan(ConnectOptions(region="us-east-1"), collectors, regions=["us-east-1"], workers=8)

        yield ids, run


@pytest.fixture(scope="module")
def inventory(account: tuple[dict[str, str], Scan]) -> Inventory:
    return account[1]()


def test_instance_record(account: tuple[dict[str, str], Scan], inventory: Inventory) -> None:
    ids = account[0]
    box = inventory.get(Instance, ids["instance"])
    assert box is not None and box.name == "box" and box.region == "us-east-1" and box.account == ACCOUNT
    assert box.security_group_ids == (ids["group"],)  # read from the interface
    assert box.public_ips and box.subnet_id == ids["subnet"] and box.vpc_id == ids["vpc"]
    assert box.metadata.imdsv1_allowed and box.metadata.hop_limit == 2
    assert box.has_user_data and {s.kind for s in box.user_data_secrets} == {"AWS access key id",
                                                                              "password or token"}
    assert "hunter2" not in box.model_dump_json()
    plain = inventory.get(Instance, ids["plain"])
    assert plain is not None and not plain.has_user_data and plain.user_data_secrets == ()


def test_network_records(account: tuple[dict[str, str], Scan], inventory: Inventory) -> None:
    ids = account[0]
    group = inventory.get(SecurityGroup, ids["group"])
    assert group is not None and group.ingress[0].world_ranges == ("0.0.0.0/0", "::/0")
    assert group.ingress[0].covers(22) and not group.ingress[0].covers(23)
    table = inventory.get(RouteTable, ids["table"])
    assert table is not None and table.subnet_ids == (ids["subnet"],) and not table.is_main
    kinds = {r.target_kind for r in table.routes}
    assert {"gateway", "peering"} <= kinds
    assert any(r.to_internet_gateway and r.is_default_route for r in table.routes)
    acl = next(a for a in inventory.of_type(NetworkAcl) if a.vpc_id == ids["vpc"])
    assert acl.is_default and ids["subnet"] in acl.subnet_ids and acl.ordered(egress=False)[0].allows
    vpc = inventory.get(Vpc, ids["vpc"])
    assert vpc is not None and vpc.cidr_blocks == ("10.9.0.0/16",) and not vpc.is_default
    assert any(v.is_default for v in inventory.of_type(Vpc))
    assert any(s.default_for_az and s.map_public_ip_on_launch for s in inventory.of_type(Subnet))
    assert [f.target_id for f in inventory.of_type(FlowLog)] == [ids["vpc"]]
    assert [e.vpc_id for e in inventory.of_type(VpcEndpoint)] == [ids["vpc"]]
    assert inventory.get(VpcPeeringConnection, ids["pcx"]) is not None
    assert [n.vpc_id for n in inventory.of_type(NatGateway)] == [ids["vpc"]]
    enis = [n for n in inventory.of_type(NetworkInterface) if n.attached_instance_id == ids["instance"]]
    assert enis and enis[0].security_group_ids == (ids["group"],) and enis[0].public_ips


def test_ebs_records_keep_only_own_snapshots_and_images(account: tuple[dict[str, str], Scan],
                                                        inventory: Inventory) -> None:
    ids = account[0]
    volume = inventory.get(Volume, ids["volume"])
    assert volume is not None and not volume.encrypted and volume.attached_instance_ids == (ids["instance"],)
    images = inventory.of_type(Image)
    assert [i.id for i in images] == [ids["ami"]]
    # ours and the one backing our image, not moto's ~1,300 Amazon ones
    snapshots = {s.id: s for s in inventory.of_type(Snapshot)}
    assert set(snapshots) == {ids["snapshot"], *images[0].snapshot_ids}
    shared = snapshots[ids["snapshot"]]
    assert shared.shared_with_accounts == ("999988887777",) and not shared.public
    assert images[0].shared_with_accounts == ("999988887777",) and not images[0].public
    assert images[0].arn == f"arn:aws:ec2:us-east-1::image/{ids['ami']}"
    defaults = inventory.of_type(EbsEncryptionDefaults)
    assert [(d.region, d.enabled) for d in defaults] == [("us-east-1", False)]
    assert not inventory.gaps


def test_every_record_survives_a_snapshot_round_trip(inventory: Inventory) -> None:
    planted = ("ec2", "ebs", "vpc")  # the collectors whose resources this account plants
    compute_types = {t for c in COLLECTORS if c.name in planted for t in c.resource_types}
    records = [r for r in inventory.resources if r.resource_type in compute_types]
    assert {r.resource_type for r in records} == compute_types
    for record in records:
        assert resource_from_dict(json.loads(json.dumps(resource_to_dict(record)))) == record


def test_calls_are_counted_and_covered_by_declared_actions(inventory: Inventory) -> None:
    declared = {a for c in COLLECTORS for a in c.actions}
    called = {api for api in inventory.stats.calls_by_api if api.startswith("ec2:")} - {"ec2:DescribeRegions"}
    assert called <= declared, called - declared
    calls = inventory.stats.calls_by_api
    # one detail call per instance / own snapshot / own image, one listing call for everything else
    assert calls["ec2:DescribeInstanceAttribute"] == len(inventory.of_type(Instance)) == 2
    assert calls["ec2:DescribeSnapshotAttribute"] == len(inventory.of_type(Snapshot)) == 2
    assert calls["ec2:DescribeImageAttribute"] == 1
    assert calls["ec2:DescribeSecurityGroups"] == 1


def test_amazon_images_and_snapshots_give_no_findings(inventory: Inventory) -> None:
    own = {r.arn for r in inventory.of_type(Snapshot) + inventory.of_type(Image)}  # type: ignore[operator]
    findings = evaluate(inventory, rules_in(MODULES))
    judged = {f.resource_arn for f in findings if f.resource_type in ("AWS::EC2::Snapshot", "AWS::EC2::Image")}
    assert judged == own


DENIED = {"DescribeSecurityGroups", "DescribeInstanceAttribute", "DescribeSnapshotAttribute",
          "DescribeImageAttribute", "GetEbsEncryptionByDefault"}


def test_access_denied_becomes_gaps_and_errors(account: tuple[dict[str, str], Scan]) -> None:
    ids, run = account
    original = BaseClient._make_api_call

    def deny(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        if operation in DENIED:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "denied by test"}}, operation)
        return original(client, operation, params)

    with patch.object(BaseClient, "_make_api_call", deny):
        inv = run()
    assert {g.api for g in inv.gaps} == DENIED
    assert not inv.of_type(SecurityGroup)
    box = inv.get(Instance, ids["instance"])
    assert box is not None and "user_data_secrets" in box.unknown and box.user_data_secrets == ()
    findings = evaluate(inv, rules_in(MODULES))

    def status(rule_id: str, resource_id: str) -> Status:
        return next(f.status for f in findings if f.rule_id == rule_id and f.resource_id == resource_id)

    assert status("ec2_security_group_open_ssh", "(all AWS::EC2::SecurityGroup in us-east-1)") is Status.ERROR
    assert status("ec2_instance_user_data_secrets", ids["instance"]) is Status.ERROR
    assert status("ec2_instance_public_admin_ports", ids["instance"]) is Status.ERROR  # uses groups
    assert status("ec2_snapshot_public", ids["snapshot"]) is Status.ERROR  # detail call denied
    assert status("ec2_snapshot_shared_with_accounts", ids["snapshot"]) is Status.ERROR
    assert status("ec2_snapshot_unencrypted", ids["snapshot"]) is Status.FAIL  # read from the listing
    assert status("ec2_ami_shared_with_accounts", ids["ami"]) is Status.ERROR
    assert status("ec2_ebs_encryption_by_default_off", "us-east-1") is Status.ERROR
