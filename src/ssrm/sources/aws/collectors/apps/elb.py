"""Classic Load Balancers: DescribeLoadBalancers, then DescribeLoadBalancerAttributes per load balancer (it takes
one name). Tags are not read: no rule needs them."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.apps.elb import ClassicListener, ClassicLoadBalancer
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

LOAD_BALANCER = ClassicLoadBalancer.resource_type
ATTRIBUTE_FIELDS = ("connection_draining", "cross_zone", "access_logs_enabled", "desync_mitigation_mode")


def collect(ctx: CollectContext) -> None:
    balancers = ctx.pages("describe_load_balancers", "LoadBalancerDescriptions", resource_types=(LOAD_BALANCER,))
    for balancer in ctx.parallel(lambda item: _balancer(ctx, item), balancers or []):
        ctx.add(balancer)


def _listener(item: dict[str, Any]) -> ClassicListener:
    listener = item.get("Listener") or {}
    return ClassicListener(protocol=str(listener.get("Protocol", "")).upper(),
                           port=int(listener.get("LoadBalancerPort", 0)),
                           instance_protocol=str(listener.get("InstanceProtocol", "")).upper(),
                           certificate_id=listener.get("SSLCertificateId") or None)


def _balancer(ctx: CollectContext, item: dict[str, Any]) -> ClassicLoadBalancer:
    name = item["LoadBalancerName"]
    arn = ctx.arn("elasticloadbalancing", f"loadbalancer/{name}")
    unknown: dict[str, str] = {}
    reply = ctx.call("describe_load_balancer_attributes", LoadBalancerName=name, resource=arn)
    if not reply.ok:
        unknown.update(dict.fromkeys(ATTRIBUTE_FIELDS, reply.reason))
    attributes = reply.get("LoadBalancerAttributes") or {}
    extra = {a.get("Key"): a.get("Value") for a in attributes.get("AdditionalAttributes") or []}
    return ClassicLoadBalancer(
        arn=arn, id=name, name=name, account=ctx.account, region=ctx.region, unknown=unknown,
        scheme=item.get("Scheme", "internet-facing"), dns_name=item.get("DNSName", ""), vpc_id=item.get("VPCId"),
        availability_zones=tuple(item.get("AvailabilityZones") or ()),
        security_group_ids=tuple(item.get("SecurityGroups") or ()),
        instance_ids=tuple(i["InstanceId"] for i in item.get("Instances") or () if i.get("InstanceId")),
        listeners=tuple(_listener(listener) for listener in item.get("ListenerDescriptions") or ()),
        connection_draining=bool((attributes.get("ConnectionDraining") or {}).get("Enabled")),
        cross_zone=bool((attributes.get("CrossZoneLoadBalancing") or {}).get("Enabled")),
        access_logs_enabled=bool((attributes.get("AccessLog") or {}).get("Enabled")),
        desync_mitigation_mode=str(extra.get("elb.http.desyncmitigationmode") or "defensive"),
    )


COLLECTOR = Collector(
    name="elb", client="elb", scope="regional", resource_types=(LOAD_BALANCER,), title="Classic ELB",
    actions=("elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes"),
    collect=collect,
)
