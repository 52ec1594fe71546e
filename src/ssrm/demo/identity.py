"""Demo planting: identity group (IAM, CloudTrail, GuardDuty) for Acme Shop.

Good and bad side by side: alice is an MFA'd admin through a group, bob and ci-deploy are the risky
long-lived users, web-role repeats the Capital One pattern (s3:* on *), worker-role is least privilege,
vendor-audit trusts a third party without an external id while partner-sync does it right.
Reads the data group's refs (buckets, queue, table, secret); falls back to the agreed names.
"""

from __future__ import annotations

import json
from typing import Any

from ssrm.demo.world import ACCOUNT, MAIN_REGION, DemoWorld

AWS_POLICY = "arn:aws:iam::aws:policy/"
# A placeholder signing certificate: the API wants a metadata document of 1000+ characters.
DEMO_CERTIFICATE = "MIIDdemo" + "QUNNRS1ERU1PLUNFUlRJRklDQVRF" * 36
SAML_METADATA = (
    '<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
    'entityID="https://acme.okta.example/saml"><md:IDPSSODescriptor '
    'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing">'
    '<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>'
    f"{DEMO_CERTIFICATE}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
    '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
    'Location="https://acme.okta.example/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>'
)


def _document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(actions: list[str] | str, resources: list[str] | str) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resources}


def _trust(principal: dict[str, Any], condition: dict[str, Any] | None = None) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return _document(statement)


def _plant_users(world: DemoWorld) -> None:
    iam = world.client("iam")
    iam.create_group(GroupName="admins")
    iam.attach_group_policy(GroupName="admins", PolicyArn=AWS_POLICY + "AdministratorAccess")

    iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "platform"}])
    iam.create_login_profile(UserName="alice", Password="Correct-Horse-Battery-9")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    iam.enable_mfa_device(UserName="alice", SerialNumber=device["SerialNumber"],
                          AuthenticationCode1="123456", AuthenticationCode2="654321")
    iam.add_user_to_group(GroupName="admins", UserName="alice")

    bob = iam.create_user(UserName="bob", Tags=[{"Key": "team", "Value": "shop"}])["User"]
    iam.create_login_profile(UserName="bob", Password="Summer2024!")
    iam.attach_user_policy(UserName="bob", PolicyArn=AWS_POLICY + "AdministratorAccess")
    iam.create_access_key(UserName="bob")
    world.refs["bob_user_arn"] = bob["Arn"]

    iam.create_user(UserName="ci-deploy", Tags=[{"Key": "purpose", "Value": "ci"}])
    iam.create_access_key(UserName="ci-deploy")
    iam.create_access_key(UserName="ci-deploy")
    iam.put_user_policy(UserName="ci-deploy", PolicyName="deploy-everything", PolicyDocument=_document(
        _allow("*", "*")))


def _role(world: DemoWorld, name: str, trust: str, inline: dict[str, str] | None = None,
          managed: tuple[str, ...] = ()) -> str:
    iam = world.client("iam")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    for policy_name, document in (inline or {}).items():
        iam.put_role_policy(RoleName=name, PolicyName=policy_name, PolicyDocument=document)
    for policy in managed:
        iam.attach_role_policy(RoleName=name, PolicyArn=AWS_POLICY + policy)
    return str(arn)


def _instance_profile(world: DemoWorld, name: str, role: str) -> str:
    iam = world.client("iam")
    arn = iam.create_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Arn"]
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
    return str(arn)


def _plant_roles(world: DemoWorld) -> None:
    refs = world.refs
    assets = refs.get("bucket_assets", "acme-shop-assets")
    backups = refs.get("bucket_backups", "acme-shop-backups")
    queue_arn = refs.get("queue_orders_arn", f"arn:aws:sqs:{MAIN_REGION}:{ACCOUNT}:orders")
    table_arn = refs.get("table_orders_arn", f"arn:aws:dynamodb:{MAIN_REGION}:{ACCOUNT}:table/orders")
    secret_arn = refs.get("secret_db_arn", f"arn:aws:secretsmanager:{MAIN_REGION}:{ACCOUNT}:secret:shop/db-password")
    ec2 = _trust({"Service": "ec2.amazonaws.com"})
    lambda_trust = _trust({"Service": "lambda.amazonaws.com"})

    refs["web_role_arn"] = _role(world, "web-role", ec2, {"s3-access": _document(_allow("s3:*", "*"))})
    refs["web_instance_profile_arn"] = _instance_profile(world, "web-profile", "web-role")
    refs["worker_role_arn"] = _role(world, "worker-role", ec2, {"orders-worker": _document(
        _allow(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], queue_arn),
        _allow("s3:GetObject", f"arn:aws:s3:::{backups}/*"),
    )})
    refs["worker_instance_profile_arn"] = _instance_profile(world, "worker-profile", "worker-role")
    refs["orders_lambda_role_arn"] = _role(world, "orders-lambda-role", lambda_trust, {"orders-api": _document(
        _allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], table_arn),
        _allow("secretsmanager:GetSecretValue", secret_arn),
        _allow("sqs:SendMessage", queue_arn),
    )}, managed=("service-role/AWSLambdaBasicExecutionRole", "service-role/AWSLambdaVPCAccessExecutionRole"))
    refs["thumbnailer_lambda_role_arn"] = _role(world, "thumbnailer-lambda-role", lambda_trust, {
        "thumbnails": _document(_allow(["s3:GetObject", "s3:PutObject"], f"arn:aws:s3:::{assets}/*")),
    }, managed=("service-role/AWSLambdaBasicExecutionRole",))
    _role(world, "vendor-audit", _trust({"AWS": "arn:aws:iam::999988887777:root"}), managed=("SecurityAudit",))
    _role(world, "partner-sync", _trust({"AWS": "arn:aws:iam::444455556666:root"},
                                        {"StringEquals": {"sts:ExternalId": "acme-partner-7f3a"}}),
          {"read-assets": _document(_allow(["s3:GetObject", "s3:ListBucket"],
                                           [f"arn:aws:s3:::{assets}", f"arn:aws:s3:::{assets}/*"]))})


def _plant_account_settings(world: DemoWorld) -> None:
    iam = world.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=8, RequireNumbers=True,
                                       AllowUsersToChangePassword=True)
    iam.create_saml_provider(Name="acme-okta", SAMLMetadataDocument=SAML_METADATA)


def _plant_logging(world: DemoWorld) -> None:
    trail = world.client("cloudtrail")
    trail.create_trail(Name="acme-trail", S3BucketName=world.refs.get("bucket_logs", "acme-shop-logs"),
                       IsMultiRegionTrail=False, EnableLogFileValidation=False)
    trail.start_logging(Name="acme-trail")
    world.client("guardduty").create_detector(Enable=True, FindingPublishingFrequency="SIX_HOURS")


def plant(world: DemoWorld) -> None:
    """No Config recorder, no Security Hub, GuardDuty only in us-east-1: the gaps are part of the story."""
    _plant_users(world)
    _plant_roles(world)
    _plant_account_settings(world)
    _plant_logging(world)
