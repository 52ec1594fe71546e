"""Demo planting: an internal privilege escalation nobody reaches from the internet.

The build pipeline's role (ci-build, used by CodeBuild) may pass any role to Lambda and create and invoke
functions. ops-automation, a role Lambda may use, holds AdministratorAccess. So whoever controls a build
(a poisoned dependency, a stolen CodeBuild token) becomes administrator: ci-build passes ops-automation to a
new function and runs its own code as ops-automation.
"""

from __future__ import annotations

import json

from ssrm.demo.world import DemoWorld

ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"


def _trust(service: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})


def plant(world: DemoWorld) -> None:
    iam = world.client("iam")
    iam.create_role(RoleName="ops-automation", AssumeRolePolicyDocument=_trust("lambda.amazonaws.com"),
                    Description="Nightly account housekeeping (Lambda)")
    iam.attach_role_policy(RoleName="ops-automation", PolicyArn=ADMIN_POLICY)
    ci = iam.create_role(RoleName="ci-build", AssumeRolePolicyDocument=_trust("codebuild.amazonaws.com"),
                         Description="CodeBuild service role of the shop's pipeline")["Role"]
    iam.put_role_policy(RoleName="ci-build", PolicyName="deploy-functions", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction",
                                           "lambda:UpdateFunctionCode"], "Resource": "*"},
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
        ]}))
    world.refs["ci_build_role_arn"] = ci["Arn"]
