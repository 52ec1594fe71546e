"""Demo planting: compute group (Acme Shop's network, hosts, disks and images).

A realistic mix: a VPC with a public and a private tier, a web server that is too open (SSH to the world,
IMDSv1, public image of its disk) and a worker that is locked down on the network but carries credentials
in its user data; an ops VPC that does the logging right.
"""

from __future__ import annotations

from typing import Any

from ssrm.demo.world import MAIN_REGION, SECOND_REGION, DemoWorld

PARTNER_ACCOUNT = "444455556666"
WEB_USER_DATA = "#!/bin/bash\ndnf install -y nginx\nsystemctl enable --now nginx\n"
# Fake credentials, planted on purpose: the scanner must find them and report only redacted hints.
WORKER_USER_DATA = (
    "#!/bin/bash\n"
    "export AWS_ACCESS_KEY_ID=AKIAACMEWORKER000042\n"
    "export AWS_SECRET_ACCESS_KEY=acmeDEMOonlyNotARealSecretKey0000000000x\n"
    "export DB_PASSWORD=Acme-Orders-2024!\n"
    "/opt/acme/worker --queue orders\n"
)


def tagged(kind: str, name: str, **extra: str) -> list[dict[str, Any]]:
    tags = [{"Key": "Name", "Value": name}, {"Key": "app", "Value": "acme-shop"}]
    tags += [{"Key": k, "Value": v} for k, v in extra.items()]
    return [{"ResourceType": kind, "Tags": tags}]


def linux_image(ec2: Any) -> str:
    """An Amazon Linux image published by AWS (the account launches it; it does not own it)."""
    images = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-*",
                                                                                        "amzn2-ami-hvm-*"]}])
    linux = sorted((i for i in images["Images"] if i.get("Architecture", "x86_64") == "x86_64"),
                   key=lambda i: i.get("CreationDate", ""), reverse=True)
    if not linux:
        raise RuntimeError("no Amazon Linux image available to launch the demo instances")
    return str(linux[0]["ImageId"])


def plant_network(world: DemoWorld, ec2: Any) -> dict[str, str]:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=tagged("vpc", "acme-vpc"))["Vpc"]["VpcId"]
    igw = ec2.create_internet_gateway(
        TagSpecifications=tagged("internet-gateway", "acme-igw"))["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)

    def subnet(cidr: str, zone: str, name: str) -> str:
        return str(ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=zone,
                                     TagSpecifications=tagged("subnet", name))["Subnet"]["SubnetId"])

    public_a = subnet("10.0.1.0/24", f"{MAIN_REGION}a", "acme-public-a")
    private_a = subnet("10.0.2.0/24", f"{MAIN_REGION}a", "acme-private-a")
    public_b = subnet("10.0.3.0/24", f"{MAIN_REGION}b", "acme-public-b")  # load balancers need two zones
    for public in (public_a, public_b):
        ec2.modify_subnet_attribute(SubnetId=public, MapPublicIpOnLaunch={"Value": True})

    public_rt = ec2.create_route_table(
        VpcId=vpc, TagSpecifications=tagged("route-table", "acme-public-rt"))["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    for public in (public_a, public_b):
        ec2.associate_route_table(RouteTableId=public_rt, SubnetId=public)

    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=public_a, AllocationId=allocation,
                                 TagSpecifications=tagged("natgateway", "acme-nat"))["NatGateway"]["NatGatewayId"]
    private_rt = ec2.create_route_table(
        VpcId=vpc, TagSpecifications=tagged("route-table", "acme-private-rt"))["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=private_rt, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    ec2.associate_route_table(RouteTableId=private_rt, SubnetId=private_a)

    # "Temporarily" allow everything on the public tier's ACL, ahead of the default one.
    acl = ec2.create_network_acl(VpcId=vpc, TagSpecifications=tagged("network-acl", "acme-public-acl"))
    acl_id = acl["NetworkAcl"]["NetworkAclId"]
    for egress in (False, True):
        ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=100, Protocol="-1", RuleAction="allow",
                                     Egress=egress, CidrBlock="0.0.0.0/0")
    associations = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id",
                                                       "Values": [public_a, public_b]}])["NetworkAcls"]
    for current in associations:
        for association in current.get("Associations") or []:
            if association.get("SubnetId") in (public_a, public_b):
                ec2.replace_network_acl_association(AssociationId=association["NetworkAclAssociationId"],
                                                    NetworkAclId=acl_id)
    return {"vpc_id": vpc, "public_subnet_id": public_a, "private_subnet_id": private_a,
            "public_subnet_b_id": public_b, "internet_gateway_id": igw, "nat_gateway_id": nat}


