"""Elastic Beanstalk rules: environments report enhanced health, take managed platform updates, stream logs."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.devtools.elasticbeanstalk import ElasticBeanstalkEnvironment
from ssrm.rules.base import Verdict, failed, passed, rule


def option_cli(namespace: str, name: str, value: str) -> str:
    return (f"aws elasticbeanstalk update-environment --environment-name ENV --option-settings "
            f"Namespace={namespace},OptionName={name},Value={value}")


def option_terraform(namespace: str, name: str, value: str) -> str:
    return (f'resource "aws_elastic_beanstalk_environment" "this" {{\n  setting {{\n    namespace = "{namespace}"\n'
            f'    name      = "{name}"\n    value     = "{value}"\n  }}\n}}')


HEALTH = ("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced")
MANAGED = ("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true")
LOGS = ("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true")


@rule(
    id="elasticbeanstalk_environment_enhanced_health",
    description=("Enhanced health reporting surfaces failing instances and unusual error rates, which are often the "
                 "first sign of trouble."),
    title="Elastic Beanstalk environments have enhanced health reporting",
    resource_type=ElasticBeanstalkEnvironment, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1499", "T1489"), phase=Phase.QUICK_WINS, smm="RS1.1",
    needs=("health_reporting",),
    remediation=Remediation(text="Switch the environment to enhanced health reporting.",
                            cli=option_cli(*HEALTH), terraform=option_terraform(*HEALTH)),
    references=("FSBP ElasticBeanstalk.1",),
)
def enhanced_health(environment: ElasticBeanstalkEnvironment, inv: Inventory) -> Verdict:
    if environment.health_reporting == "enhanced":
        return passed("enhanced health reporting")
    return failed(f"environment {environment.label} has {environment.health_reporting} health reporting")


@rule(
    id="elasticbeanstalk_environment_managed_updates",
    description=("Managed platform updates apply security patches to the environment's platform on a schedule instead "
                 "of never."),
    title="Elastic Beanstalk environments take managed platform updates",
    resource_type=ElasticBeanstalkEnvironment, layer=Layer.APPS, domain=Domain.VULNERABILITY,
    severity=Severity.HIGH, stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    needs=("managed_updates",),
    remediation=Remediation(
        text="Enable managed platform updates (minor and patch) in a weekly maintenance window; they need "
             "enhanced health reporting.",
        cli=option_cli(*MANAGED), terraform=option_terraform(*MANAGED)),
    skips="the update level chosen (minor or patch both count)",
)
def managed_updates(environment: ElasticBeanstalkEnvironment, inv: Inventory) -> Verdict:
    if environment.managed_updates:
        return passed(f"managed updates on ({environment.update_level or 'default level'})")
    return failed(f"environment {environment.label} has ManagedActionsEnabled false")


@rule(
    id="elasticbeanstalk_environment_cloudwatch_logs", title="Elastic Beanstalk environments stream logs to CloudWatch",
    resource_type=ElasticBeanstalkEnvironment, layer=Layer.APPS, domain=Domain.THREAT_DETECTION,
    severity=Severity.HIGH, stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.QUICK_WINS, smm="TD1.2",
    needs=("stream_logs",),
    remediation=Remediation(text="Turn on log streaming to CloudWatch Logs, with a retention period.",
                            cli=option_cli(*LOGS), terraform=option_terraform(*LOGS)),
    references=("FSBP ElasticBeanstalk.3",),
)
def cloudwatch_logs(environment: ElasticBeanstalkEnvironment, inv: Inventory) -> Verdict:
    """Without streaming, instance logs disappear with the instances that Beanstalk replaces."""
    if environment.stream_logs:
        return passed("logs streamed to CloudWatch")
    return failed(f"environment {environment.label} has StreamLogs false")
