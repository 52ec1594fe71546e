"""Declarative tables (see ``table.py``) for the types the later collectors added: EventBridge rules, budgets,
CloudFormation stacks, FSx file systems, S3 access points, AppSync GraphQL APIs, Client VPN endpoints and
Audit Manager's registration.

Companion resources (event targets, API caches, Audit Manager assessments) are joined by reference, never by
a name that may be known only at apply; a companion whose target cannot be decided makes the joined field
unknown with the reason.
"""

from __future__ import annotations

import json
from typing import Any

from ssrm.model.resources.apps.appsync import AppSyncGraphqlApi
from ssrm.model.resources.compute.client_vpn import ClientVpnEndpoint
from ssrm.model.resources.containers.fsx import FsxFileSystem
from ssrm.model.resources.data.s3 import PublicAccessBlock
from ssrm.model.resources.data.s3_extra import S3AccessPoint
from ssrm.model.resources.devtools.workloads import CloudFormationStack
from ssrm.model.resources.identity.auditmanager import AuditManagerStatus
from ssrm.model.resources.operations.budgets import Budget
from ssrm.model.resources.operations.events import EventRule
from ssrm.sources.iac.mapping.build import Links, sub
from ssrm.sources.iac.mapping.table import Field, Table, flag, read_path
from ssrm.sources.iac.mapping.table_support import CFN, TF, blocks, read_block, referencing, strings, unresolved
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown


