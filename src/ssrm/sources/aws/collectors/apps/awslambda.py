"""Lambda: ListFunctions, then per function GetPolicy, ListFunctionUrlConfigs and ListTags (no batch call exists).

Environment variable values are read only to look for credentials; nothing but redacted hints and the
variable names is kept.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.apps.awslambda import FunctionUrl, LambdaFunction, LambdaVpcConfig
from ssrm.model.secrets import find_secrets_in_env
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.apps.documents import read_document
from ssrm.sources.aws.context import CollectContext

FUNCTION = LambdaFunction.resource_type
# Answers meaning "this endpoint does not implement ListFunctionUrlConfigs" (the moto emulator answers a bare
# 404): fall back to GetFunctionUrlConfig on the unqualified function. Never returned by AWS itself.
URL_LISTING_UNSUPPORTED = ("HTTP 404", "NotImplemented", "UnknownOperationException")


def collect(ctx: CollectContext) -> None:
    functions = ctx.pages("list_functions", "Functions", resource_types=(FUNCTION,))
    if functions is None:
        return
    for function in ctx.parallel(lambda item: _function(ctx, item), functions):
        ctx.add(function)


def _function(ctx: CollectContext, item: dict[str, Any]) -> LambdaFunction:
    name, arn = item["FunctionName"], item["FunctionArn"]
    unknown: dict[str, str] = {}
    policy = read_document(ctx.call("get_policy", FunctionName=name, absent=("ResourceNotFoundException",),
                                    resource=arn), "Policy", "policy", unknown)
    urls = _function_urls(ctx, name, arn)
    if isinstance(urls, str):
        unknown["function_urls"] = urls
    tags = ctx.call("list_tags", Resource=arn, resource=arn)
    if not tags.ok:
        unknown["tags"] = tags.reason
    variables: dict[str, str] = (item.get("Environment") or {}).get("Variables") or {}
    hints = find_secrets_in_env(variables, "Lambda environment")
    return LambdaFunction(
        arn=arn, id=name, name=name, account=ctx.account, region=ctx.region,
        tags=tags.get("Tags") or {},
        runtime=item.get("Runtime") or None,
        package_type=item.get("PackageType", "Zip"),
        handler=item.get("Handler", ""),
        role_arn=item.get("Role", ""),
        architectures=tuple(item.get("Architectures") or ()),
        environment_variable_names=tuple(sorted(variables)),
        environment_secret_hints=tuple(h.describe() for h in hints),
        vpc=_vpc_config(item.get("VpcConfig")),
        layers=tuple(layer["Arn"] for layer in item.get("Layers") or () if layer.get("Arn")),
        kms_key_arn=item.get("KMSKeyArn") or None,
        last_modified=str(item.get("LastModified", "")),
        policy=policy,
        function_urls=() if isinstance(urls, str) else urls,
        unknown=unknown,
    )


def _vpc_config(raw: dict[str, Any] | None) -> LambdaVpcConfig | None:
    if not raw or not raw.get("SubnetIds"):
        return None
    return LambdaVpcConfig(vpc_id=raw.get("VpcId", ""), subnet_ids=tuple(raw.get("SubnetIds") or ()),
                           security_group_ids=tuple(raw.get("SecurityGroupIds") or ()))


def _function_urls(ctx: CollectContext, name: str, arn: str) -> tuple[FunctionUrl, ...] | str:
    """The function's URLs, or the reason they could not be read."""
    listed = ctx.call("list_function_url_configs", FunctionName=name, absent=URL_LISTING_UNSUPPORTED,
                      resource=arn)
    if listed.ok:
        return tuple(_url(c) for c in listed.get("FunctionUrlConfigs") or ())
    if not listed.absent:
        return listed.reason
    single = ctx.call("get_function_url_config", FunctionName=name, absent=("ResourceNotFoundException",),
                      resource=arn)
    if single.ok:
        return (_url(single.data or {}),)
    return () if single.absent else single.reason


def _url(config: dict[str, Any]) -> FunctionUrl:
    function_arn = str(config.get("FunctionArn", ""))
    qualifier = function_arn.split(":")[7] if function_arn.count(":") >= 7 else None
    return FunctionUrl(url=config.get("FunctionUrl", ""), auth_type=config.get("AuthType", ""),
                       qualifier=qualifier, cors=config.get("Cors") or None)


COLLECTOR = Collector(
    name="lambda", client="lambda", scope="regional", resource_types=(FUNCTION,),
    actions=("lambda:ListFunctions", "lambda:GetPolicy", "lambda:ListFunctionUrlConfigs",
             "lambda:GetFunctionUrlConfig", "lambda:ListTags"),
    collect=collect, title="Lambda",
)
