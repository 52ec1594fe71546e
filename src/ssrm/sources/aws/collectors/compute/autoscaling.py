"""Auto Scaling: DescribeAutoScalingGroups and DescribeLaunchConfigurations (both paginated); EC2 launch
templates: DescribeLaunchTemplates, then DescribeLaunchTemplateVersions for each default version (the API
takes one template at a time)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.compute.autoscaling import AutoScalingGroup, LaunchConfiguration, LaunchTemplate
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

GROUP = AutoScalingGroup.resource_type
CONFIGURATION = LaunchConfiguration.resource_type
TEMPLATE = LaunchTemplate.resource_type


def collect(ctx: CollectContext) -> None:
    for item in ctx.pages("describe_auto_scaling_groups", "AutoScalingGroups", resource_types=(GROUP,)) or []:
        ctx.add(_group(ctx, item))
    for item in ctx.pages("describe_launch_configurations", "LaunchConfigurations",
                          resource_types=(CONFIGURATION,)) or []:
        ctx.add(_configuration(ctx, item))
    templates = ctx.pages("describe_launch_templates", "LaunchTemplates", service="ec2", resource_types=(TEMPLATE,))
    for template in ctx.parallel(lambda item: _template(ctx, item), templates or []):
        ctx.add(template)


def _group(ctx: CollectContext, item: dict[str, Any]) -> AutoScalingGroup:
    name = item["AutoScalingGroupName"]
    mixed = item.get("MixedInstancesPolicy") or {}
    mixed_template = mixed.get("LaunchTemplate") or {}
    template = item.get("LaunchTemplate") or mixed_template.get("LaunchTemplateSpecification") or {}
    overrides = mixed_template.get("Overrides") or []
    fallback_arn = ctx.arn("autoscaling", f"autoScalingGroup:*:autoScalingGroupName/{name}")
    return AutoScalingGroup(
        arn=item.get("AutoScalingGroupARN") or fallback_arn,
        id=name, name=name, account=ctx.account, region=ctx.region,
        tags={t["Key"]: t.get("Value", "") for t in item.get("Tags") or [] if "Key" in t},
        launch_configuration=item.get("LaunchConfigurationName") or None,
        launch_template=template.get("LaunchTemplateId") or template.get("LaunchTemplateName") or None,
        instance_types=tuple(o["InstanceType"] for o in overrides if o.get("InstanceType")),
        availability_zones=tuple(item.get("AvailabilityZones") or ()),
        health_check_type=item.get("HealthCheckType", "EC2"),
        load_balancer_names=tuple(item.get("LoadBalancerNames") or ()),
        target_group_arns=tuple(item.get("TargetGroupARNs") or ()),
    )


def _configuration(ctx: CollectContext, item: dict[str, Any]) -> LaunchConfiguration:
    name = item["LaunchConfigurationName"]
    metadata = item.get("MetadataOptions") or {}
    public = item.get("AssociatePublicIpAddress")
    return LaunchConfiguration(
        arn=item.get("LaunchConfigurationARN") or ctx.arn("autoscaling", f"launchConfiguration:*:"
                                                                          f"launchConfigurationName/{name}"),
        id=name, name=name, account=ctx.account, region=ctx.region, image_id=item.get("ImageId", ""),
        instance_type=item.get("InstanceType", ""), http_tokens=metadata.get("HttpTokens") or "optional",
        hop_limit=int(metadata.get("HttpPutResponseHopLimit") or 1),
        http_endpoint=metadata.get("HttpEndpoint") or "enabled",
        associate_public_ip=None if public is None else bool(public),
    )


def _template(ctx: CollectContext, item: dict[str, Any]) -> LaunchTemplate:
    template_id = item["LaunchTemplateId"]
    arn = ctx.arn("ec2", f"launch-template/{template_id}")
    reply = ctx.call("describe_launch_template_versions", service="ec2", resource=arn, LaunchTemplateId=template_id,
                     Versions=["$Default"])
    versions = reply.get("LaunchTemplateVersions") or []
    data = (versions[0].get("LaunchTemplateData") or {}) if versions else {}
    unknown = {} if reply.ok and versions else dict.fromkeys(
        ("http_tokens", "associate_public_ip"), reply.reason if not reply.ok else "no default version returned")
    interfaces = data.get("NetworkInterfaces") or []
    flags = [i["AssociatePublicIpAddress"] for i in interfaces if "AssociatePublicIpAddress" in i]
    return LaunchTemplate(
        arn=arn, id=template_id, name=item.get("LaunchTemplateName", ""), account=ctx.account, region=ctx.region,
        tags={t["Key"]: t.get("Value", "") for t in item.get("Tags") or [] if "Key" in t}, unknown=unknown,
        default_version=int(item.get("DefaultVersionNumber") or 1),
        http_tokens=(data.get("MetadataOptions") or {}).get("HttpTokens"),
        associate_public_ip=any(bool(f) for f in flags) if flags else None,
    )


COLLECTOR = Collector(
    name="autoscaling", client="autoscaling", scope="regional", title="Auto Scaling",
    resource_types=(GROUP, CONFIGURATION, TEMPLATE),
    actions=("autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeLaunchConfigurations",
             "ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions"),
    collect=collect,
)
