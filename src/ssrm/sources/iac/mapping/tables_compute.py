"""Declarative tables (see ``table.py``) for compute and application types: Auto Scaling groups, launch
configurations and templates, ECS, CodeBuild, Elastic Beanstalk, Step Functions, EventBridge, SSM
documents, Cognito, SNS subscriptions, CloudWatch alarms and metric filters.

Each default names the AWS documentation it comes from (the API reference's default for the parameter
unless said otherwise).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ssrm.model.resources.apps.logs import MetricFilter, MetricTransformation
from ssrm.model.resources.compute.autoscaling import AutoScalingGroup, LaunchConfiguration, LaunchTemplate
from ssrm.model.resources.containers.ecs import ContainerDefinition, EcsCluster, EcsService, EcsTaskDefinition
from ssrm.model.resources.devtools.codebuild import CodeBuildProject, CodeBuildReportGroup
from ssrm.model.resources.devtools.cognito import CognitoIdentityPool, CognitoUserPool
from ssrm.model.resources.devtools.elasticbeanstalk import ElasticBeanstalkEnvironment
from ssrm.model.resources.operations.cloudwatch import CloudWatchAlarm
from ssrm.model.resources.operations.events import EventArchive, EventBus
from ssrm.model.resources.operations.sns import SnsSubscription
from ssrm.model.resources.operations.ssm import SsmDocument
from ssrm.model.resources.operations.stepfunctions import StepFunctionsStateMachine
from ssrm.sources.iac.mapping.build import Links, as_list, policy_document, sub
from ssrm.sources.iac.mapping.secrets import environment_hints
from ssrm.sources.iac.mapping.table import Field, Table, read_path
from ssrm.sources.iac.mapping.table_support import (
    CFN,
    TF,
    blocks,
    boolean,
    option_settings,
    read_block,
    reference,
    referencing,
    strings,
    subnet_facts,
    unresolved,
)
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown

IMDS = "EC2 API InstanceMetadataOptionsRequest"


def _upper(value: Any) -> Any:
    return str(value).upper()


# --- Auto Scaling ----------------------------------------------------------------------------------
def _launch_source(raw: RawResource, links: Links, fmt: str) -> tuple[Any, Any, RawResource | None]:
    """(launch configuration, launch template, the declared record it names) of a group."""
    if fmt == TF:
        config = raw.attrs.get("launch_configuration")
        spec = read_block(raw.attrs, "launch_template") or \
            read_block(raw.attrs, "mixed_instances_policy.launch_template.launch_template_specification")
        template = (spec.get("id") or spec.get("name")) if isinstance(spec, dict) else spec
        kinds = ("aws_launch_configuration", "aws_launch_template")
    else:
        config = raw.attrs.get("LaunchConfigurationName")
        spec = raw.attrs.get("LaunchTemplate") or \
            read_path(raw.attrs, "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification")
        template = (spec.get("LaunchTemplateId") or spec.get("LaunchTemplateName")) if isinstance(spec, dict) \
            else spec
        kinds = ("AWS::AutoScaling::LaunchConfiguration", "AWS::EC2::LaunchTemplate")
    declared = links.find(kinds[0], config) if config else links.find(kinds[1], reference(template))
    return config, template, declared


def _group_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    config, template, declared = _launch_source(raw, links, fmt)
    if fmt == TF:
        subnets, zones = raw.attrs.get("vpc_zone_identifier"), raw.attrs.get("availability_zones")
        overrides = blocks(read_path(raw.attrs, "mixed_instances_policy.launch_template.override"))
        type_key, lbs = "instance_type", as_list(raw.attrs.get("load_balancers"))
        targets = as_list(raw.attrs.get("target_group_arns"))
        for attachment in referencing(links, "aws_autoscaling_attachment", "autoscaling_group_name", raw):
            lbs += [v for v in as_list(attachment.attrs.get("elb")) if v]
            targets += [v for v in as_list(attachment.attrs.get("lb_target_group_arn")) if v]
        missing = unresolved(links, "aws_autoscaling_attachment", "autoscaling_group_name")
    else:
        subnets, zones = raw.attrs.get("VPCZoneIdentifier"), raw.attrs.get("AvailabilityZones")
        overrides = blocks(read_path(raw.attrs, "MixedInstancesPolicy.LaunchTemplate.Overrides"))
        type_key, lbs = "InstanceType", as_list(raw.attrs.get("LoadBalancerNames"))
        targets, missing = as_list(raw.attrs.get("TargetGroupARNs")), None
    zone_list = subnet_facts(subnets, links, fmt)[1] if subnets else strings(zones)
    if isinstance(overrides, Unknown):
        types: Any = overrides
    elif overrides:
        types = strings([o.get(type_key) for o in overrides])
    elif declared is not None:
        declared_type = declared.attrs.get("instance_type") if fmt == TF else \
            declared.attrs.get("InstanceType", read_path(declared.attrs, "LaunchTemplateData.InstanceType"))
        types = strings([declared_type]) if declared_type is not None else Unknown(
            f"{declared.address} names no instance type")
    else:
        types = Unknown("the launch configuration or template is not declared in the code")
    return {"launch_configuration": config, "launch_template": reference(template), "instance_types": types,
            "availability_zones": zone_list, "load_balancer_names": missing or strings(lbs),
            "target_group_arns": missing or strings(targets)}


AUTOSCALING_GROUP = Table(
    AutoScalingGroup, ("aws_autoscaling_group",), ("AWS::AutoScaling::AutoScalingGroup",),
    name=("name", "AutoScalingGroupName"),
    fields=(Field("health_check_type", "health_check_type", "HealthCheckType", "EC2",
                  "Auto Scaling API CreateAutoScalingGroup: HealthCheckType EC2"),),
    derived=("launch_configuration", "launch_template", "instance_types", "availability_zones",
             "load_balancer_names", "target_group_arns"), derive=_group_derive)

LAUNCH_CONFIGURATION = Table(
    LaunchConfiguration, ("aws_launch_configuration",), ("AWS::AutoScaling::LaunchConfiguration",),
    name=("name", "LaunchConfigurationName"),
    fields=(
        Field("image_id", "image_id", "ImageId"),
        Field("instance_type", "instance_type", "InstanceType"),
        Field("http_tokens", "metadata_options.http_tokens", "MetadataOptions.HttpTokens", "optional",
              f"{IMDS}: HttpTokens optional (as for aws_instance)"),
        Field("hop_limit", "metadata_options.http_put_response_hop_limit", "MetadataOptions.HttpPutResponseHopLimit",
              1, f"{IMDS}: HttpPutResponseHopLimit 1", int),
        Field("http_endpoint", "metadata_options.http_endpoint", "MetadataOptions.HttpEndpoint", "enabled",
              f"{IMDS}: HttpEndpoint enabled"),
        Field("associate_public_ip", "associate_public_ip_address", "AssociatePublicIpAddress", None,
              "Auto Scaling API: absent, the subnet's MapPublicIpOnLaunch decides", boolean),
    ))


def _template_public_ip(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    path = "network_interfaces" if fmt == TF else "LaunchTemplateData.NetworkInterfaces"
    interfaces = blocks(read_path(raw.attrs, path) if fmt == CFN else raw.attrs.get(path))
    if isinstance(interfaces, Unknown):
        return {"associate_public_ip": interfaces}
    key = "associate_public_ip_address" if fmt == TF else "AssociatePublicIpAddress"
    values = [i.get(key) for i in interfaces if i.get(key) not in (None, "")]
    missing = find_unknown(values)
    return {"associate_public_ip": missing if missing else (any(boolean(v) for v in values) if values else None)}


LAUNCH_TEMPLATE = Table(
    LaunchTemplate, ("aws_launch_template",), ("AWS::EC2::LaunchTemplate",), name=("name", "LaunchTemplateName"),
    fields=(Field("http_tokens", "metadata_options.http_tokens", "LaunchTemplateData.MetadataOptions.HttpTokens",
                  None, "absent, the launch request's own settings decide"),),
    constants={"default_version": (1, "a template created from code has its first version as default")},
    derived=("associate_public_ip",), derive=_template_public_ip)


# --- ECS -------------------------------------------------------------------------------------------
def _cluster_insights(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    settings = blocks(raw.attrs.get("setting" if fmt == TF else "ClusterSettings"))
    if isinstance(settings, Unknown):
        return {"container_insights": settings}
    name, value = ("name", "value") if fmt == TF else ("Name", "Value")
    for setting in settings:
        if setting.get(name) == "containerInsights":
            return {"container_insights": setting.get(value)}
    return {"container_insights": Unknown("containerInsights is not set: the account setting (PutAccountSetting"
                                          "Default containerInsights) decides")}


ECS_CLUSTER = Table(
    EcsCluster, ("aws_ecs_cluster",), ("AWS::ECS::Cluster",), name=("name", "ClusterName"), fields=(),
    constants={"status": ("ACTIVE", "a cluster created from code is ACTIVE")},
    derived=("container_insights",), derive=_cluster_insights)


def _service_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        strategy = blocks(raw.attrs.get("capacity_provider_strategy"))
        launch, provider_key = raw.attrs.get("launch_type"), "capacity_provider"
        public = read_path(raw.attrs, "network_configuration.assign_public_ip")
        subnets = read_path(raw.attrs, "network_configuration.subnets")
        groups = read_path(raw.attrs, "network_configuration.security_groups")
    else:
        strategy = blocks(raw.attrs.get("CapacityProviderStrategy"))
        launch, provider_key = raw.attrs.get("LaunchType"), "CapacityProvider"
        public = read_path(raw.attrs, "NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp")
        public = public if public is None or isinstance(public, Unknown) else str(public).upper() == "ENABLED"
        subnets = read_path(raw.attrs, "NetworkConfiguration.AwsvpcConfiguration.Subnets")
        groups = read_path(raw.attrs, "NetworkConfiguration.AwsvpcConfiguration.SecurityGroups")
    providers = strategy if isinstance(strategy, Unknown) else strings([s.get(provider_key) for s in strategy])
    if launch is None and not strategy:
        launch = Unknown("neither a launch type nor a capacity provider strategy: the cluster's default "
                         "strategy decides")
    return {"launch_type": launch, "capacity_providers": providers,
            # ECS API AwsVpcConfiguration: assignPublicIp DISABLED when not given
            "assign_public_ip": False if public is None else boolean(public),
            "subnet_ids": strings(subnets), "security_group_ids": strings(groups)}


ECS_SERVICE = Table(
    EcsService, ("aws_ecs_service",), ("AWS::ECS::Service",), name=("name", "ServiceName"),
    fields=(
        Field("cluster_arn", "cluster", "Cluster", "default", "ECS API CreateService: the default cluster"),
        Field("platform_version", "platform_version", "PlatformVersion", "LATEST",
              "ECS API CreateService: platformVersion LATEST on Fargate"),
        Field("task_definition_arn", "task_definition", "TaskDefinition"),
    ),
    derived=("launch_type", "capacity_providers", "assign_public_ip", "subnet_ids", "security_group_ids"),
    derive=_service_derive)


CONTAINER_KEYS = {TF: ("name", "image", "privileged", "user", "readonlyRootFilesystem", "logConfiguration",
                       "logDriver", "environment", "value"),
                  CFN: ("Name", "Image", "Privileged", "User", "ReadonlyRootFilesystem", "LogConfiguration",
                        "LogDriver", "Environment", "Value")}


def _containers(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    value = raw.attrs.get("container_definitions" if fmt == TF else "ContainerDefinitions")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {"containers": Unknown("container_definitions is not valid JSON")}
    items = blocks(value)
    if isinstance(items, Unknown):
        return {"containers": items}
    k = CONTAINER_KEYS[fmt]
    containers: list[Any] = []
    for item in items:
        name = item.get(k[0])
        variables = {str(e.get(k[0])): e.get(k[8]) for e in blocks(item.get(k[7])) or [] if isinstance(e, dict)}
        log = item.get(k[5])
        containers.append(sub(
            ContainerDefinition, name=name, image=item.get(k[1]),
            privileged=boolean(item.get(k[2], False)), user=item.get(k[3]) or None,
            readonly_root_filesystem=boolean(item.get(k[4], False)),
            log_driver=log.get(k[6]) if isinstance(log, dict) else log,
            environment_variable_names=tuple(variables),
            environment_secret_hints=environment_hints(variables, f"{raw.address} container {name}", links)))
    missing = find_unknown(containers)
    return {"containers": missing or tuple(containers)}


ECS_TASK_DEFINITION = Table(
    EcsTaskDefinition, ("aws_ecs_task_definition",), ("AWS::ECS::TaskDefinition",), name=("family", "Family"),
    fields=(
        Field("family", "family", "Family"),
        Field("network_mode", "network_mode", "NetworkMode", "bridge",
              "ECS API RegisterTaskDefinition: networkMode bridge when none is given"),
        Field("pid_mode", "pid_mode", "PidMode", None, "ECS: each task has its own PID namespace"),
        Field("requires_compatibilities", "requires_compatibilities", "RequiresCompatibilities", (),
              "ECS API RegisterTaskDefinition: none required", strings),
        Field("task_role_arn", "task_role_arn", "TaskRoleArn", None, "ECS: tasks get no role unless given"),
        Field("execution_role_arn", "execution_role_arn", "ExecutionRoleArn", None, "ECS: none unless given"),
    ),
    constants={"status": ("ACTIVE", "a registered revision is ACTIVE")},
    live_only={"revision": "numbered at registration"},
    derived=("containers",), derive=_containers)


# --- CodeBuild -------------------------------------------------------------------------------------
def _url_credentials(location: Any) -> str | None:
    if not isinstance(location, str) or "://" not in location:
        return None
    try:
        parts = urlsplit(location)
    except ValueError:
        return None
    return f"{parts.username or ''}:…@{parts.hostname or ''}" if parts.password else None


def _codebuild_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    tf = fmt == TF
    sources = blocks(raw.attrs.get("source" if tf else "Source"))
    secondary = blocks(raw.attrs.get("secondary_sources" if tf else "SecondarySources"))
    source_hints: Any = []
    every_source = [*(sources if isinstance(sources, list) else []),
                    *(secondary if isinstance(secondary, list) else [])]
    for source in every_source:
        location = source.get("location" if tf else "Location")
        if isinstance(location, Unknown):
            source_hints = Unknown(f"a source location {location.reason}")
            break
        hint = _url_credentials(location)
        if hint:
            source_hints.append(f"{source.get('type' if tf else 'Type', 'source')} URL {hint}")
    variables = blocks(read_path(raw.attrs, "environment.environment_variable" if tf else
                                 "Environment.EnvironmentVariables"))
    if isinstance(variables, Unknown):
        env_hints: Any = variables
    else:
        keys = ("name", "value", "type") if tf else ("Name", "Value", "Type")
        plain = {str(v.get(keys[0])): v.get(keys[1]) for v in variables
                 if v.get(keys[2], "PLAINTEXT") == "PLAINTEXT"}
        env_hints = environment_hints(plain, f"{raw.address} environment", links)
        env_hints = list(env_hints) if isinstance(env_hints, tuple) else env_hints
    artifacts = blocks(raw.attrs.get("artifacts" if tf else "Artifacts"))
    more = blocks(raw.attrs.get("secondary_artifacts" if tf else "SecondaryArtifacts"))
    key = "encryption_disabled" if tf else "EncryptionDisabled"
    every = [*(artifacts if isinstance(artifacts, list) else []), *(more if isinstance(more, list) else [])]
    disabled = [a.get(key, False) for a in every]
    return {"source_credential_hints": source_hints, "env_secret_hints": env_hints,
            "artifacts_encryption_disabled": find_unknown(disabled) or any(boolean(d) for d in disabled)}


def _status_on(value: Any) -> Any:
    return str(value).upper() == "ENABLED"


CODEBUILD_PROJECT = Table(
    CodeBuildProject, ("aws_codebuild_project",), ("AWS::CodeBuild::Project",), name=("name", "Name"),
    fields=(
        Field("source_type", "source.type", "Source.Type"),
        Field("privileged_mode", "environment.privileged_mode", "Environment.PrivilegedMode", False,
              "CodeBuild API ProjectEnvironment: privilegedMode false", boolean),
        Field("cloudwatch_logs_enabled", "logs_config.cloudwatch_logs.status", "LogsConfig.CloudWatchLogs.Status",
              True, "CodeBuild API LogsConfig: CloudWatch Logs ENABLED unless disabled", _status_on),
        Field("s3_logs_enabled", "logs_config.s3_logs.status", "LogsConfig.S3Logs.Status", False,
              "CodeBuild API LogsConfig: S3 logs DISABLED unless enabled", _status_on),
        Field("s3_logs_encryption_disabled", "logs_config.s3_logs.encryption_disabled",
              "LogsConfig.S3Logs.EncryptionDisabled", False, "CodeBuild API S3LogsConfig: encrypted", boolean),
        Field("artifacts_type", "artifacts.type", "Artifacts.Type", convert=_upper),
        Field("encryption_key", "encryption_key", "EncryptionKey", None,
              "CodeBuild: the AWS-managed key for Amazon S3 (aws/s3)"),
        Field("service_role", "service_role", "ServiceRole"),
        Field("vpc_id", "vpc_config.vpc_id", "VpcConfig.VpcId", None, "CodeBuild: builds run outside any VPC"),
    ),
    derived=("source_credential_hints", "env_secret_hints", "artifacts_encryption_disabled"),
    derive=_codebuild_derive)

CODEBUILD_REPORT_GROUP = Table(
    CodeBuildReportGroup, ("aws_codebuild_report_group",), ("AWS::CodeBuild::ReportGroup",), name=("name", "Name"),
    fields=(
        Field("report_type", "type", "Type"),
        Field("export_type", "export_config.type", "ExportConfig.ExportConfigType", convert=_upper),
        Field("export_bucket", "export_config.s3_destination.bucket", "ExportConfig.S3Destination.Bucket", None,
              "no bucket without an S3 export"),
        Field("export_encryption_disabled", "export_config.s3_destination.encryption_disabled",
              "ExportConfig.S3Destination.EncryptionDisabled", False,
              "CodeBuild API S3ReportExportConfig: encryptionDisabled false", boolean),
        Field("export_encryption_key", "export_config.s3_destination.encryption_key",
              "ExportConfig.S3Destination.EncryptionKey", None, "CodeBuild: the AWS-managed key"),
    ))


# --- Elastic Beanstalk -----------------------------------------------------------------------------
EB_OPTIONS: dict[str, tuple[str, str, Any, Callable[[Any], Any]]] = {  # field -> (namespace, option, default, convert)
    "health_reporting": ("aws:elasticbeanstalk:healthreporting:system", "SystemType", "basic", str),
    "managed_updates": ("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", False, boolean),
    "update_level": ("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", None, str),
    "stream_logs": ("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", False, boolean),
}


def _beanstalk_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    settings = option_settings(raw, fmt)
    template_name = raw.attrs.get("template_name" if fmt == TF else "TemplateName")
    if template_name is not None and not isinstance(settings, Unknown):
        kind = "aws_elastic_beanstalk_configuration_template" if fmt == TF else \
            "AWS::ElasticBeanstalk::ConfigurationTemplate"
        template = links.find(kind, reference(template_name))
        inherited = option_settings(template, fmt) if template is not None else Unknown(
            f"configuration template {template_name} is not declared in the code")
        settings = inherited if isinstance(inherited, Unknown) else {**inherited, **settings}
    values: dict[str, Any] = {}
    for field_name, (namespace, option, default, convert) in EB_OPTIONS.items():
        if isinstance(settings, Unknown):
            values[field_name] = settings
            continue
        value = settings.get((namespace, option))
        values[field_name] = default if value is None else (value if isinstance(value, Unknown) else convert(value))
    return values


BEANSTALK_ENVIRONMENT = Table(
    ElasticBeanstalkEnvironment, ("aws_elastic_beanstalk_environment",), ("AWS::ElasticBeanstalk::Environment",),
    name=("name", "EnvironmentName"),
    fields=(Field("application", "application", "ApplicationName"),
            Field("platform", "solution_stack_name", "SolutionStackName")),
    live_only={"status": "environment status"},
    # Option defaults, Elastic Beanstalk "General options for all environments" (the API's, not the console's):
    # SystemType basic, ManagedActionsEnabled false, StreamLogs false. Options set by .ebextensions in the
    # application bundle are not in the infrastructure code.
    derived=tuple(EB_OPTIONS), derive=_beanstalk_derive)


# --- Step Functions --------------------------------------------------------------------------------
def _destinations(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        return {"log_destinations": strings([d for d in as_list(read_path(raw.attrs,
                                                                          "logging_configuration.log_destination"))])}
    entries = blocks(read_path(raw.attrs, "LoggingConfiguration.Destinations"))
    if isinstance(entries, Unknown):
        return {"log_destinations": entries}
    return {"log_destinations": strings([read_path(e, "CloudWatchLogsLogGroup.LogGroupArn") for e in entries])}


STATE_MACHINE = Table(
    StepFunctionsStateMachine, ("aws_sfn_state_machine",), ("AWS::StepFunctions::StateMachine",),
    name=("name", "StateMachineName"),
    fields=(
        Field("machine_type", "type", "StateMachineType", "STANDARD", "Step Functions API CreateStateMachine",
              _upper),
        Field("logging_level", "logging_configuration.level", "LoggingConfiguration.Level", "OFF",
              "Step Functions API LoggingConfiguration: level OFF", _upper),
        Field("tracing_enabled", "tracing_configuration.enabled", "TracingConfiguration.Enabled", False,
              "Step Functions API TracingConfiguration: disabled", boolean),
    ),
    derived=("log_destinations",), derive=_destinations)


# --- EventBridge -----------------------------------------------------------------------------------
def _permission_statement(permission: RawResource) -> Any:
    principal = permission.attrs.get("principal")
    condition = read_block(permission.attrs, "condition")
    statement: dict[str, Any] = {
        "Sid": permission.attrs.get("statement_id") or permission.address, "Effect": "Allow",
        "Principal": "*" if principal == "*" else {"AWS": principal},
        "Action": permission.attrs.get("action") or "events:PutEvents"}
    if isinstance(condition, dict):
        statement["Condition"] = {"StringEquals": {str(condition.get("key")): condition.get("value")}}
    return statement


def _bus_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    statements: list[Any] = []
    policy: Any = None
    if fmt == TF:
        for companion in referencing(links, "aws_cloudwatch_event_bus_policy", "event_bus_name", raw):
            policy = policy_document(companion.attrs.get("policy"))
        statements = [_permission_statement(p) for p in
                      referencing(links, "aws_cloudwatch_event_permission", "event_bus_name", raw)]
        missing = unresolved(links, "aws_cloudwatch_event_bus_policy", "event_bus_name") or \
            unresolved(links, "aws_cloudwatch_event_permission", "event_bus_name")
    else:
        policy = policy_document(raw.attrs.get("Policy"))
        for companion in referencing(links, "AWS::Events::EventBusPolicy", "EventBusName", raw):
            statement = companion.attrs.get("Statement")
            if statement is None:
                statement = {"Sid": companion.attrs.get("StatementId"), "Effect": "Allow",
                             "Principal": {"AWS": companion.attrs.get("Principal")},
                             "Action": companion.attrs.get("Action")}
            statements.append(statement)
        missing = unresolved(links, "AWS::Events::EventBusPolicy", "EventBusName")
    if missing is not None:
        return {"policy": missing}
    if statements:
        policy = {"Version": "2012-10-17",
                  "Statement": [*as_list((policy or {}).get("Statement") if isinstance(policy, dict) else None),
                                *statements]}
    return {"policy": find_unknown(policy) or policy}


EVENT_BUS = Table(
    EventBus, ("aws_cloudwatch_event_bus",), ("AWS::Events::EventBus",), name=("name", "Name"), fields=(),
    derived=("policy",), derive=_bus_derive)

EVENT_ARCHIVE = Table(
    EventArchive, ("aws_cloudwatch_event_archive",), ("AWS::Events::Archive",), name=("name", "ArchiveName"),
    fields=(
        Field("event_source_arn", "event_source_arn", "SourceArn"),
        Field("retention_days", "retention_days", "RetentionDays", 0,
              "EventBridge API CreateArchive: events kept indefinitely (0)", int),
    ),
    constants={"state": ("ENABLED", "an archive created from code is ENABLED")})


# --- SSM documents ---------------------------------------------------------------------------------
def _document_sharing(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == CFN:  # AWS::SSM::Document has no sharing property: a new document is private
        return {"public": False, "shared_with_accounts": ()}
    permissions = read_block(raw.attrs, "permissions")
    if permissions is None:
        return {"public": False, "shared_with_accounts": ()}
    if isinstance(permissions, Unknown):
        return {"public": permissions, "shared_with_accounts": permissions}
    accounts = permissions.get("account_ids")
    if isinstance(accounts, Unknown):
        return {"public": accounts, "shared_with_accounts": accounts}
    listed = [a.strip() for a in str(accounts or "").split(",") if a.strip()] if isinstance(accounts, str) \
        else [str(a) for a in as_list(accounts)]
    return {"public": "All" in listed, "shared_with_accounts": tuple(a for a in listed if a != "All")}


SSM_DOCUMENT = Table(
    SsmDocument, ("aws_ssm_document",), ("AWS::SSM::Document",), name=("name", "Name"),
    fields=(Field("document_type", "document_type", "DocumentType", "Command", "SSM API CreateDocument"),),
    constants={"owner": ("Self", "a document created from code belongs to the deploying account")},
    derived=("public", "shared_with_accounts"), derive=_document_sharing)


# --- Cognito ---------------------------------------------------------------------------------------
PASSWORD_CLASSES = {TF: ("require_uppercase", "require_lowercase", "require_numbers", "require_symbols"),
                    CFN: ("RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols")}
PASSWORD_FIELDS = ("password_require_uppercase", "password_require_lowercase", "password_require_numbers",
                   "password_require_symbols")


def _password_policy(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    policy = read_block(raw.attrs, "password_policy" if fmt == TF else "Policies.PasswordPolicy")
    if policy is None:
        # Cognito's default password policy for a pool created without one: 8 characters, every class.
        return {"password_min_length": 8, **dict.fromkeys(PASSWORD_FIELDS, True)}
    if isinstance(policy, Unknown):
        return {"password_min_length": policy, **dict.fromkeys(PASSWORD_FIELDS, policy)}
    length = policy.get("minimum_length" if fmt == TF else "MinimumLength")
    values: dict[str, Any] = {"password_min_length": Unknown("the password policy sets no minimum length")
                              if length is None else (length if isinstance(length, Unknown) else int(length))}
    for field_name, key in zip(PASSWORD_FIELDS, PASSWORD_CLASSES[fmt], strict=True):
        # a requirement left out of a declared policy is not enforced (Cognito PasswordPolicyType)
        values[field_name] = boolean(policy.get(key, False))
    return values


def _protection(value: Any) -> Any:
    return str(value).upper() == "ACTIVE"


USER_POOL = Table(
    CognitoUserPool, ("aws_cognito_user_pool",), ("AWS::Cognito::UserPool",), name=("name", "UserPoolName"),
    fields=(
        Field("mfa_configuration", "mfa_configuration", "MfaConfiguration", "OFF",
              "Cognito API CreateUserPool: MfaConfiguration OFF", _upper),
        Field("advanced_security_mode", "user_pool_add_ons.advanced_security_mode",
              "UserPoolAddOns.AdvancedSecurityMode", "OFF", "Cognito API UserPoolAddOnsType: OFF", _upper),
        Field("deletion_protection", "deletion_protection", "DeletionProtection", False,
              "Cognito API CreateUserPool: DeletionProtection INACTIVE", _protection),
    ),
    derived=("password_min_length", *PASSWORD_FIELDS), derive=_password_policy)

IDENTITY_POOL = Table(
    CognitoIdentityPool, ("aws_cognito_identity_pool",), ("AWS::Cognito::IdentityPool",),
    name=("identity_pool_name", "IdentityPoolName"),
    fields=(
        Field("allow_unauthenticated", "allow_unauthenticated_identities", "AllowUnauthenticatedIdentities", False,
              "Cognito Identity API CreateIdentityPool: unauthenticated identities off", boolean),
        Field("allow_classic_flow", "allow_classic_flow", "AllowClassicFlow", False,
              "Cognito Identity API CreateIdentityPool: AllowClassicFlow false", boolean),
    ))


# --- SNS subscriptions, CloudWatch alarms, metric filters ------------------------------------------
SNS_SUBSCRIPTION = Table(
    SnsSubscription, ("aws_sns_topic_subscription",), ("AWS::SNS::Subscription",),
    fields=(
        Field("topic_arn", "topic_arn", "TopicArn"),
        Field("protocol", "protocol", "Protocol", convert=lambda v: str(v).lower()),
        Field("endpoint", "endpoint", "Endpoint"),
    ),
    live_only={"pending": "confirmation happens when the endpoint answers"})

ALARM = Table(
    CloudWatchAlarm, ("aws_cloudwatch_metric_alarm",), ("AWS::CloudWatch::Alarm",), name=("alarm_name", "AlarmName"),
    fields=(
        Field("namespace", "namespace", "Namespace", "", "metric math alarms have no single namespace"),
        Field("metric_name", "metric_name", "MetricName", "", "metric math alarms have no single metric"),
        Field("actions_enabled", "actions_enabled", "ActionsEnabled", True,
              "CloudWatch API PutMetricAlarm: ActionsEnabled true", boolean),
        Field("alarm_actions", "alarm_actions", "AlarmActions", (), "CloudWatch API PutMetricAlarm: none", strings),
        Field("ok_actions", "ok_actions", "OKActions", (), "CloudWatch API PutMetricAlarm: none", strings),
        Field("insufficient_data_actions", "insufficient_data_actions", "InsufficientDataActions", (),
              "CloudWatch API PutMetricAlarm: none", strings),
    ),
    live_only={"state": "the alarm's evaluation state"})


def _transformations(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    items = blocks(raw.attrs.get("metric_transformation" if fmt == TF else "MetricTransformations"))
    if isinstance(items, Unknown):
        return {"metrics": items}
    keys = ("namespace", "name", "value") if fmt == TF else ("MetricNamespace", "MetricName", "MetricValue")
    metrics = [sub(MetricTransformation, namespace=i.get(keys[0]), name=i.get(keys[1]), value=i.get(keys[2]))
               for i in items]
    return {"metrics": find_unknown(metrics) or tuple(metrics)}


METRIC_FILTER = Table(
    MetricFilter, ("aws_cloudwatch_log_metric_filter",), ("AWS::Logs::MetricFilter",), name=("name", "FilterName"),
    fields=(
        Field("log_group_name", "log_group_name", "LogGroupName"),
        Field("pattern", "pattern", "FilterPattern"),
    ),
    derived=("metrics",), derive=_transformations)

TABLES: list[Table] = [AUTOSCALING_GROUP, LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE, ECS_CLUSTER, ECS_SERVICE,
                       ECS_TASK_DEFINITION, CODEBUILD_PROJECT, CODEBUILD_REPORT_GROUP, BEANSTALK_ENVIRONMENT,
                       STATE_MACHINE, EVENT_BUS, EVENT_ARCHIVE, SSM_DOCUMENT, USER_POOL, IDENTITY_POOL,
                       SNS_SUBSCRIPTION, ALARM, METRIC_FILTER]

TERRAFORM_COMPANIONS = frozenset({
    "aws_autoscaling_attachment", "aws_elastic_beanstalk_configuration_template", "aws_cloudwatch_event_bus_policy",
    "aws_cloudwatch_event_permission",
})
CLOUDFORMATION_COMPANIONS = frozenset({"AWS::ElasticBeanstalk::ConfigurationTemplate", "AWS::Events::EventBusPolicy"})
