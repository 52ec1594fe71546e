"""Plant a small organization in the emulator: OUs, member accounts with their own resources, guardrails,
and the organization-level stories ``ssrm scan --org`` and ``ssrm integrations`` must tell.

Stories: a public dev web host whose role can assume a prod role that reads a sensitive prod bucket (a
cross-account path); a vendor role trusting a known vendor account without an external id; a GitHub
Actions OIDC role with no ``sub`` condition; a sandbox OU whose SCP confines it to one region; a quarantined
account whose member role denies everything (the scan must report it as a gap, not fail). At the end the
emulator starts enforcing IAM, so that denial is real and the scanner uses an auditor user's keys.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config

from ssrm.demo.world import MAIN_REGION, SECOND_REGION, DemoWorld

MEMBER_ROLE = "OrganizationAccountAccessRole"
ADMIN_DOCUMENT = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
KNOWN_VENDOR = "464622532012"  # listed in known-aws-accounts (Datadog)
UNKNOWN_PARTNER = "210987654321"
GITHUB_OIDC = "token.actions.githubusercontent.com"
OUS = ("Security", "Prod", "NonProd", "Sandbox")


@dataclass
class PlantedOrg:
    endpoint: str
    management: str
    auditor_keys: dict[str, str]
    accounts: dict[str, str] = field(default_factory=dict)  # name -> id
    ous: dict[str, str] = field(default_factory=dict)  # name -> id
    denied: str = ""
    dev: str = ""
    prod: str = ""
    vendor: str = ""

    def env(self) -> dict[str, str]:
        """Environment for a scanner process: the emulator and the auditor's keys."""
        from ssrm.demo.server import DEMO_ENV

        return {**DEMO_ENV, "AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": self.auditor_keys["id"],
                "AWS_SECRET_ACCESS_KEY": self.auditor_keys["secret"]}


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


class _Member:
    """Clients inside one member account (through the member role, as an administrator would)."""

    def __init__(self, world: DemoWorld, account: str) -> None:
        sts = world.client("sts")
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{MEMBER_ROLE}",
                                RoleSessionName="ssrm-demo-plant")["Credentials"]
        self.session = boto3.Session(aws_access_key_id=creds["AccessKeyId"],
                                     aws_secret_access_key=creds["SecretAccessKey"],
                                     aws_session_token=creds["SessionToken"])
        self.endpoint = world.endpoint
        self.account = account

    def client(self, service: str, region: str = MAIN_REGION) -> Any:
        return self.session.client(service, region_name=region, endpoint_url=self.endpoint,
                                   config=Config(inject_host_prefix=False, retries={"max_attempts": 2}))


def _member_role(member: _Member, management: str, deny_all: bool = False) -> None:
    iam = member.client("iam")
    try:  # Organizations creates the role with the account (on AWS and in the emulator)
        iam.get_role(RoleName=MEMBER_ROLE)
    except iam.exceptions.NoSuchEntityException:
        iam.create_role(RoleName=MEMBER_ROLE, AssumeRolePolicyDocument=_doc({
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{management}:root"},
            "Action": "sts:AssumeRole"}))
    iam.put_role_policy(RoleName=MEMBER_ROLE, PolicyName="administrator", PolicyDocument=json.dumps(ADMIN_DOCUMENT))
    if deny_all:  # a quarantined account: nothing may be read through the member role
        iam.put_role_policy(RoleName=MEMBER_ROLE, PolicyName="quarantine",
                            PolicyDocument=_doc({"Effect": "Deny", "Action": "*", "Resource": "*"}))


