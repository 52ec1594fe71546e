"""FSBP Lambda.5 on functions and subnets built directly (no AWS)."""

from __future__ import annotations

from ssrm.model import Gap, Inventory, Status
from ssrm.model.resources.apps.awslambda import LambdaFunction, LambdaVpcConfig
from ssrm.model.resources.compute.network import Subnet

from .helpers import status, verdict

ACCOUNT = "123456789012"


def function(*subnet_ids: str) -> LambdaFunction:
    vpc = LambdaVpcConfig(vpc_id="vpc-1", subnet_ids=subnet_ids) if subnet_ids else None
    return LambdaFunction(arn=f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f", id="f", name="f",
                          region="us-east-1", runtime="python3.12", vpc=vpc)


def subnets(**zones: str) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inv.add(Subnet(arn=f"arn:aws:ec2:us-east-1:{ACCOUNT}:subnet/{ident}", id=ident, region="us-east-1",
                   vpc_id="vpc-1", availability_zone=zone) for ident, zone in zones.items())
    return inv


def test_function_multi_az() -> None:
    inv = subnets(**{"subnet-a": "us-east-1a", "subnet-b": "us-east-1b", "subnet-c": "us-east-1a"})
    assert status("lambda_function_multi_az", function("subnet-a", "subnet-b"), inv) is Status.PASS
    failing = verdict("lambda_function_multi_az", function("subnet-a", "subnet-c"), inv)
    assert failing.status is Status.FAIL and "us-east-1a" in failing.reason
    assert status("lambda_function_multi_az", function(), inv) is Status.NOT_APPLICABLE


def test_function_multi_az_never_passes_on_unseen_subnets() -> None:
    inv = subnets(**{"subnet-a": "us-east-1a"})
    assert status("lambda_function_multi_az", function("subnet-a", "subnet-x"), inv) is Status.ERROR
    gapped = subnets()
    gapped.add_gaps([Gap(service="ec2", region="us-east-1", api="DescribeSubnets", error="AccessDenied",
                         resource_types=(Subnet.resource_type,))])
    assert status("lambda_function_multi_az", function("subnet-a", "subnet-b"), gapped) is Status.ERROR
    unread = function("subnet-a").model_copy(update={"unknown": {"vpc": "AccessDenied"}})
    assert status("lambda_function_multi_az", unread, inv) is Status.ERROR