def plant_security_groups(ec2: Any, vpc: str) -> dict[str, str]:
    def group(name: str, description: str) -> str:
        return str(ec2.create_security_group(GroupName=name, Description=description, VpcId=vpc,
                                             TagSpecifications=tagged("security-group", name))["GroupId"])

    web, worker, db = (group("web-sg", "Acme web servers"), group("worker-sg", "Acme order workers"),
                       group("db-sg", "Acme databases"))

    def world(port: int, note: str) -> dict[str, Any]:
        return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": note}]}

    def from_group(port: int, source: str) -> dict[str, Any]:
        return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "UserIdGroupPairs": [{"GroupId": source}]}

    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[
        world(80, "http"), world(443, "https"), world(22, "ssh for the on-call engineer")])
    ec2.authorize_security_group_ingress(GroupId=worker, IpPermissions=[from_group(8080, web)])
    ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[
        from_group(5432, worker), world(3306, "for the analytics team")])
    default = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                    {"Name": "group-name", "Values": ["default"]}])
    default_id = default["SecurityGroups"][0]["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=default_id, IpPermissions=[
        {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": default_id}]}])
    return {"web_sg_id": web, "worker_sg_id": worker, "db_sg_id": db, "default_sg_id": default_id}


def plant_ops_vpc(world: DemoWorld, ec2: Any) -> str:
    """A small VPC for tooling that does it right: its flow logs go to the log bucket."""
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/24", TagSpecifications=tagged("vpc", "ops-vpc"))["Vpc"]["VpcId"]
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.0.0/26", AvailabilityZone=f"{MAIN_REGION}a",
                      TagSpecifications=tagged("subnet", "ops-private-a"))
    bucket = str(world.refs.get("bucket_logs", "acme-shop-logs"))
    # The whole bucket, no key prefix: moto takes "bucket/prefix/" for a bucket name and refuses it.
    destination = bucket if bucket.startswith("arn:") else f"arn:aws:s3:::{bucket}"
    reply = ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType="ALL",
                                 LogDestinationType="s3", LogDestination=destination,
                                 TagSpecifications=tagged("vpc-flow-log", "ops-vpc-flow"))
    if reply.get("Unsuccessful"):
        raise RuntimeError(f"flow log for ops-vpc was refused: {reply['Unsuccessful']}")
    return str(vpc)


def launch(ec2: Any, *, name: str, image: str, subnet: str, group: str, profile_arn: str, user_data: str,
           public: bool, tokens: str) -> str:
    reply = ec2.run_instances(
        ImageId=image, InstanceType="t3.small", MinCount=1, MaxCount=1, UserData=user_data,
        IamInstanceProfile={"Arn": profile_arn},
        NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet, "Groups": [group],
                            "AssociatePublicIpAddress": public}],
        MetadataOptions={"HttpTokens": tokens, "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 1},
        TagSpecifications=tagged("instance", name, role=name.split("-")[0]),
    )
    return str(reply["Instances"][0]["InstanceId"])


def plant_hosts(world: DemoWorld, ec2: Any, net: dict[str, str]) -> dict[str, str]:
    image = linux_image(ec2)
    web = launch(ec2, name="web-1", image=image, subnet=net["public_subnet_id"], group=net["web_sg_id"],
                 profile_arn=world.refs["web_instance_profile_arn"], user_data=WEB_USER_DATA, public=True,
                 tokens="optional")
    worker = launch(ec2, name="worker-1", image=image, subnet=net["private_subnet_id"],
                    group=net["worker_sg_id"], profile_arn=world.refs["worker_instance_profile_arn"],
                    user_data=WORKER_USER_DATA, public=False, tokens="required")
    zone = f"{MAIN_REGION}a"
    scratch = ec2.create_volume(AvailabilityZone=zone, Size=20, VolumeType="gp3",
                                TagSpecifications=tagged("volume", "web-1-scratch"))["VolumeId"]
    key = world.refs.get("kms_orders_key_arn")
    encrypted_args: dict[str, Any] = {"Encrypted": True, **({"KmsKeyId": key} if key else {})}
    orders = ec2.create_volume(AvailabilityZone=zone, Size=50, VolumeType="gp3", **encrypted_args,
                               TagSpecifications=tagged("volume", "worker-1-orders-data"))["VolumeId"]
    ec2.attach_volume(VolumeId=scratch, InstanceId=web, Device="/dev/sdf")
    ec2.attach_volume(VolumeId=orders, InstanceId=worker, Device="/dev/sdf")

    shared = ec2.create_snapshot(VolumeId=scratch, Description="web-1 scratch, shared for a support case",
                                 TagSpecifications=tagged("snapshot", "web-1-scratch-snap"))["SnapshotId"]
    ec2.modify_snapshot_attribute(SnapshotId=shared, Attribute="createVolumePermission", OperationType="add",
                                  GroupNames=["all"])
    partner = ec2.create_snapshot(VolumeId=orders, Description="orders data for the partner DR copy",
                                  TagSpecifications=tagged("snapshot", "orders-data-dr"))["SnapshotId"]
    ec2.modify_snapshot_attribute(SnapshotId=partner, Attribute="createVolumePermission", OperationType="add",
                                  UserIds=[PARTNER_ACCOUNT])
    golden = ec2.create_image(InstanceId=web, Name="acme-web-golden", Description="web tier golden image",
                              TagSpecifications=tagged("image", "acme-web-golden"))["ImageId"]
    ec2.modify_image_attribute(ImageId=golden, LaunchPermission={"Add": [{"Group": "all"}]})
    return {"web_instance_id": web, "worker_instance_id": worker, "web_scratch_volume_id": scratch,
            "orders_volume_id": orders, "public_snapshot_id": shared, "web_golden_ami_id": golden}


def plant(world: DemoWorld) -> None:
    """Needs identity's instance-profile refs and (optionally) data's log bucket and orders key."""
    ec2 = world.client("ec2", MAIN_REGION)
    net = plant_network(world, ec2)
    net.update(plant_security_groups(ec2, net["vpc_id"]))
    net["ops_vpc_id"] = plant_ops_vpc(world, ec2)
    ec2.disable_ebs_encryption_by_default()
    world.client("ec2", SECOND_REGION).enable_ebs_encryption_by_default()
    hosts = plant_hosts(world, ec2, net)
    world.refs.update(net)
    world.refs.update(hosts)
    world.refs["public_subnet_ids"] = [net["public_subnet_id"], net["public_subnet_b_id"]]
