"""Declarative tables (see ``table.py``) for the first types ssrm mapped by hand: RDS instances, CloudTrail
trails, KMS keys, SQS queues, SNS topics and Lambda functions (EC2 types: ``tables_ec2.py``). Code is left
only for joins (companion policies, aliases, DB subnet groups, permissions, function URLs) and values
derived from several properties.

Each default names the AWS documentation it comes from (the API reference's default for the parameter
unless said otherwise).
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.apps.awslambda import FunctionUrl, LambdaFunction, LambdaVpcConfig
from ssrm.model.resources.data.kms import KmsKey
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.model.resources.data.sns import SnsTopic
from ssrm.model.resources.data.sqs import SqsQueue
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.sources.iac.mapping.build import Links, as_list, first_block, policy_document, sub
from ssrm.sources.iac.mapping.lambda_policy import permission_statement, resource_policy
from ssrm.sources.iac.mapping.rds_network import placement
from ssrm.sources.iac.mapping.secrets import environment_hints
from ssrm.sources.iac.mapping.table import Field, Table, flag
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown

TF = "terraform"


def _state(enabled: Any) -> str:
    return "Disabled" if flag(enabled) is False else "Enabled"


def _last_policy(found: list[RawResource], attr: str) -> Any:
    return policy_document(found[-1].attrs.get(attr)) if found else None


# --- RDS instances ---------------------------------------------------------------------------------
def _db_instance_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    a = raw.attrs
    if fmt == TF:
        vpc_id, subnet_ids = placement(a.get("db_subnet_group_name"), links, group_kind="aws_db_subnet_group",
                                       subnets_attr="subnet_ids", subnet_kind="aws_subnet", vpc_attr="vpc_id")
        cluster, retention = a.get("cluster_identifier"), a.get("backup_retention_period")
    else:
        vpc_id, subnet_ids = placement(a.get("DBSubnetGroupName"), links, group_kind="AWS::RDS::DBSubnetGroup",
                                       subnets_attr="SubnetIds", subnet_kind="AWS::EC2::Subnet", vpc_attr="VpcId")
        cluster, retention = a.get("DBClusterIdentifier"), a.get("BackupRetentionPeriod")
    if retention is None:  # RDS API CreateDBInstance: 1 day; a cluster member's backups are the cluster's
        retention = 0 if cluster else 1
    return {"vpc_id": vpc_id, "subnet_ids": subnet_ids, "backup_retention_days": retention}


RDS_INSTANCE = Table(
    RdsDbInstance, ("aws_db_instance", "aws_rds_cluster_instance"), ("AWS::RDS::DBInstance",),
    name=("identifier", "DBInstanceIdentifier"),
    fields=(
        Field("engine", "engine", "Engine", why_unknown="a replica or a restore takes its source's engine"),
        Field("engine_version", "engine_version", "EngineVersion", "", "RDS picks the engine's default version"),
        Field("instance_class", "instance_class", "DBInstanceClass"),
        Field("publicly_accessible", "publicly_accessible", "PubliclyAccessible", False,
              "AWS provider aws_db_instance: publicly_accessible defaults to false", flag),
        Field("storage_encrypted", "storage_encrypted", "StorageEncrypted", False,
              "RDS API CreateDBInstance: StorageEncrypted false", flag),
        Field("kms_key_id", "kms_key_id", "KmsKeyId", None, "no key unless the storage is encrypted"),
        Field("deletion_protection", "deletion_protection", "DeletionProtection", False,
              "RDS API CreateDBInstance: DeletionProtection false", flag),
        Field("multi_az", "multi_az", "MultiAZ", False, "RDS API CreateDBInstance: MultiAZ false", flag),
        Field("auto_minor_version_upgrade", "auto_minor_version_upgrade", "AutoMinorVersionUpgrade", True,
              "RDS API CreateDBInstance: AutoMinorVersionUpgrade true", flag),
        Field("iam_auth", "iam_database_authentication_enabled", "EnableIAMDatabaseAuthentication", False,
              "RDS API CreateDBInstance: EnableIAMDatabaseAuthentication false", flag),
        Field("security_group_ids", "vpc_security_group_ids", "VPCSecurityGroups", [],
              "RDS: the VPC's default security group", as_list),
        Field("port", "port", "Port", None, "the engine's default port"),
        Field("cluster_id", "cluster_identifier", "DBClusterIdentifier", None, "a standalone instance"),
        Field("monitoring_interval", "monitoring_interval", "MonitoringInterval", 0,
              "RDS API CreateDBInstance: MonitoringInterval 0 (enhanced monitoring off)", int),
        Field("log_exports", "enabled_cloudwatch_logs_exports", "EnableCloudwatchLogsExports", [],
              "RDS: no log exports unless listed", as_list),
        Field("copy_tags_to_snapshot", "copy_tags_to_snapshot", "CopyTagsToSnapshot", False,
              "RDS API CreateDBInstance: CopyTagsToSnapshot false", flag),
        Field("master_username", "username", "MasterUsername", None, "a replica or a cluster member has none"),
        Field("parameter_group", "parameter_group_name", "DBParameterGroupName", "",
              "RDS API CreateDBInstance: the engine's default DB parameter group"),
    ),
    constants={"status": ("available", "an instance in code is created available"),
               "endpoint": (None, "not assigned before the instance exists (messages then say 'a public endpoint')")},
    derived=("vpc_id", "subnet_ids", "backup_retention_days"), derive=_db_instance_derive)


# --- CloudTrail ------------------------------------------------------------------------------------
ALL_BUCKETS = {"arn:aws:s3", "arn:aws:s3:::", "arn:aws:s3:::*"}


def _selectors(raw: RawResource, fmt: str) -> tuple[Any, Any]:
    """(basic selectors in CloudTrail's API shape, advanced selectors as written)."""
    if fmt != TF:
        return raw.attrs.get("EventSelectors") or [], raw.attrs.get("AdvancedEventSelectors")
    blocks = raw.attrs.get("event_selector") or []
    if isinstance(blocks, Unknown):
        return blocks, raw.attrs.get("advanced_event_selector")
    basic = [{"IncludeManagementEvents": b.get("include_management_events"), "ReadWriteType": b.get("read_write_type"),
              "DataResources": [{"Type": d.get("type"), "Values": d.get("values")}
                                for d in b.get("data_resource") or [] if isinstance(d, dict)]}
             for b in blocks if isinstance(b, dict)]
    return basic, raw.attrs.get("advanced_event_selector")


def _trail_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    selectors, advanced = _selectors(raw, fmt)
    if advanced:
        unevaluated = Unknown("advanced event selectors are not evaluated")
        return {"management_events": unevaluated, "management_read_write": unevaluated,
                "s3_data_events": unevaluated}
    missing = find_unknown(selectors)
    if missing is not None:
        return {"management_events": missing, "management_read_write": missing, "s3_data_events": missing}
    if not selectors:  # CloudTrail: a trail without selectors records all management events, no data events
        return {"management_events": True, "management_read_write": "All", "s3_data_events": ""}
    chosen = [s for s in selectors if flag(s.get("IncludeManagementEvents")) is not False]
    kinds = {str(s.get("ReadWriteType") or "All") for s in selectors for d in s.get("DataResources") or []
             if d.get("Type") == "AWS::S3::Object" and ALL_BUCKETS & set(as_list(d.get("Values")))}
    data = "All" if "All" in kinds or {"ReadOnly", "WriteOnly"} <= kinds else next(iter(kinds), "")
    return {"management_events": bool(chosen),
            "management_read_write": (chosen[0].get("ReadWriteType") or "All") if chosen else "",
            "s3_data_events": data}


TRAIL = Table(
    CloudTrailTrail, ("aws_cloudtrail",), ("AWS::CloudTrail::Trail",), name=("name", "TrailName"),
    fields=(
        Field("multi_region", "is_multi_region_trail", "IsMultiRegionTrail", False,
              "CloudTrail API CreateTrail: IsMultiRegionTrail false", flag),
        Field("organization_trail", "is_organization_trail", "IsOrganizationTrail", False,
              "CloudTrail API CreateTrail: IsOrganizationTrail false", flag),
        Field("include_global_events", "include_global_service_events", "IncludeGlobalServiceEvents", True,
              "CloudTrail API CreateTrail: IncludeGlobalServiceEvents true", flag),
        Field("log_file_validation", "enable_log_file_validation", "EnableLogFileValidation", False,
              "CloudTrail API CreateTrail: EnableLogFileValidation false", flag),
        Field("kms_key_id", "kms_key_id", "KMSKeyId", None, "CloudTrail: SSE-S3 unless a key is given"),
        Field("s3_bucket", "s3_bucket_name", "S3BucketName"),
        Field("s3_key_prefix", "s3_key_prefix", "S3KeyPrefix", None, "no prefix"),
        Field("cloudwatch_log_group_arn", "cloud_watch_logs_group_arn", "CloudWatchLogsLogGroupArn", None,
              "CloudTrail: no CloudWatch Logs delivery unless a group is given"),
        Field("logging", "enable_logging", "IsLogging", True,
              "AWS provider aws_cloudtrail: enable_logging defaults to true (CloudFormation requires IsLogging)",
              flag),
    ),
    live_only={"home_region": "the region the code is deployed to",
               "latest_delivery_error": "delivery status", "latest_delivery": "delivery status"},
    derived=("management_events", "management_read_write", "s3_data_events"), derive=_trail_derive)


# --- KMS -------------------------------------------------------------------------------------------
def _kms_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    a = raw.attrs
    if fmt == TF:
        spec = a.get("customer_master_key_spec") or a.get("key_spec") or "SYMMETRIC_DEFAULT"
        rotation, aliases = a.get("enable_key_rotation"), links.referencing("aws_kms_alias", "target_key_id", raw)
        names = [al.attrs.get("name") for al in aliases]
        origin = "AWS_CLOUDHSM" if a.get("custom_key_store_id") else "AWS_KMS"
    else:
        spec = a.get("KeySpec") or "SYMMETRIC_DEFAULT"
        rotation, aliases = a.get("EnableKeyRotation"), links.referencing("AWS::KMS::Alias", "TargetKeyId", raw)
        names = [al.attrs.get("AliasName") for al in aliases]
        origin = a.get("Origin") or "AWS_KMS"
    # KMS API EnableKeyRotation: off until enabled; only symmetric keys rotate automatically
    rotates = (False if rotation is None else flag(rotation)) if spec == "SYMMETRIC_DEFAULT" else None
    return {"key_spec": spec, "rotation_enabled": rotates, "origin_type": origin,
            "aliases": [n for n in names if isinstance(n, str)]}


KMS_KEY = Table(
    KmsKey, ("aws_kms_key",), ("AWS::KMS::Key",),
    fields=(
        Field("description", "description", "Description", "", "none"),
        Field("key_usage", "key_usage", "KeyUsage", "ENCRYPT_DECRYPT", "KMS API CreateKey: KeyUsage ENCRYPT_DECRYPT"),
        Field("key_state", "is_enabled", "Enabled", "Enabled", "KMS API CreateKey: a new key is enabled", _state),
        Field("multi_region", "multi_region", "MultiRegion", False, "KMS API CreateKey: MultiRegion false", flag),
        Field("policy", "policy", "KeyPolicy", None, "KMS applies the default key policy (the account only)",
              policy_document),
    ),
    constants={"key_manager": ("CUSTOMER", "a key declared in code is customer managed"),
               "deletion_date": (None, "a key declared in code is not pending deletion")},
    derived=("key_spec", "rotation_enabled", "origin_type", "aliases"), derive=_kms_derive)


# --- SQS -------------------------------------------------------------------------------------------
def _queue_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    a = raw.attrs
    if fmt == TF:
        kms, managed, redrive = a.get("kms_master_key_id"), a.get("sqs_managed_sse_enabled"), a.get("redrive_policy")
        policy = policy_document(a.get("policy"))
        found = links.referencing("aws_sqs_queue_policy", "queue_url", raw)
        policy = links.unresolved("aws_sqs_queue_policy", "queue_url") or (_last_policy(found, "policy") if found
                                                                           else policy)
    else:
        kms, managed, redrive = a.get("KmsMasterKeyId"), a.get("SqsManagedSseEnabled"), a.get("RedrivePolicy")
        found = links.referencing("AWS::SQS::QueuePolicy", "Queues", raw)
        policy = _last_policy(found, "PolicyDocument") if found else links.unresolved("AWS::SQS::QueuePolicy", "Queues")
    redrive = policy_document(redrive) if redrive else None
    # SQS: managed SSE (SSE-SQS) is on by default for new queues without a KMS key
    return {"sqs_managed_sse": (not kms) if managed is None else flag(managed), "policy": policy,
            "dead_letter_target_arn": redrive.get("deadLetterTargetArn") if isinstance(redrive, dict) else redrive}


QUEUE = Table(
    SqsQueue, ("aws_sqs_queue",), ("AWS::SQS::Queue",), name=("name", "QueueName"),
    fields=(
        Field("kms_master_key_id", "kms_master_key_id", "KmsMasterKeyId", None, "SQS: no customer managed key"),
        Field("fifo", "fifo_queue", "FifoQueue", False, "SQS CreateQueue: FifoQueue false", flag),
    ),
    live_only={"url": "assigned at creation"},
    derived=("sqs_managed_sse", "policy", "dead_letter_target_arn"), derive=_queue_derive)


# --- SNS -------------------------------------------------------------------------------------------
FEEDBACK_PROTOCOLS = ("application", "http", "lambda", "sqs", "firehose")


def _topic_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    a = raw.attrs
    if fmt == TF:
        found = links.referencing("aws_sns_topic_policy", "arn", raw)
        policy = links.unresolved("aws_sns_topic_policy", "arn") or (
            _last_policy(found, "policy") if found else policy_document(a.get("policy")))
        roles: Any = {p: a.get(f"{p}_failure_feedback_role_arn") for p in FEEDBACK_PROTOCOLS}
    else:
        found = links.referencing("AWS::SNS::TopicPolicy", "Topics", raw)
        policy = _last_policy(found, "PolicyDocument") if found else links.unresolved("AWS::SNS::TopicPolicy", "Topics")
        entries = a.get("DeliveryStatusLogging") or []
        roles = entries if isinstance(entries, Unknown) else {
            str(e.get("Protocol")): e.get("FailureFeedbackRoleArn") for e in entries if isinstance(e, dict)}
    logging: Any = find_unknown(roles) or sorted(p for p, role in roles.items() if role)
    return {"policy": policy, "delivery_status_logging": logging}


TOPIC = Table(
    SnsTopic, ("aws_sns_topic",), ("AWS::SNS::Topic",), name=("name", "TopicName"),
    fields=(
        Field("kms_master_key_id", "kms_master_key_id", "KmsMasterKeyId", None, "SNS: no server-side encryption"),
        Field("fifo", "fifo_topic", "FifoTopic", False, "SNS CreateTopic: FifoTopic false", flag),
    ),
    derived=("policy", "delivery_status_logging"), derive=_topic_derive)


# --- Lambda ----------------------------------------------------------------------------------------
def _tuple(value: Any) -> Any:
    return tuple(as_list(value))


def _lambda_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    a = raw.attrs
    if fmt == TF:
        env = first_block(a.get("environment"))
        variables = env if isinstance(env, Unknown) else env.get("variables") or {}
        vpc_block: Any = first_block(a.get("vpc_config"))
        subnets, groups = "subnet_ids", "security_group_ids"
        permissions = [(p.attrs.get("principal"), p.attrs.get("action"), p.attrs.get("source_arn"),
                        p.attrs.get("source_account"))
                       for p in links.referencing("aws_lambda_permission", "function_name", raw)]
        urls = [(u.attrs.get("authorization_type"), u.attrs.get("qualifier"))
                for u in links.referencing("aws_lambda_function_url", "function_name", raw)]
    else:
        env = a.get("Environment") or {}
        variables = env if isinstance(env, Unknown) else env.get("Variables") or {}
        vpc_block = a.get("VpcConfig") or {}
        subnets, groups = "SubnetIds", "SecurityGroupIds"
        permissions = [(p.attrs.get("Principal"), p.attrs.get("Action"), p.attrs.get("SourceArn"),
                        p.attrs.get("SourceAccount"))
                       for p in links.referencing("AWS::Lambda::Permission", "FunctionName", raw)]
        urls = [(u.attrs.get("AuthType"), u.attrs.get("Qualifier"))
                for u in links.referencing("AWS::Lambda::Url", "TargetFunctionArn", raw)]
    vpc = vpc_block if isinstance(vpc_block, Unknown) else (sub(
        LambdaVpcConfig, subnet_ids=_tuple(vpc_block.get(subnets)),
        security_group_ids=_tuple(vpc_block.get(groups))) if vpc_block else None)
    return {"environment_variable_names": tuple(variables) if isinstance(variables, dict) else variables,
            "environment_secret_hints": environment_hints(variables, f"{raw.address} environment", links),
            "vpc": vpc, "policy": resource_policy([permission_statement(*p) for p in permissions]),
            "function_urls": tuple(sub(FunctionUrl, url=f"(function URL of {raw.address})", auth_type=auth,
                                       qualifier=qualifier) for auth, qualifier in urls)}


def _architectures(value: Any) -> Any:
    return tuple(as_list(value)) or ("x86_64",)


FUNCTION = Table(
    LambdaFunction, ("aws_lambda_function",), ("AWS::Lambda::Function",), name=("function_name", "FunctionName"),
    fields=(
        Field("runtime", "runtime", "Runtime", None, "a container-image function has no runtime"),
        Field("package_type", "package_type", "PackageType", "Zip", "Lambda API CreateFunction: PackageType Zip"),
        Field("handler", "handler", "Handler", "", "a container-image function has no handler"),
        Field("role_arn", "role", "Role"),
        Field("architectures", "architectures", "Architectures", ("x86_64",),
              "Lambda API CreateFunction: Architectures x86_64", _architectures),
        Field("layers", "layers", "Layers", (), "none", _tuple),
        Field("kms_key_arn", "kms_key_arn", "KmsKeyArn", None,
              "Lambda: environment variables encrypted with the AWS managed key"),
    ),
    constants={"last_modified": ("", "deployed at apply: no age yet")},
    derived=("environment_variable_names", "environment_secret_hints", "vpc", "policy", "function_urls"),
    derive=_lambda_derive)


TABLES: list[Table] = [RDS_INSTANCE, TRAIL, KMS_KEY, QUEUE, TOPIC, FUNCTION]