def _baseline(member: _Member, name: str, environment: str) -> None:
    """Every account: a bucket, a least-privilege role, a queue."""
    s3 = member.client("s3")
    bucket = f"{name}-{member.account}-data"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "environment", "Value": environment}]})
    member.client("sqs").create_queue(QueueName=f"{name}-events")
    member.client("iam").create_role(RoleName=f"{name}-app", AssumeRolePolicyDocument=_doc({
        "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}))


def _public_web_host(member: _Member, role_name: str) -> None:
    ec2 = member.client("ec2")
    iam = member.client("iam")
    iam.create_role(RoleName=role_name, AssumeRolePolicyDocument=_doc({
        "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}))
    iam.put_role_policy(RoleName=role_name, PolicyName="deploy", PolicyDocument=_doc(
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}))
    profile = iam.create_instance_profile(InstanceProfileName=role_name)["InstanceProfile"]["Arn"]
    iam.add_role_to_instance_profile(InstanceProfileName=role_name, RoleName=role_name)
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone=f"{MAIN_REGION}a")
    subnet_id = subnet["Subnet"]["SubnetId"]
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=table, SubnetId=subnet_id)
    group = ec2.create_security_group(GroupName="dev-web", Description="dev web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        for port in (22, 80)])
    from ssrm.demo.compute import linux_image

    ec2.run_instances(ImageId=linux_image(ec2), InstanceType="t3.micro", MinCount=1, MaxCount=1,
                      IamInstanceProfile={"Arn": profile},
                      NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet_id, "Groups": [group],
                                          "AssociatePublicIpAddress": True}],
                      MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
                      TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "dev-web"}]}])


