"""elbv2 (ALB/NLB/GWLB): DescribeLoadBalancers, DescribeTags in batches of 20, and per load balancer
DescribeListeners and DescribeLoadBalancerAttributes (neither accepts several load balancers)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.apps.elbv2 import Listener, ListenerAction, LoadBalancerV2
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

LOAD_BALANCER = LoadBalancerV2.resource_type
TAG_BATCH = 20
ATTRIBUTE_FIELDS = ("access_logs_enabled", "access_logs_bucket", "deletion_protection",
                    "drop_invalid_header_fields", "desync_mitigation_mode")


def collect(ctx: CollectContext) -> None:
    balancers = ctx.pages("describe_load_balancers", "LoadBalancers", resource_types=(LOAD_BALANCER,))
    if not balancers:
        return
    arns = [b["LoadBalancerArn"] for b in balancers]
    tags, tags_error = _tags(ctx, arns)
    for balancer in ctx.parallel(lambda item: _balancer(ctx, item, tags, tags_error), balancers):
        ctx.add(balancer)


def _tags(ctx: CollectContext, arns: list[str]) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Tags by ARN, and for ARNs whose batch failed, the reason."""
    tags: dict[str, dict[str, str]] = {}
    errors: dict[str, str] = {}
    for start in range(0, len(arns), TAG_BATCH):
        batch = arns[start:start + TAG_BATCH]
        reply = ctx.call("describe_tags", ResourceArns=batch)
        if not reply.ok:
            errors.update(dict.fromkeys(batch, reply.reason))
            continue
        for description in reply.get("TagDescriptions") or []:
            tags[description["ResourceArn"]] = {t["Key"]: t.get("Value", "") for t in description.get("Tags") or []}
    return tags, errors


def _balancer(ctx: CollectContext, item: dict[str, Any], tags: dict[str, dict[str, str]],
              tags_error: dict[str, str]) -> LoadBalancerV2:
    arn = item["LoadBalancerArn"]
    unknown: dict[str, str] = {}
    if arn in tags_error:
        unknown["tags"] = tags_error[arn]
    listeners = ctx.pages("describe_listeners", "Listeners", LoadBalancerArn=arn, resource=arn)
    if listeners is None:
        unknown["listeners"] = "DescribeListeners failed (see collection gaps)"
    attributes_reply = ctx.call("describe_load_balancer_attributes", LoadBalancerArn=arn, resource=arn)
    if not attributes_reply.ok:
        unknown.update(dict.fromkeys(ATTRIBUTE_FIELDS, attributes_reply.reason))
    # An attribute missing from a successful answer has its documented default (off / none).
    attributes = {a["Key"]: a.get("Value", "") for a in attributes_reply.get("Attributes") or []}
    zones = item.get("AvailabilityZones") or []
    return LoadBalancerV2(
        arn=arn, id=arn.split("loadbalancer/", 1)[-1], name=item.get("LoadBalancerName", ""),
        account=ctx.account, region=ctx.region, tags=tags.get(arn, {}),
        lb_type=item.get("Type", "application"), scheme=item.get("Scheme", "internet-facing"),
        dns_name=item.get("DNSName", ""), vpc_id=item.get("VpcId"),
        subnet_ids=tuple(z["SubnetId"] for z in zones if z.get("SubnetId")),
        availability_zones=tuple(z["ZoneName"] for z in zones if z.get("ZoneName")),
        security_group_ids=tuple(item.get("SecurityGroups") or ()),
        listeners=tuple(_listener(raw) for raw in listeners or ()),
        access_logs_enabled=attributes.get("access_logs.s3.enabled") == "true",
        access_logs_bucket=attributes.get("access_logs.s3.bucket") or None,
        deletion_protection=attributes.get("deletion_protection.enabled") == "true",
        drop_invalid_header_fields=attributes.get("routing.http.drop_invalid_header_fields.enabled") == "true",
        desync_mitigation_mode=attributes.get("routing.http.desync_mitigation_mode") or None,
        unknown=unknown,
    )


def _listener(raw: dict[str, Any]) -> Listener:
    protocol = raw.get("Protocol", "")
    return Listener(
        arn=raw["ListenerArn"], protocol=protocol, port=raw.get("Port"),
        # Only TLS-terminating listeners have a security policy (moto reports one on HTTP listeners too).
        ssl_policy=raw.get("SslPolicy") if protocol in {"HTTPS", "TLS"} else None,
        certificate_arns=tuple(c["CertificateArn"] for c in raw.get("Certificates") or () if c.get("CertificateArn")),
        default_actions=tuple(_action(a) for a in raw.get("DefaultActions") or ()),
    )


def _action(raw: dict[str, Any]) -> ListenerAction:
    redirect = raw.get("RedirectConfig") or {}
    groups = [raw["TargetGroupArn"]] if raw.get("TargetGroupArn") else []
    groups += [g["TargetGroupArn"] for g in (raw.get("ForwardConfig") or {}).get("TargetGroups") or ()
               if g.get("TargetGroupArn") and g["TargetGroupArn"] not in groups]
    return ListenerAction(
        type=raw.get("Type", ""), target_group_arns=tuple(groups),
        redirect_protocol=redirect.get("Protocol"), redirect_port=redirect.get("Port"),
        status_code=redirect.get("StatusCode") or (raw.get("FixedResponseConfig") or {}).get("StatusCode"),
    )


COLLECTOR = Collector(
    name="elbv2", client="elbv2", scope="regional", resource_types=(LOAD_BALANCER,),
    actions=("elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeListeners",
             "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeTags"),
    collect=collect, title="Elastic Load Balancing v2",
)
