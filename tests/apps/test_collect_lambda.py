from __future__ import annotations

import io
import json
import zipfile

import boto3
import pytest

from ssrm.engine import evaluate
from ssrm.model import Status
from ssrm.model.resources.apps.awslambda import LambdaFunction

from .helpers import APPS_RULES, deny

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def _code() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return 1\n")
    return buffer.getvalue()


def _create_functions() -> None:
    role = boto3.client("iam").create_role(RoleName="fn-role", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    lam = boto3.client("lambda", region_name="us-east-1")
    lam.create_function(FunctionName="api", Runtime="python3.12", Role=role, Handler="app.handler",
                        Code={"ZipFile": _code()}, Tags={"team": "orders"},
                        Environment={"Variables": {"DB_PASSWORD": "s3cr3t-Value-42", "STAGE": "prod"}},
                        VpcConfig={"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]})
    lam.create_function(FunctionName="open", Runtime="python3.8", Role=role, Handler="app.handler",
                        Code={"ZipFile": _code()})
    lam.create_function_url_config(FunctionName="open", AuthType="NONE")
    lam.add_permission(FunctionName="open", StatementId="anyone", Action="lambda:InvokeFunction", Principal="*")


def test_lambda_collector_reads_functions(mock_scan) -> None:
    _create_functions()
    inv = mock_scan(["lambda"], regions=["us-east-1"])
    assert inv.gaps == []
    functions = {f.name: f for f in inv.of_type(LambdaFunction)}
    api, open_fn = functions["api"], functions["open"]
    assert api.region == "us-east-1" and api.runtime == "python3.12" and api.tags == {"team": "orders"}
    assert api.environment_variable_names == ("DB_PASSWORD", "STAGE")
    assert api.environment_secret_hints and "s3cr3t" not in json.dumps(api.model_dump(mode="json"))
    assert api.vpc is not None and api.vpc.subnet_ids == ("subnet-1",)
    assert api.policy is None and api.function_urls == ()
    assert open_fn.function_urls[0].auth_type == "NONE"
    assert open_fn.policy is not None and open_fn.policy["Statement"][0]["Principal"] == "*"
    assert inv.stats.calls_by_api["lambda:ListFunctions"] == 1


def test_lambda_detail_denied_marks_fields_unknown(mock_scan, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_functions()
    deny(monkeypatch, ["GetPolicy", "ListFunctionUrlConfigs"])
    inv = mock_scan(["lambda"], regions=["us-east-1"])
    assert {g.api for g in inv.gaps} == {"GetPolicy", "ListFunctionUrlConfigs"}
    findings = evaluate(inv, [APPS_RULES["lambda_function_public_policy"], APPS_RULES["lambda_function_url_auth_none"]])
    assert {f.status for f in findings} == {Status.ERROR}
    assert all("could not be read" in f.reason for f in findings)