def _prod_data(member: _Member, dev_account: str) -> None:
    s3 = member.client("s3")
    bucket = f"prod-customers-{member.account}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "data-classification", "Value": "restricted"}]})
    iam = member.client("iam")
    iam.create_role(RoleName="prod-deployer", AssumeRolePolicyDocument=_doc({
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{dev_account}:root"}, "Action": "sts:AssumeRole"}))
    iam.put_role_policy(RoleName="prod-deployer", PolicyName="customers", PolicyDocument=_doc(
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]}))


def _integrations(member: _Member) -> None:
    iam = member.client("iam")
    iam.create_role(RoleName="datadog-integration", AssumeRolePolicyDocument=_doc({
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{KNOWN_VENDOR}:root"}, "Action": "sts:AssumeRole"}))
    iam.put_role_policy(RoleName="datadog-integration", PolicyName="read-configuration", PolicyDocument=_doc(
        {"Effect": "Allow", "Action": ["ec2:Describe*", "s3:GetBucket*", "iam:Get*", "iam:List*"], "Resource": "*"}))
    iam.create_role(RoleName="partner-reports", AssumeRolePolicyDocument=_doc({
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{UNKNOWN_PARTNER}:root"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "reports-5c1e"}}}))
    provider = iam.create_open_id_connect_provider(Url=f"https://{GITHUB_OIDC}", ClientIDList=["sts.amazonaws.com"],
                                                   ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"])
    arn = provider["OpenIDConnectProviderArn"]
    iam.create_role(RoleName="github-deploy", AssumeRolePolicyDocument=_doc({
        "Effect": "Allow", "Principal": {"Federated": arn}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {f"{GITHUB_OIDC}:aud": "sts.amazonaws.com"}}}))
    iam.put_role_policy(RoleName="github-deploy", PolicyName="deploy", PolicyDocument=json.dumps(ADMIN_DOCUMENT))


def _guardrails(org: Any, root: str, sandbox: str) -> None:
    guard = org.create_policy(Name="security-guardrails", Type="SERVICE_CONTROL_POLICY", Description="guardrails",
                              Content=_doc({"Effect": "Deny", "Action": [
                                  "organizations:LeaveOrganization", "cloudtrail:StopLogging",
                                  "cloudtrail:DeleteTrail", "guardduty:DeleteDetector"], "Resource": "*"}))
    org.attach_policy(PolicyId=guard["Policy"]["PolicySummary"]["Id"], TargetId=root)
    regions = org.create_policy(Name="sandbox-one-region", Type="SERVICE_CONTROL_POLICY", Description="regions",
                                Content=_doc({"Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"],
                                              "Resource": "*", "Condition": {"StringNotEquals": {
                                                  "aws:RequestedRegion": [MAIN_REGION]}}}))
    org.attach_policy(PolicyId=regions["Policy"]["PolicySummary"]["Id"], TargetId=sandbox)


def _enforce_iam(endpoint: str) -> None:
    request = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=b"0", method="POST",
                                     headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(request, timeout=10).read()


def plant_org(world: DemoWorld, members: int = 20, *, enforce: bool = True) -> PlantedOrg:
    """An organization of ``members`` member accounts (at least 5) under four OUs."""
    if members < 5:
        raise ValueError("the organization demo needs at least 5 member accounts")
    org = world.client("organizations")
    org.create_organization(FeatureSet="ALL")
    management = str(world.client("sts").get_caller_identity()["Account"])
    iam = world.client("iam")
    iam.create_user(UserName="ssrm-auditor")
    iam.put_user_policy(UserName="ssrm-auditor", PolicyName="administrator", PolicyDocument=json.dumps(ADMIN_DOCUMENT))
    key = iam.create_access_key(UserName="ssrm-auditor")["AccessKey"]
    trail_bucket = f"org-trail-{management}"
    world.client("s3").create_bucket(Bucket=trail_bucket)
    world.client("cloudtrail").create_trail(Name="org-trail", S3BucketName=trail_bucket, IsMultiRegionTrail=True,
                                            IsOrganizationTrail=True, EnableLogFileValidation=True)
    world.client("cloudtrail").start_logging(Name="org-trail")
    planted = PlantedOrg(endpoint=world.endpoint, management=management,
                         auditor_keys={"id": key["AccessKeyId"], "secret": key["SecretAccessKey"]})
    root = org.list_roots()["Roots"][0]["Id"]
    for name in OUS:
        planted.ous[name] = org.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"]["Id"]
    _guardrails(org, root, planted.ous["Sandbox"])
    layout = ["Security", "Prod", "NonProd", "Sandbox", "NonProd"]  # the first five carry the stories
    for number in range(members):
        ou = layout[number] if number < len(layout) else OUS[1 + number % 3]
        environment = {"Prod": "production", "NonProd": "development", "Sandbox": "sandbox"}.get(ou, "shared")
        name = {0: "security-tooling", 1: "prod-shop", 2: "dev-shop", 3: "sandbox-lab", 4: "quarantine"}.get(
            number, f"{ou.lower()}-{number:02d}")
        created = org.create_account(AccountName=name, Email=f"{name}@example.com",
                                     Tags=[{"Key": "environment", "Value": environment}])
        account = created["CreateAccountStatus"]["AccountId"]
        org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=planted.ous[ou])
        planted.accounts[name] = account
    planted.prod, planted.dev = planted.accounts["prod-shop"], planted.accounts["dev-shop"]
    planted.denied, planted.vendor = planted.accounts["quarantine"], planted.accounts["security-tooling"]
    for name, account in planted.accounts.items():
        member = _Member(world, account)
        _member_role(member, management, deny_all=account == planted.denied)
        if account != planted.denied:
            _baseline(member, name, "prod" if "prod" in name else "dev")
    _public_web_host(_Member(world, planted.dev), "dev-web-role")
    _prod_data(_Member(world, planted.prod), planted.dev)
    _integrations(_Member(world, planted.vendor))
    org.register_delegated_administrator(AccountId=planted.vendor, ServicePrincipal="guardduty.amazonaws.com")
    if enforce:
        _enforce_iam(world.endpoint)
    return planted


DEMO_ORG_REGIONS = (MAIN_REGION, SECOND_REGION)
# The emulator authorizes these services' calls under IAM enforcement; the others answer 403 or 500 whatever
# the policy says (docs/org.md), so organization demos and tests scan these.
EMULATED_SERVICES = ("iam", "organizations", "cloudtrail", "config", "s3", "kms", "sqs", "sns", "secretsmanager",
                     "dynamodb", "rds", "ec2", "ebs", "vpc")
# Every new account would load ~1,300 AWS managed policies: the organization demo uses inline policies only.
ORG_EMULATOR_ENV = {"MOTO_IAM_LOAD_MANAGED_POLICIES": "false"}
