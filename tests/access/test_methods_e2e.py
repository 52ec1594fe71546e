"""Every escalation method end to end: planted in moto, scanned through boto3, analysed once.

For each method a user holds exactly that method's permissions and is flagged with a chain that names the
method; four twins hold the same permissions and must not be flagged: an explicit Deny in another policy,
a permissions boundary that leaves the method out, the key permission scoped to a resource that misses the
target, and a condition the caller cannot satisfy (a principal tag it does not carry). A fifth twin has a
condition ssrm cannot decide (a source IP range): flagged, but as conditional.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from ssrm.access.analysis import AccessAnalysis, analyze
from ssrm.model import Inventory
from ssrm.model.resources.identity.iam import IamUser

ACCOUNT = "123456789012"
REGION = "us-east-1"
ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
MISS = f"arn:aws:iam::{ACCOUNT}:role/does-not-exist-*"
SERVICES = ["ec2.amazonaws.com", "lambda.amazonaws.com", "glue.amazonaws.com", "cloudformation.amazonaws.com",
            "codebuild.amazonaws.com", "sagemaker.amazonaws.com", "ecs-tasks.amazonaws.com",
            "datapipeline.amazonaws.com", "tasks.apprunner.amazonaws.com"]


@dataclass(frozen=True)
class MethodCase:
    method: str  # the method name the chain must show
    actions: tuple[str, ...]
    key: str  # the action the "miss" twin scopes to a resource that is not the target
    target: str = "*"  # the resource the key action needs (the positive case grants "*")


def _role(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/{name}"


PASS_ROLE = [
    MethodCase("ec2:RunInstances", ("iam:PassRole", "ec2:RunInstances"), "iam:PassRole"),
    MethodCase("lambda:CreateFunction+InvokeFunction", ("iam:PassRole", "lambda:CreateFunction",
                                                        "lambda:InvokeFunction"), "iam:PassRole"),
    MethodCase("glue:CreateDevEndpoint", ("iam:PassRole", "glue:CreateDevEndpoint"), "iam:PassRole"),
    MethodCase("cloudformation:CreateStack", ("iam:PassRole", "cloudformation:CreateStack"), "iam:PassRole"),
    # StartBuild on "*" alone reaches the existing project's role, so the twins scope StartBuild.
    MethodCase("codebuild:CreateProject+StartBuild", ("iam:PassRole", "codebuild:CreateProject",
                                                      "codebuild:StartBuild"), "codebuild:StartBuild"),
    MethodCase("sagemaker:CreateNotebookInstance", ("iam:PassRole", "sagemaker:CreateNotebookInstance",
                                                    "sagemaker:CreatePresignedNotebookInstanceUrl"),
               "sagemaker:CreatePresignedNotebookInstanceUrl"),  # alone, it opens the existing notebook
    MethodCase("sagemaker:CreateTrainingJob", ("iam:PassRole", "sagemaker:CreateTrainingJob"), "iam:PassRole"),
    MethodCase("sagemaker:CreateProcessingJob", ("iam:PassRole", "sagemaker:CreateProcessingJob"), "iam:PassRole"),
    MethodCase("ecs:RunTask", ("iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"), "iam:PassRole"),
    MethodCase("datapipeline:CreatePipeline", ("iam:PassRole", "datapipeline:CreatePipeline",
                                               "datapipeline:PutPipelineDefinition",
                                               "datapipeline:ActivatePipeline"), "iam:PassRole"),
    MethodCase("apprunner:CreateService", ("iam:PassRole", "apprunner:CreateService"), "iam:PassRole"),
]
ON_EXISTING = [
    MethodCase("ssm:SendCommand", ("ssm:SendCommand",), "ssm:SendCommand"),
    MethodCase("ssm:StartSession", ("ssm:StartSession",), "ssm:StartSession"),
    MethodCase("ec2-instance-connect:SendSSHPublicKey", ("ec2-instance-connect:SendSSHPublicKey",),
               "ec2-instance-connect:SendSSHPublicKey"),
    MethodCase("ec2:ModifyInstanceAttribute", ("ec2:ModifyInstanceAttribute", "ec2:StopInstances",
                                               "ec2:StartInstances"), "ec2:ModifyInstanceAttribute"),
    MethodCase("lambda:UpdateFunctionCode", ("lambda:UpdateFunctionCode",), "lambda:UpdateFunctionCode"),
    MethodCase("lambda:UpdateFunctionConfiguration", ("lambda:UpdateFunctionConfiguration",),
               "lambda:UpdateFunctionConfiguration"),
    MethodCase("codebuild:StartBuild", ("codebuild:StartBuild",), "codebuild:StartBuild"),
    MethodCase("sagemaker:CreatePresignedNotebookInstanceUrl", ("sagemaker:CreatePresignedNotebookInstanceUrl",),
               "sagemaker:CreatePresignedNotebookInstanceUrl"),
    MethodCase("glue:UpdateDevEndpoint", ("glue:UpdateDevEndpoint",), "glue:UpdateDevEndpoint"),
    MethodCase("cloudformation:UpdateStack", ("cloudformation:UpdateStack",), "cloudformation:UpdateStack"),
    MethodCase("cloudformation:CreateChangeSet+ExecuteChangeSet", ("cloudformation:CreateChangeSet",
                                                                   "cloudformation:ExecuteChangeSet"),
               "cloudformation:ExecuteChangeSet"),
]
IAM_METHODS = [
    MethodCase("iam:CreatePolicyVersion", ("iam:CreatePolicyVersion",), "iam:CreatePolicyVersion"),
    MethodCase("iam:AttachUserPolicy", ("iam:AttachUserPolicy",), "iam:AttachUserPolicy"),
    MethodCase("iam:PutUserPolicy", ("iam:PutUserPolicy",), "iam:PutUserPolicy"),
    MethodCase("iam:AttachGroupPolicy", ("iam:AttachGroupPolicy",), "iam:AttachGroupPolicy"),
    MethodCase("iam:PutGroupPolicy", ("iam:PutGroupPolicy",), "iam:PutGroupPolicy"),
    MethodCase("iam:CreateAccessKey", ("iam:CreateAccessKey",), "iam:CreateAccessKey"),
    MethodCase("iam:CreateLoginProfile", ("iam:CreateLoginProfile",), "iam:CreateLoginProfile"),
    MethodCase("iam:UpdateLoginProfile", ("iam:UpdateLoginProfile",), "iam:UpdateLoginProfile"),
    MethodCase("iam:AddUserToGroup", ("iam:AddUserToGroup",), "iam:AddUserToGroup"),
    MethodCase("iam:UpdateAssumeRolePolicy", ("iam:UpdateAssumeRolePolicy", "sts:AssumeRole"),
               "iam:UpdateAssumeRolePolicy"),
    MethodCase("sts:AssumeRole", ("sts:AssumeRole",), "sts:AssumeRole"),
]
CASES = {case.method: case for case in PASS_ROLE + ON_EXISTING + IAM_METHODS}
TWINS = ("deny", "boundary", "miss", "cond")


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _slug(method: str) -> str:
    return method.replace(":", "-").replace("+", "-").lower()[:50]


def _statements(case: MethodCase, twin: str) -> list[dict[str, Any]]:
    others = [a for a in case.actions if a != case.key]
    key: dict[str, Any] = {"Effect": "Allow", "Action": case.key, "Resource": MISS if twin == "miss" else "*"}
    if twin == "cond":
        key["Condition"] = {"StringEquals": {"aws:PrincipalTag/team": "nobody-has-this"}}
    if twin == "undecided":
        key["Condition"] = {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}
    found = [key]
    if others:  # the other actions on "*", except AssumeRole, which would reach assumable-admin by itself
        on = _role("target-admin") if case.method == "iam:UpdateAssumeRolePolicy" else "*"
        found.append({"Effect": "Allow", "Action": others, "Resource": on})
    return found


def _plant_targets(session: boto3.Session) -> None:
    iam = session.client("iam")
    trust = _doc({"Effect": "Allow", "Principal": {"Service": SERVICES}, "Action": "sts:AssumeRole"})
    iam.create_role(RoleName="target-admin", AssumeRolePolicyDocument=trust)
    iam.attach_role_policy(RoleName="target-admin", PolicyArn=ADMIN_POLICY)
    account_trust = _doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                          "Action": "sts:AssumeRole"})
    iam.create_role(RoleName="assumable-admin", AssumeRolePolicyDocument=account_trust)
    iam.attach_role_policy(RoleName="assumable-admin", PolicyArn=ADMIN_POLICY)
    iam.create_instance_profile(InstanceProfileName="target-admin")
    iam.add_role_to_instance_profile(InstanceProfileName="target-admin", RoleName="target-admin")
    iam.create_user(UserName="victim-admin")
    iam.attach_user_policy(UserName="victim-admin", PolicyArn=ADMIN_POLICY)
    iam.create_user(UserName="victim-console")
    iam.create_login_profile(UserName="victim-console", Password="Correct-Horse-Battery-9")
    iam.attach_user_policy(UserName="victim-console", PolicyArn=ADMIN_POLICY)
    iam.create_group(GroupName="admin-group")
    iam.attach_group_policy(GroupName="admin-group", PolicyArn=ADMIN_POLICY)
    iam.create_policy(PolicyName="boundary-s3-read", PolicyDocument=_doc(
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}))
    ec2 = session.client("ec2", region_name=REGION)
    image = ec2.describe_images()["Images"][0]["ImageId"]
    ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, IamInstanceProfile={"Name": "target-admin"})
    session.client("lambda", region_name=REGION).create_function(
        FunctionName="target-fn", Runtime="python3.12", Role=_role("target-admin"), Handler="x.handler",
        Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18})
    session.client("codebuild", region_name=REGION).create_project(
        name="target-build", source={"type": "S3", "location": "builds/source.zip"},
        artifacts={"type": "S3", "location": "builds-out"}, serviceRole=_role("target-admin"),
        environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                     "computeType": "BUILD_GENERAL1_SMALL"})
    session.client("sagemaker", region_name=REGION).create_notebook_instance(
        NotebookInstanceName="target-notebook", InstanceType="ml.t3.medium", RoleArn=_role("target-admin"))
    session.client("glue", region_name=REGION).create_dev_endpoint(EndpointName="target-endpoint",
                                                                   RoleArn=_role("target-admin"))
    template = json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}})
    session.client("cloudformation", region_name=REGION).create_stack(
        StackName="target-stack", TemplateBody=template, RoleARN=_role("target-admin"))


def _plant_principal(session: boto3.Session, case: MethodCase, twin: str) -> None:
    iam = session.client("iam")
    name = f"{_slug(case.method)}-{twin}"
    iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "shop"}])
    iam.put_user_policy(UserName=name, PolicyName="method", PolicyDocument=_doc(*_statements(case, twin)))
    if case.method in ("iam:AttachGroupPolicy", "iam:PutGroupPolicy"):
        iam.create_group(GroupName=f"{name}-team")
        iam.add_user_to_group(GroupName=f"{name}-team", UserName=name)
    if case.method == "iam:CreatePolicyVersion":
        policy = iam.create_policy(PolicyName=f"{name}-own", PolicyDocument=_doc(
            {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}))["Policy"]["Arn"]
        iam.attach_user_policy(UserName=name, PolicyArn=policy)
    if twin == "deny":
        iam.put_user_policy(UserName=name, PolicyName="guardrail", PolicyDocument=_doc(
            {"Effect": "Deny", "Action": case.key, "Resource": "*"}))


@pytest.fixture(scope="module")
def analysis() -> AccessAnalysis:
    from moto import mock_aws

    from ssrm.sources.aws.collectors import ALL_COLLECTORS
    from ssrm.sources.aws.runner import scan, select_collectors
    from ssrm.sources.aws.session import ConnectOptions

    with pytest.MonkeyPatch.context() as patch:
        from tests.conftest import FAKE_ENV

        for key, value in FAKE_ENV.items():
            patch.setenv(key, value)
        with mock_aws():
            session = boto3.Session(region_name=REGION)
            _plant_targets(session)
            for case in CASES.values():
                for twin in ("flagged", "undecided", *TWINS):
                    _plant_principal(session, case, twin)
            collectors = select_collectors(ALL_COLLECTORS, ["iam", "ec2", "lambda", "codebuild", "sagemaker",
                                                              "glue-dev-endpoints", "cloudformation"])
            inventory = scan(ConnectOptions(region=REGION), collectors, regions=[REGION], workers=4)
    return analyze(_with_user_boundaries(inventory))


def _with_user_boundaries(inventory: Inventory) -> Inventory:
    """moto neither stores nor returns a user's permissions boundary (CreateUser drops it, GetUser and
    GetAccountAuthorizationDetails leave it out, PutUserPermissionsBoundary is not implemented), so the
    boundary twins get theirs in the scanned records, as AWS would have returned them."""
    boundary = f"arn:aws:iam::{ACCOUNT}:policy/boundary-s3-read"
    resources = [r.model_copy(update={"permissions_boundary_arn": boundary})
                 if isinstance(r, IamUser) and r.name.endswith("-boundary") else r for r in inventory.resources]
    inventory.resources = resources
    inventory.add([])
    return inventory


def _escalation(analysis: AccessAnalysis, user: str):  # type: ignore[no-untyped-def]
    reach = analysis.admin_reach(f"arn:aws:iam::{ACCOUNT}:user/{user}")
    return reach


@pytest.mark.parametrize("method", sorted(CASES))
def test_method_is_flagged_with_its_chain(analysis: AccessAnalysis, method: str) -> None:
    reach = _escalation(analysis, f"{_slug(method)}-flagged")
    assert reach is not None, method
    assert method in reach.methods, (method, reach.methods)
    assert not reach.conditional


@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize("method", sorted(CASES))
def test_twins_are_not_flagged(analysis: AccessAnalysis, method: str, twin: str) -> None:
    reach = _escalation(analysis, f"{_slug(method)}-{twin}")
    assert reach is None, (method, twin, [s.sentence for s in reach.steps] if reach else None)


@pytest.mark.parametrize("method", sorted(CASES))
def test_undecidable_condition_gives_a_conditional_chain(analysis: AccessAnalysis, method: str) -> None:
    reach = _escalation(analysis, f"{_slug(method)}-undecided")
    assert reach is not None and reach.conditional, method


