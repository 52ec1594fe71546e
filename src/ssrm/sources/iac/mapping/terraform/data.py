"""KMS keys, SQS queues, SNS topics, RDS instances and CloudTrail trails."""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource
from ssrm.model.resources.data.kms import KmsKey
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.model.resources.data.sns import SnsTopic
from ssrm.model.resources.data.sqs import SqsQueue
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.sources.iac.mapping.build import Links, as_list, build, policy_document
from ssrm.sources.iac.mapping.rds_network import placement
from ssrm.sources.iac.mapping.terraform.links import ids
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown


def _default(value: Any, default: Any) -> Any:
    return default if value is None else value


def _policy(raw: RawResource, links: Links, kind: str, attr: str) -> Any:
    policy = policy_document(raw.attrs.get("policy"))
    for companion in links.referencing(kind, attr, raw):
        policy = policy_document(companion.attrs.get("policy"))
    return links.unresolved(kind, attr) or policy


def map_kms_key(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    spec = a.get("customer_master_key_spec") or a.get("key_spec") or "SYMMETRIC_DEFAULT"
    rotation = _default(a.get("enable_key_rotation"), False) if spec == "SYMMETRIC_DEFAULT" else None
    aliases = [al.attrs.get("name") for al in links.referencing("aws_kms_alias", "target_key_id", raw)]
    return [build(KmsKey, raw, **ids(raw), tags=a.get("tags"), description=a.get("description") or "",
                  key_spec=spec, key_usage=a.get("key_usage") or "ENCRYPT_DECRYPT",
                  key_state="Enabled" if _default(a.get("is_enabled"), True) is not False else "Disabled",
                  multi_region=_default(a.get("multi_region"), False), rotation_enabled=rotation,
                  aliases=[x for x in aliases if isinstance(x, str)], policy=policy_document(a.get("policy")))]


def map_queue(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    kms = a.get("kms_master_key_id")
    managed = a.get("sqs_managed_sse_enabled")
    redrive = policy_document(a.get("redrive_policy")) if a.get("redrive_policy") else None
    return [build(SqsQueue, raw, **ids(raw), name=a.get("name"), tags=a.get("tags"), kms_master_key_id=kms,
                  sqs_managed_sse=_default(managed, not kms),  # SSE-SQS is on by default for new queues
                  policy=_policy(raw, links, "aws_sqs_queue_policy", "queue_url"),
                  fifo=_default(a.get("fifo_queue"), False),
                  dead_letter_target_arn=redrive.get("deadLetterTargetArn") if isinstance(redrive, dict) else redrive)]


def map_topic(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    return [build(SnsTopic, raw, **ids(raw), name=a.get("name"), tags=a.get("tags"),
                  kms_master_key_id=a.get("kms_master_key_id"),
                  policy=_policy(raw, links, "aws_sns_topic_policy", "arn"),
                  fifo=_default(a.get("fifo_topic"), False))]


def map_db_instance(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    groups = as_list(a.get("vpc_security_group_ids"))
    vpc_id, subnet_ids = placement(a.get("db_subnet_group_name"), links, group_kind="aws_db_subnet_group",
                                   subnets_attr="subnet_ids", subnet_kind="aws_subnet", vpc_attr="vpc_id")
    cluster = a.get("cluster_identifier")  # aws_rds_cluster_instance: the cluster governs storage and backups
    return [build(RdsDbInstance, raw, **ids(raw), name=a.get("identifier"), tags=a.get("tags"),
                  engine=a.get("engine") or "", engine_version=a.get("engine_version") or "",
                  instance_class=a.get("instance_class") or "", status="available",
                  publicly_accessible=_default(a.get("publicly_accessible"), False),
                  storage_encrypted=_default(a.get("storage_encrypted"), False), kms_key_id=a.get("kms_key_id"),
                  backup_retention_days=_default(a.get("backup_retention_period"), 0 if cluster else 1),
                  deletion_protection=_default(a.get("deletion_protection"), False),
                  multi_az=_default(a.get("multi_az"), False),
                  auto_minor_version_upgrade=_default(a.get("auto_minor_version_upgrade"), True),
                  iam_auth=_default(a.get("iam_database_authentication_enabled"), False),
                  security_group_ids=groups, port=a.get("port"), vpc_id=vpc_id, subnet_ids=subnet_ids,
                  cluster_id=cluster, monitoring_interval=_default(a.get("monitoring_interval"), 0),
                  log_exports=as_list(a.get("enabled_cloudwatch_logs_exports")),
                  copy_tags_to_snapshot=_default(a.get("copy_tags_to_snapshot"), False),
                  master_username=a.get("username"))]


def map_trail(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    selectors = a.get("event_selector") or []
    if isinstance(selectors, Unknown):
        management: Any = selectors
        read_write: Any = selectors
    elif selectors:
        chosen = [s for s in selectors if _default(s.get("include_management_events"), True)]
        management = bool(chosen)
        read_write = (chosen[0].get("read_write_type") or "All") if chosen else ""
    else:
        management, read_write = True, "All"
    if a.get("advanced_event_selector"):
        management = read_write = Unknown("advanced event selectors are not evaluated")
    return [build(CloudTrailTrail, raw, **ids(raw), name=a.get("name"), tags=a.get("tags"),
                  multi_region=_default(a.get("is_multi_region_trail"), False),
                  organization_trail=_default(a.get("is_organization_trail"), False),
                  include_global_events=_default(a.get("include_global_service_events"), True),
                  log_file_validation=_default(a.get("enable_log_file_validation"), False),
                  kms_key_id=a.get("kms_key_id"), s3_bucket=a.get("s3_bucket_name"),
                  s3_key_prefix=a.get("s3_key_prefix"), cloudwatch_log_group_arn=a.get("cloud_watch_logs_group_arn"),
                  logging=_default(a.get("enable_logging"), True), management_events=management,
                  management_read_write=read_write)]


MAPPERS = {
    "aws_kms_key": map_kms_key,
    "aws_sqs_queue": map_queue,
    "aws_sns_topic": map_topic,
    "aws_db_instance": map_db_instance,
    "aws_rds_cluster_instance": map_db_instance,
    "aws_cloudtrail": map_trail,
}