# --- EventBridge rules -----------------------------------------------------------------------------
def _pattern(value: Any) -> Any:
    """An event pattern as a dict: JSON text (Terraform, or a CloudFormation string) or a mapping."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return Unknown("the event pattern is not valid JSON")
    missing = find_unknown(value)
    if missing is not None:
        return missing
    return value if isinstance(value, dict) else Unknown("the event pattern is not a JSON object")


def _rule_state(raw: RawResource, fmt: str) -> Any:
    if fmt == CFN:
        # EventBridge PutRule: a rule is ENABLED unless State says otherwise
        return raw.attrs.get("State") or "ENABLED"
    state = raw.attrs.get("state")
    if state is not None:
        return state
    enabled = raw.attrs.get("is_enabled")  # older AWS provider argument, default true
    if isinstance(enabled, Unknown):
        return enabled
    return "ENABLED" if enabled is None or flag(enabled) else "DISABLED"


def _terraform_targets(raw: RawResource, links: Links) -> Any:
    """ARNs of the ``aws_cloudwatch_event_target`` records naming this rule (on the same bus when both say)."""
    bus = raw.attrs.get("event_bus_name") or "default"
    found = referencing(links, "aws_cloudwatch_event_target", "rule", raw)
    missing = unresolved(links, "aws_cloudwatch_event_target", "rule")
    if missing is not None and not found:
        return missing
    arns: list[Any] = []
    for target in found:
        target_bus = target.attrs.get("event_bus_name") or "default"
        if isinstance(bus, str) and isinstance(target_bus, str) and target_bus != bus:
            continue
        arns.append(target.attrs.get("arn"))
    return strings(arns)


def _event_rule_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        targets = _terraform_targets(raw, links)
    else:
        items = blocks(raw.attrs.get("Targets"))
        targets = items if isinstance(items, Unknown) else strings([item.get("Arn") for item in items])
    pattern = _pattern(raw.attrs.get("event_pattern" if fmt == TF else "EventPattern"))
    return {"state": _rule_state(raw, fmt), "event_pattern": pattern, "targets": targets}


EVENT_RULE = Table(
    EventRule, ("aws_cloudwatch_event_rule",), ("AWS::Events::Rule",), name=("name", "Name"),
    fields=(
        Field("bus_name", "event_bus_name", "EventBusName", "default",
              "EventBridge PutRule: EventBusName defaults to the account's default bus"),
        Field("schedule", "schedule_expression", "ScheduleExpression", "", "EventBridge PutRule: no schedule unless "
              "ScheduleExpression is given"),
    ),
    derived=("state", "event_pattern", "targets"), derive=_event_rule_derive)


# --- Budgets -----------------------------------------------------------------------------------------
def _budget_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        name = raw.attrs.get("name")
        amount, unit = raw.attrs.get("limit_amount"), raw.attrs.get("limit_unit")
        alerts = blocks(raw.attrs.get("notification"))
    else:
        name = read_path(raw.attrs, "Budget.BudgetName")
        amount = read_path(raw.attrs, "Budget.BudgetLimit.Amount")
        unit = read_path(raw.attrs, "Budget.BudgetLimit.Unit")
        alerts = blocks(raw.attrs.get("NotificationsWithSubscribers"))
    limit: Any = find_unknown([amount, unit])
    if limit is None:
        limit = f"{amount} {unit}" if amount is not None and unit is not None else Unknown(
            "the budget sets no fixed limit (planned limits or auto-adjusting), which ssrm does not read")
    notifications: Any = alerts if isinstance(alerts, Unknown) else len(alerts)
    return {"name": name, "limit": limit, "notifications": notifications}


BUDGET = Table(
    Budget, ("aws_budgets_budget",), ("AWS::Budgets::Budget",),
    fields=(Field("budget_type", "budget_type", "Budget.BudgetType",
                  why_unknown="the budget type is required by both AWS Budgets and its resources"),),
    derived=("limit", "notifications"), derive=_budget_derive)


# --- CloudFormation stacks ---------------------------------------------------------------------------
def _stack_role(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        # CloudFormation CreateStack: without RoleARN the stack acts with the caller's credentials
        return {"role_arn": raw.attrs.get("iam_role_arn")}
    return {"role_arn": Unknown("a nested stack acts with the role its parent stack is deployed with, "
                                "which the template does not hold")}


CLOUDFORMATION_STACK = Table(
    CloudFormationStack, ("aws_cloudformation_stack",), ("AWS::CloudFormation::Stack",), name=("name", None),
    fields=(Field("notification_arns", "notification_arns", "NotificationARNs", [],
                  "CloudFormation CreateStack: no topic is notified unless NotificationARNs lists one",
                  lambda value: list(strings(value))),),
    live_only={"status": "the stack's status comes from its last deployment"},
    derived=("role_arn",), derive=_stack_role)


# --- FSx file systems --------------------------------------------------------------------------------
FSX_KINDS = {"aws_fsx_openzfs_file_system": "OPENZFS", "aws_fsx_windows_file_system": "WINDOWS",
             "aws_fsx_lustre_file_system": "LUSTRE", "aws_fsx_ontap_file_system": "ONTAP"}


def _copy_flag(value: Any) -> Any:
    # FSx CreateFileSystemOpenZFSConfiguration: CopyTagsToBackups and CopyTagsToVolumes default to false
    # (the AWS provider's aws_fsx_openzfs_file_system applies the same default)
    if value is None:
        return False
    return value if isinstance(value, Unknown) else bool(flag(value))


def _fsx_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        kind: Any = FSX_KINDS[raw.kind]
        zfs: Any = raw.attrs if kind == "OPENZFS" else None
        keys = ("copy_tags_to_backups", "copy_tags_to_volumes")
    else:
        kind = raw.attrs.get("FileSystemType")
        if kind is None:
            kind = Unknown("FileSystemType is not set (CloudFormation requires it)")
        zfs = (read_block(raw.attrs, "OpenZFSConfiguration") or {}) if kind == "OPENZFS" else None
        keys = ("CopyTagsToBackups", "CopyTagsToVolumes")
    if isinstance(kind, Unknown):
        return {"file_system_type": kind, "copy_tags_to_backups": kind, "copy_tags_to_volumes": kind}
    if zfs is None:  # the kind has no such setting, as the live collector records it
        return {"file_system_type": str(kind).upper(), "copy_tags_to_backups": None, "copy_tags_to_volumes": None}
    if isinstance(zfs, Unknown):
        return {"file_system_type": "OPENZFS", "copy_tags_to_backups": zfs, "copy_tags_to_volumes": zfs}
    return {"file_system_type": "OPENZFS", "copy_tags_to_backups": _copy_flag(zfs.get(keys[0])),
            "copy_tags_to_volumes": _copy_flag(zfs.get(keys[1]))}


FSX_FILE_SYSTEM = Table(
    FsxFileSystem, tuple(FSX_KINDS), ("AWS::FSx::FileSystem",), fields=(),
    derived=("file_system_type", "copy_tags_to_backups", "copy_tags_to_volumes"), derive=_fsx_derive)


# --- S3 access points --------------------------------------------------------------------------------
BLOCK_KEYS = {TF: ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"),
              CFN: ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")}
BLOCK_FIELDS = ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")


def _block_setting(config: dict[str, Any], key: str, fmt: str) -> Any:
    value = config.get(key)
    if value is None:
        if fmt == TF:
            return True  # AWS provider aws_s3_access_point: each public_access_block_configuration switch is true
        return Unknown(f"PublicAccessBlockConfiguration.{key} is not set and what S3 applies then is not documented")
    return value if isinstance(value, Unknown) else bool(flag(value))


def _access_point_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    config = read_block(raw.attrs, "public_access_block_configuration" if fmt == TF
                        else "PublicAccessBlockConfiguration")
    vpc = read_block(raw.attrs, "vpc_configuration" if fmt == TF else "VpcConfiguration")
    origin: Any = vpc if isinstance(vpc, Unknown) else ("VPC" if vpc else "Internet")
    if isinstance(config, Unknown):
        return {"block": config, "network_origin": origin}
    if not config:
        # S3 CreateAccessPoint: all four Block Public Access settings are on for a new access point
        return {"block": sub(PublicAccessBlock, **dict.fromkeys(BLOCK_FIELDS, True)), "network_origin": origin}
    settings = {name: _block_setting(config, key, fmt) for name, key in zip(BLOCK_FIELDS, BLOCK_KEYS[fmt], strict=True)}
    return {"block": sub(PublicAccessBlock, **settings), "network_origin": origin}


S3_ACCESS_POINT = Table(
    S3AccessPoint, ("aws_s3_access_point",), ("AWS::S3::AccessPoint",), name=("name", "Name"),
    fields=(Field("bucket", "bucket", "Bucket", convert=str),),
    derived=("block", "network_origin"), derive=_access_point_derive)


# --- AppSync GraphQL APIs ----------------------------------------------------------------------------
def _appsync_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    kind, attr, key = (("aws_appsync_api_cache", "api_id", "at_rest_encryption_enabled") if fmt == TF
                       else ("AWS::AppSync::ApiCache", "ApiId", "AtRestEncryptionEnabled"))
    transit = "transit_encryption_enabled" if fmt == TF else "TransitEncryptionEnabled"
    caches = referencing(links, kind, attr, raw)
    missing = unresolved(links, kind, attr)
    if missing is not None and not caches:
        return {"cache": missing, "cache_encrypted_at_rest": missing, "cache_encrypted_in_transit": missing}
    if not caches:
        return {"cache": False, "cache_encrypted_at_rest": False, "cache_encrypted_in_transit": False}
    cache = caches[-1].attrs  # AppSync keeps one cache per API

    def switch(value: Any) -> Any:
        # AppSync CreateApiCache: at-rest and transit encryption are off unless asked for
        return value if isinstance(value, Unknown) else bool(flag(value)) if value is not None else False

    return {"cache": True, "cache_encrypted_at_rest": switch(cache.get(key)),
            "cache_encrypted_in_transit": switch(cache.get(transit))}


def _log_level(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    config = read_block(raw.attrs, "log_config" if fmt == TF else "LogConfig")
    if isinstance(config, Unknown):
        return {"field_log_level": config}
    if not config:
        return {"field_log_level": "NONE"}  # AppSync CreateGraphqlApi: no logConfig, no field-level logs
    level = config.get("field_log_level" if fmt == TF else "FieldLogLevel")
    if level is None:
        return {"field_log_level": Unknown("the log configuration sets no field log level")}
    return {"field_log_level": level}


def _graphql_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    return {**_log_level(raw, links, fmt), **_appsync_derive(raw, links, fmt)}


APPSYNC_API = Table(
    AppSyncGraphqlApi, ("aws_appsync_graphql_api",), ("AWS::AppSync::GraphQLApi",), name=("name", "Name"),
    fields=(),
    derived=("field_log_level", "cache", "cache_encrypted_at_rest", "cache_encrypted_in_transit"),
    derive=_graphql_derive)


# --- Client VPN endpoints ----------------------------------------------------------------------------
CLIENT_VPN = Table(
    ClientVpnEndpoint, ("aws_ec2_client_vpn_endpoint",), ("AWS::EC2::ClientVpnEndpoint",),
    fields=(
        Field("connection_logging", "connection_log_options.enabled", "ConnectionLogOptions.Enabled",
              convert=lambda value: bool(flag(value)),
              why_unknown="connection log options are required by EC2 CreateClientVpnEndpoint"),
        Field("log_group", "connection_log_options.cloudwatch_log_group", "ConnectionLogOptions.CloudwatchLogGroup",
              None, "EC2 CreateClientVpnEndpoint: no log group unless logging names one"),
    ),
    live_only={"status": "an endpoint waits in pending-associate until a target network is associated"})


# --- Audit Manager (Terraform only: CloudFormation has no resource for the registration) ---------------
def _assessments(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    # Audit Manager CreateAssessment: an assessment is created ACTIVE (its status is not an argument in code)
    return {"active_assessments": len(links.of_kind("aws_auditmanager_assessment"))}


AUDIT_MANAGER = Table(
    AuditManagerStatus, ("aws_auditmanager_account_registration",), (), fields=(),
    constants={"status": ("ACTIVE", "Audit Manager RegisterAccount: the registration the code declares is ACTIVE")},
    derived=("active_assessments",), derive=_assessments)


TABLES: list[Table] = [EVENT_RULE, BUDGET, CLOUDFORMATION_STACK, FSX_FILE_SYSTEM, S3_ACCESS_POINT, APPSYNC_API,
                       CLIENT_VPN, AUDIT_MANAGER]

TERRAFORM_COMPANIONS = frozenset({"aws_cloudwatch_event_target", "aws_appsync_api_cache",
                                  "aws_auditmanager_assessment"})
CLOUDFORMATION_COMPANIONS = frozenset({"AWS::AppSync::ApiCache"})
