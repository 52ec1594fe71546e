"""Small inventories made of model objects, shared by every test package: IAM documents and principals,
buckets, one VPC with a public subnet, security groups, instances, findings, and a whole web shop."""

from __future__ import annotations

import json
from typing import Any

from ssrm.model import Domain, Finding, Inventory, Layer, Remediation, Resource, Severity, Stage, Status
from ssrm.model.resources.compute.ec2 import Instance, MetadataOptions
from ssrm.model.resources.compute.network import (
    AclEntry,
    InternetGateway,
    NetworkAcl,
    PortRule,
    Route,
    RouteTable,
    SecurityGroup,
    Subnet,
)
from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.model.resources.identity.iam import (
    IamGroup,
    IamInstanceProfile,
    IamManagedPolicy,
    IamRole,
    IamUser,
    InlinePolicy,
)

ACCOUNT = "111122223333"
REGION = "us-east-1"
VPC = "vpc-1"


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(actions: str | list[str], resources: str | list[str] = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resources, **extra}


def deny(actions: str | list[str], resources: str | list[str] = "*") -> dict[str, Any]:
    return {"Effect": "Deny", "Action": actions, "Resource": resources}


def trust(service: str | None = None, aws: str | None = None) -> dict[str, Any]:
    principal = {"Service": service} if service else {"AWS": aws or f"arn:aws:iam::{ACCOUNT}:root"}
    return doc({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"})


def user(name: str, *statements: dict[str, Any], groups: tuple[str, ...] = (), attached: tuple[str, ...] = (),
         **fields: Any) -> IamUser:
    inline = [InlinePolicy(name=f"{name}-p{i}", document=doc(st)) for i, st in enumerate(statements)]
    return IamUser(arn=f"arn:aws:iam::{ACCOUNT}:user/{name}", id=name, name=name, account=ACCOUNT,
                   inline_policies=inline, groups=list(groups), attached_policy_arns=list(attached), **fields)


def role(name: str, trust_policy: dict[str, Any], *statements: dict[str, Any], profile: bool = False,
         attached: tuple[str, ...] = ()) -> IamRole:
    inline = [InlinePolicy(name=f"{name}-p{i}", document=doc(st)) for i, st in enumerate(statements)]
    profiles = [f"arn:aws:iam::{ACCOUNT}:instance-profile/{name}"] if profile else []
    return IamRole(arn=f"arn:aws:iam::{ACCOUNT}:role/{name}", id=name, name=name, account=ACCOUNT,
                   trust_policy=trust_policy, inline_policies=inline, instance_profile_arns=profiles,
                   attached_policy_arns=list(attached))


def profile_for(role_: IamRole) -> IamInstanceProfile:
    return IamInstanceProfile(arn=f"arn:aws:iam::{ACCOUNT}:instance-profile/{role_.name}", id=role_.name,
                              name=role_.name, account=ACCOUNT, role_arns=[role_.arn])


def group(name: str, *statements: dict[str, Any], members: tuple[str, ...] = ()) -> IamGroup:
    inline = [InlinePolicy(name=f"{name}-p{i}", document=doc(st)) for i, st in enumerate(statements)]
    return IamGroup(arn=f"arn:aws:iam::{ACCOUNT}:group/{name}", id=name, name=name, account=ACCOUNT,
                    inline_policies=inline, members=list(members))


def managed(name: str, *statements: dict[str, Any], aws: bool = False) -> IamManagedPolicy:
    owner = "aws" if aws else ACCOUNT
    return IamManagedPolicy(arn=f"arn:aws:iam::{owner}:policy/{name}", id=name, name=name, account=ACCOUNT,
                            document=doc(*statements), aws_managed=aws)


def bucket(name: str, **fields: Any) -> S3Bucket:
    return S3Bucket(arn=f"arn:aws:s3:::{name}", id=name, name=name, account=ACCOUNT, region=REGION, **fields)


def network(*, igw: bool = True, acl_entries: tuple[AclEntry, ...] | None = None) -> list[Resource]:
    """One VPC with subnet-pub (routed to an IGW when ``igw``) and its ACL."""
    routes = (Route(destination="10.0.0.0/16", target="local", target_kind="gateway"),)
    if igw:
        routes += (Route(destination="0.0.0.0/0", target="igw-1", target_kind="gateway"),)
    entries = acl_entries if acl_entries is not None else (
        AclEntry(rule_number=100, egress=False, action="allow", cidr="0.0.0.0/0"),
        AclEntry(rule_number=100, egress=True, action="allow", cidr="0.0.0.0/0"),
    )
    return [
        Subnet(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/subnet-pub", id="subnet-pub", account=ACCOUNT,
               region=REGION, vpc_id=VPC, cidr_block="10.0.1.0/24"),
        RouteTable(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:route-table/rtb-1", id="rtb-1", account=ACCOUNT, region=REGION,
                   vpc_id=VPC, routes=routes, subnet_ids=("subnet-pub",)),
        InternetGateway(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:internet-gateway/igw-1", id="igw-1", account=ACCOUNT,
                        region=REGION, vpc_ids=(VPC,)),
        NetworkAcl(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:network-acl/acl-1", id="acl-1", account=ACCOUNT,
                   region=REGION, vpc_id=VPC, entries=entries, subnet_ids=("subnet-pub",)),
    ]


def security_group(group_id: str, *ingress: PortRule, name: str | None = None) -> SecurityGroup:
    return SecurityGroup(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{group_id}", id=group_id,
                         account=ACCOUNT, region=REGION, vpc_id=VPC, group_name=name or group_id, ingress=ingress)


def world(port: int, protocol: str = "tcp") -> PortRule:
    return PortRule(protocol=protocol, from_port=port, to_port=port, ipv4_ranges=("0.0.0.0/0",))


def instance(instance_id: str, *, name: str | None = None, groups: tuple[str, ...] = ("sg-web",), public: bool = True,
             profile: str | None = None, tokens: str = "optional", **fields: Any) -> Instance:
    return Instance(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance_id}", id=instance_id,
                    name=name or instance_id, account=ACCOUNT, region=REGION, state="running", vpc_id=VPC,
                    subnet_id="subnet-pub", public_ips=("203.0.113.10",) if public else (),
                    security_group_ids=groups, instance_profile_arn=profile,
                    metadata=MetadataOptions(http_tokens=tokens), **fields)


def inventory(*resources: Resource) -> Inventory:
    return Inventory(account=ACCOUNT, regions=[REGION], resources=list(resources))


def failing(rule_id: str, resource: Resource, *, stage: Stage = Stage.INITIAL_ACCESS,
            severity: Severity = Severity.HIGH, cli: str = "") -> Finding:
    return Finding(rule_id=rule_id, title=rule_id, status=Status.FAIL, severity=severity, layer=Layer.CLOUD,
                   domain=Domain.IDENTITY, stage=stage, resource_arn=resource.arn, resource_id=resource.id,
                   resource_type=resource.resource_type, region=resource.region, account=ACCOUNT,
                   reason="test", remediation=Remediation(cli=cli))


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


CONFIDENTIAL = {"data-classification": "confidential"}


def web_shop_inventory() -> Inventory:
    """The Capital One pattern: a public web instance allowing IMDSv1 whose role reads every bucket, and a
    confidential bucket: one attack path, and findings in several layers. Its source is a live account."""
    web_role = role("web-role", trust(service="ec2.amazonaws.com"), allow("s3:*"), profile=True)
    web = instance("i-web", name="web-1", profile=web_role.instance_profile_arns[0])
    resources = [*network(), security_group("sg-web", world(80), world(22)), web_role, profile_for(web_role), web,
                 bucket("customer-data", tags=CONFIDENTIAL), bucket("static-assets")]
    return Inventory(account=ACCOUNT, regions=[REGION], resources=resources)
