"""DMS rules: replication instances private, patched and redundant; endpoints on TLS; tasks logging."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.devtools.dms import DmsEndpoint, DmsReplicationInstance, DmsReplicationTask
from ssrm.rules.base import Verdict, failed, for_message, not_applicable, passed, rule

# Severities at or above the default that FSBP asks for; ERROR, WARNING and INFO log less.
ENOUGH = ("LOGGER_SEVERITY_DEFAULT", "LOGGER_SEVERITY_DEBUG", "LOGGER_SEVERITY_DETAILED_DEBUG")
SOURCE_COMPONENTS = ("SOURCE_CAPTURE", "SOURCE_UNLOAD")
TARGET_COMPONENTS = ("TARGET_APPLY", "TARGET_LOAD")
# Engines whose endpoints have no SslMode setting (their transport is HTTPS or its own protocol).
NO_SSL_MODE = frozenset({"s3", "dynamodb", "kinesis", "kafka", "opensearch", "elasticsearch", "neptune",
                         "redshift-serverless", "timestream"})


@rule(
    id="dms_replication_instance_public", title="DMS replication instances are not publicly accessible",
    resource_type=DmsReplicationInstance, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1213.006"), phase=Phase.QUICK_WINS, smm="DP1.1",
    remediation=Remediation(
        text="Public accessibility is fixed at creation: create a private replication instance, move the "
             "tasks to it and delete the public one.",
        cli="aws dms create-replication-instance --replication-instance-identifier NAME "
            "--replication-instance-class dms.t3.medium --no-publicly-accessible",
        terraform='resource "aws_dms_replication_instance" "this" {\n  publicly_accessible = false\n}',
    ),
    references=("FSBP DMS.1",),
    skips="whether a security group actually admits the internet",
)
def instance_public(instance: DmsReplicationInstance, inv: Inventory) -> Verdict:
    """The instance holds credentials for both databases it replicates between."""
    if instance.publicly_accessible:
        where = ", ".join(for_message(instance, "public_ips") or []) or "a public address"
        return failed(f"replication instance {instance.label} is publicly accessible at {where}")
    return passed("not publicly accessible")


@rule(
    id="dms_replication_instance_auto_minor_upgrade",
    description=("Minor engine versions carry security fixes; without automatic upgrades known flaws stay until "
                 "someone applies them by hand."),
    title="DMS replication instances apply minor engine upgrades automatically",
    resource_type=DmsReplicationInstance, layer=Layer.CLOUD, domain=Domain.VULNERABILITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    remediation=Remediation(
        text="Enable automatic minor version upgrades so patches land in the maintenance window.",
        cli="aws dms modify-replication-instance --replication-instance-arn ARN --auto-minor-version-upgrade "
            "--apply-immediately",
        terraform='resource "aws_dms_replication_instance" "this" {\n  auto_minor_version_upgrade = true\n}',
    ),
    references=("FSBP DMS.6",),
)
def instance_auto_minor_upgrade(instance: DmsReplicationInstance, inv: Inventory) -> Verdict:
    if instance.auto_minor_version_upgrade:
        return passed("auto minor version upgrade is on")
    return failed(f"replication instance {instance.label} ({instance.engine_version or 'engine'}) "
                  "does not take minor upgrades automatically")


@rule(
    id="dms_replication_instance_multi_az", title="DMS replication instances run in more than one Availability Zone",
    description="A single-zone replication instance stops replication when that zone fails, leaving targets stale.",
    resource_type=DmsReplicationInstance, layer=Layer.CLOUD, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1489",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    remediation=Remediation(
        text="Convert the replication instance to Multi-AZ (a standby in another AZ with automatic failover).",
        cli="aws dms modify-replication-instance --replication-instance-arn ARN --multi-az --apply-immediately",
        terraform='resource "aws_dms_replication_instance" "this" {\n  multi_az = true\n}',
    ),
    skips="one-off migrations that are meant to be torn down (mute with the reason)",
)
def instance_multi_az(instance: DmsReplicationInstance, inv: Inventory) -> Verdict:
    if instance.multi_az:
        return passed("Multi-AZ")
    return failed(f"replication instance {instance.label} runs in a single Availability Zone")


@rule(
    id="dms_endpoint_ssl", title="DMS endpoints connect to their databases over TLS",
    description=("Replication carries whole databases between endpoints; without TLS the data and credentials travel "
                 "in clear text."),
    resource_type=DmsEndpoint, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Set the endpoint's SSL mode to require (or verify-full with the server's CA certificate).",
        cli="aws dms modify-endpoint --endpoint-arn ARN --ssl-mode require",
        terraform='resource "aws_dms_endpoint" "this" {\n  ssl_mode = "require"\n}',
    ),
    references=("FSBP DMS.9",),
    skips="engines with no SSL mode setting (S3, DynamoDB, Kinesis, Kafka, OpenSearch, Neptune...)",
)
def endpoint_ssl(endpoint: DmsEndpoint, inv: Inventory) -> Verdict:
    if endpoint.engine.lower() in NO_SSL_MODE:
        return not_applicable(f"{endpoint.engine} endpoints have no SSL mode setting")
    if endpoint.ssl_mode.lower() == "none":
        return failed(f"{endpoint.endpoint_type.lower()} endpoint {endpoint.label} ({endpoint.engine}) "
                      "has SslMode none")
    return passed(f"SslMode {endpoint.ssl_mode}")


def logging_verdict(task: DmsReplicationTask, components: tuple[str, ...]) -> Verdict:
    if not task.logging_enabled:
        return failed(f"task {task.label} has logging disabled")
    weak = [f"{c}={task.log_components.get(c, 'unset')}" for c in components
            if task.log_components.get(c) not in ENOUGH]
    if weak:
        return failed(f"task {task.label} logs {', '.join(weak)}, below LOGGER_SEVERITY_DEFAULT")
    return passed(f"{' and '.join(components)} logged at default severity or more")


LOGGING_CLI = ("aws dms modify-replication-task --replication-task-arn ARN --replication-task-settings "
               "file://task-settings.json  # Logging.EnableLogging=true, LogComponents at LOGGER_SEVERITY_DEFAULT")


@rule(
    id="dms_replication_task_target_logging", title="DMS replication tasks log target database activity",
    description="Target-side logs show what the task wrote, needed to prove what data moved where.",
    resource_type=DmsReplicationTask, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.QUICK_WINS, smm="TD1.2",
    needs=("logging_enabled", "log_components"),
    remediation=Remediation(
        text="Enable task logging with TARGET_APPLY and TARGET_LOAD at LOGGER_SEVERITY_DEFAULT or more.",
        cli=LOGGING_CLI,
        terraform='resource "aws_dms_replication_task" "this" {\n  replication_task_settings = jsonencode({\n'
                  '    Logging = { EnableLogging = true, LogComponents = [\n'
                  '      { Id = "TARGET_APPLY", Severity = "LOGGER_SEVERITY_DEFAULT" },\n'
                  '      { Id = "TARGET_LOAD", Severity = "LOGGER_SEVERITY_DEFAULT" }] }\n  })\n}',
    ),
    references=("FSBP DMS.7",),
)
def task_target_logging(task: DmsReplicationTask, inv: Inventory) -> Verdict:
    return logging_verdict(task, TARGET_COMPONENTS)


@rule(
    id="dms_replication_task_source_logging", title="DMS replication tasks log source database activity",
    description="Source-side logs show what the task read and why it failed, needed to investigate data movement.",
    resource_type=DmsReplicationTask, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.QUICK_WINS, smm="TD1.2",
    needs=("logging_enabled", "log_components"),
    remediation=Remediation(
        text="Enable task logging with SOURCE_CAPTURE and SOURCE_UNLOAD at LOGGER_SEVERITY_DEFAULT or more.",
        cli=LOGGING_CLI,
        terraform='resource "aws_dms_replication_task" "this" {\n  replication_task_settings = jsonencode({\n'
                  '    Logging = { EnableLogging = true, LogComponents = [\n'
                  '      { Id = "SOURCE_CAPTURE", Severity = "LOGGER_SEVERITY_DEFAULT" },\n'
                  '      { Id = "SOURCE_UNLOAD", Severity = "LOGGER_SEVERITY_DEFAULT" }] }\n  })\n}',
    ),
    references=("FSBP DMS.8",),
)
def task_source_logging(task: DmsReplicationTask, inv: Inventory) -> Verdict:
    return logging_verdict(task, SOURCE_COMPONENTS)
