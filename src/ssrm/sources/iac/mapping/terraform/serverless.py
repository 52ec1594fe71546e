"""aws_lambda_function with its permissions (resource policy) and function URLs."""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource
from ssrm.model.resources.apps.awslambda import FunctionUrl, LambdaFunction, LambdaVpcConfig
from ssrm.sources.iac.mapping.build import Links, as_list, build, first_block, sub
from ssrm.sources.iac.mapping.secrets import environment_hints
from ssrm.sources.iac.mapping.terraform.links import ids
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown


def permission_statement(principal: Any, action: Any, source_arn: Any, source_account: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": action or "lambda:InvokeFunction", "Resource": "*"}
    statement["Principal"] = "*" if principal == "*" else (
        {"Service": principal} if str(principal).endswith(".amazonaws.com") else {"AWS": principal})
    conditions: dict[str, Any] = {}
    if source_arn:
        conditions["ArnLike"] = {"AWS:SourceArn": source_arn}
    if source_account:
        conditions["StringEquals"] = {"AWS:SourceAccount": source_account}
    if conditions:
        statement["Condition"] = conditions
    return statement


def resource_policy(statements: list[dict[str, Any]]) -> Any:
    if not statements:
        return None
    missing = find_unknown(statements)
    return missing or {"Version": "2012-10-17", "Statement": statements}


def map_function(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    env = first_block(a.get("environment"))
    variables = env if isinstance(env, Unknown) else env.get("variables") or {}
    vpc_block = first_block(a.get("vpc_config"))
    vpc = vpc_block if isinstance(vpc_block, Unknown) else (sub(
        LambdaVpcConfig, subnet_ids=tuple(as_list(vpc_block.get("subnet_ids"))),
        security_group_ids=tuple(as_list(vpc_block.get("security_group_ids")))) if vpc_block else None)
    statements = [permission_statement(p.attrs.get("principal"), p.attrs.get("action"), p.attrs.get("source_arn"),
                                       p.attrs.get("source_account"))
                  for p in links.referencing("aws_lambda_permission", "function_name", raw)]
    urls = [sub(FunctionUrl, url=f"(function URL of {raw.address})", auth_type=u.attrs.get("authorization_type"),
                qualifier=u.attrs.get("qualifier"))
            for u in links.referencing("aws_lambda_function_url", "function_name", raw)]
    names = tuple(variables) if isinstance(variables, dict) else variables
    return [build(LambdaFunction, raw, **ids(raw), name=a.get("function_name"), tags=a.get("tags"),
                  runtime=a.get("runtime"), package_type=a.get("package_type") or "Zip",
                  handler=a.get("handler") or "", role_arn=a.get("role") or "",
                  architectures=tuple(as_list(a.get("architectures")) or ["x86_64"]),
                  environment_variable_names=names,
                  environment_secret_hints=environment_hints(variables, f"{raw.address} environment", links),
                  vpc=vpc, layers=tuple(as_list(a.get("layers"))), kms_key_arn=a.get("kms_key_arn"),
                  policy=resource_policy(statements), function_urls=tuple(urls))]


MAPPERS = {"aws_lambda_function": map_function}
