"""WAFv2 web ACLs: REGIONAL ones in every region, CLOUDFRONT ones in the partition's home region.

ListWebACLs and ListLoggingConfigurations are per scope; the rules need GetWebACL per ACL, and what a
regional ACL protects needs ListResourcesForWebACL per ACL and resource type (AWS has no batch form).
CloudFront ACLs name no resources: distributions carry their ACL id instead.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ssrm.model.resources.edge.wafv2 import WafRule, WafV2WebAcl
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.edge._shared import marker_pages
from ssrm.sources.aws.context import CollectContext
from ssrm.sources.aws.session import HOME_REGION

WEB_ACL = WafV2WebAcl.resource_type
PROTECTED_TYPES = ("APPLICATION_LOAD_BALANCER", "API_GATEWAY", "APPSYNC", "COGNITO_USER_POOL",
                   "APP_RUNNER_SERVICE", "VERIFIED_ACCESS_INSTANCE", "AMPLIFY")


def collect(ctx: CollectContext) -> None:
    scopes = ["REGIONAL"]
    if ctx.region == HOME_REGION.get(ctx.partition, "us-east-1"):
        scopes.append("CLOUDFRONT")
    for scope in scopes:
        summaries = marker_pages(ctx, "list_web_acls", ("WebACLs",), Scope=scope, Limit=100,
                                 resource_types=(WEB_ACL,))
        if not summaries:
            continue
        logging = marker_pages(ctx, "list_logging_configurations", ("LoggingConfigurations",), Scope=scope,
                               Limit=100)
        destinations = None if logging is None else {
            str(c.get("ResourceArn")): [str(d) for d in c.get("LogDestinationConfigs") or []] for c in logging}
        for acl in ctx.parallel(partial(web_acl_of, ctx, scope=scope, destinations=destinations), summaries):
            ctx.add(acl)


def rule_of(rule: dict[str, Any]) -> WafRule:
    statement = rule.get("Statement") or {}
    managed = statement.get("ManagedRuleGroupStatement")
    group = managed is not None or "RuleGroupReferenceStatement" in statement
    chosen = rule.get("OverrideAction") if group else rule.get("Action")
    return WafRule(
        name=rule.get("Name", ""), action=next(iter(chosen or {}), "None" if group else "Allow"),
        managed_group=f"{managed.get('VendorName')}/{managed.get('Name')}" if managed else None, rule_group=group,
        rate_based="RateBasedStatement" in statement,
        metrics_enabled=bool((rule.get("VisibilityConfig") or {}).get("CloudWatchMetricsEnabled", True)),
    )


def protected_resources(ctx: CollectContext, arn: str, name: str) -> tuple[list[str], str | None]:
    found: list[str] = []
    for kind in PROTECTED_TYPES:
        reply = ctx.call("list_resources_for_web_acl", WebACLArn=arn, ResourceType=kind, resource=name)
        if not reply.ok:
            return found, reply.reason
        found.extend(reply.get("ResourceArns") or [])
    return found, None


def web_acl_of(ctx: CollectContext, summary: dict[str, Any], scope: str,
               destinations: dict[str, list[str]] | None) -> WafV2WebAcl:
    name, acl_id, arn = summary["Name"], summary["Id"], summary["ARN"]
    unknown: dict[str, str] = {}
    reply = ctx.call("get_web_acl", Name=name, Scope=scope, Id=acl_id, resource=name)
    acl = reply.get("WebACL") or {}
    if not reply.ok:
        unknown.update(dict.fromkeys(("rules", "default_action", "metrics_enabled"), reply.reason))
    if destinations is None:
        unknown["logging_destinations"] = "ListLoggingConfigurations failed (see gaps)"
    protected: list[str] = []
    if scope == "REGIONAL":
        protected, why = protected_resources(ctx, arn, name)
        if why:
            unknown["associated_resources"] = why
    return WafV2WebAcl(
        arn=arn, id=acl_id, name=name, account=ctx.account, region=ctx.region, scope=scope,
        default_action=next(iter(acl.get("DefaultAction") or {}), "Allow"),
        rules=[rule_of(r) for r in acl.get("Rules") or []],
        metrics_enabled=bool((acl.get("VisibilityConfig") or {}).get("CloudWatchMetricsEnabled", True)),
        logging_destinations=(destinations or {}).get(arn, []), associated_resources=protected, unknown=unknown,
    )


COLLECTOR = Collector(
    name="wafv2",
    client="wafv2",
    scope="regional",
    resource_types=(WEB_ACL,),
    actions=("wafv2:ListWebACLs", "wafv2:GetWebACL", "wafv2:ListLoggingConfigurations",
             "wafv2:ListResourcesForWebACL"),
    collect=collect,
    title="WAFv2",
)
