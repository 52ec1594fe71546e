"""Elastic Beanstalk: environments and their option settings (DescribeConfigurationSettings per environment).

Shape: Elastic Beanstalk API reference, ``ConfigurationSettingsDescription.OptionSettings`` entries
{Namespace, OptionName, Value}. moto does not implement DescribeConfigurationSettings: the settings become
unknown with a gap there, and the rules that need them yield ERROR.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.devtools.elasticbeanstalk import ElasticBeanstalkEnvironment
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

ENVIRONMENT = ElasticBeanstalkEnvironment.resource_type
SETTINGS = ("health_reporting", "managed_updates", "update_level", "stream_logs")
HEALTH = ("aws:elasticbeanstalk:healthreporting:system", "SystemType")
MANAGED = ("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled")
UPDATE_LEVEL = ("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel")
STREAM_LOGS = ("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs")


def collect(ctx: CollectContext) -> None:
    environments = ctx.pages("describe_environments", "Environments", IncludeDeleted=False,
                             resource_types=(ENVIRONMENT,))
    for environment in ctx.parallel(lambda e: environment_of(ctx, e), environments or []):
        ctx.add(environment)


def options(settings: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    return {(str(o.get("Namespace")), str(o.get("OptionName"))): str(o.get("Value", "")) for o in settings}


def environment_of(ctx: CollectContext, env: dict[str, Any]) -> ElasticBeanstalkEnvironment:
    name = env["EnvironmentName"]
    application = env.get("ApplicationName", "")
    base: dict[str, Any] = {
        "arn": env.get("EnvironmentArn") or ctx.arn("elasticbeanstalk", f"environment/{application}/{name}"),
        "id": env.get("EnvironmentId") or name, "name": name, "account": ctx.account, "region": ctx.region,
        "application": application, "status": env.get("Status", ""),
        "platform": env.get("PlatformArn") or env.get("SolutionStackName") or ""}
    reply = ctx.call("describe_configuration_settings", ApplicationName=application, EnvironmentName=name,
                 resource=name)
    if not reply.ok:
        return ElasticBeanstalkEnvironment(**base, unknown=dict.fromkeys(SETTINGS, reply.reason))
    described = (reply.get("ConfigurationSettings") or [{}])[0]
    values = options(described.get("OptionSettings") or [])
    return ElasticBeanstalkEnvironment(
        **base, health_reporting=values.get(HEALTH, "basic").lower(),
        managed_updates=values.get(MANAGED, "false").lower() == "true",
        update_level=values.get(UPDATE_LEVEL) or None,
        stream_logs=values.get(STREAM_LOGS, "false").lower() == "true",
    )


COLLECTOR = Collector(
    name="elasticbeanstalk",
    client="elasticbeanstalk",
    scope="regional",
    resource_types=(ENVIRONMENT,),
    actions=("elasticbeanstalk:DescribeEnvironments", "elasticbeanstalk:DescribeConfigurationSettings"),
    collect=collect,
    title="Elastic Beanstalk",
)
