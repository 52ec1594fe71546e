"""S3 buckets (+ bucket policies), KMS keys, SQS, SNS, RDS, EBS volumes and CloudTrail trails."""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource
from ssrm.model.resources.compute.ebs import Volume
from ssrm.model.resources.data.kms import KmsKey
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.model.resources.data.s3 import BucketEncryption, BucketLogging, BucketVersioning, PublicAccessBlock, S3Bucket
from ssrm.model.resources.data.sns import SnsTopic
from ssrm.model.resources.data.sqs import SqsQueue
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.sources.iac.mapping.build import Links, as_list, build, policy_document, sub
from ssrm.sources.iac.mapping.cloudformation.links import flag, ids
from ssrm.sources.iac.mapping.rds_network import placement
from ssrm.sources.iac.mapping.s3_defaults import (
    AWS_DEFAULT_ENCRYPTION,
    default_ownership,
    default_public_access_block,
    lifecycle_rules,
)
from ssrm.sources.iac.mapping.terraform.s3 import canned_acl_grants
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown

CANNED = {"PublicRead": "public-read", "PublicReadWrite": "public-read-write",
          "AuthenticatedRead": "authenticated-read", "Private": "private"}


def _policy_from(links: Links, kind: str, attr: str, target: RawResource) -> Any:
    found = links.referencing(kind, attr, target)
    if found:
        return policy_document(found[-1].attrs.get("PolicyDocument"))
    return links.unresolved(kind, attr)


def map_bucket(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    pab = a.get("PublicAccessBlockConfiguration")
    public_access_block = pab if isinstance(pab, Unknown) or pab is None else sub(
        PublicAccessBlock, block_public_acls=flag(pab.get("BlockPublicAcls"), False),
        ignore_public_acls=flag(pab.get("IgnorePublicAcls"), False),
        block_public_policy=flag(pab.get("BlockPublicPolicy"), False),
        restrict_public_buckets=flag(pab.get("RestrictPublicBuckets"), False))
    encryption: Any = AWS_DEFAULT_ENCRYPTION
    rules = (a.get("BucketEncryption") or {}).get("ServerSideEncryptionConfiguration") \
        if isinstance(a.get("BucketEncryption"), dict) else a.get("BucketEncryption")
    if isinstance(rules, Unknown):
        encryption = rules
    elif rules:
        default = rules[0].get("ServerSideEncryptionByDefault") or {}
        encryption = sub(BucketEncryption, algorithm=default.get("SSEAlgorithm") or "AES256",
                         kms_key_id=default.get("KMSMasterKeyID"),
                         bucket_key_enabled=flag(rules[0].get("BucketKeyEnabled"), False))
    versioning_config = a.get("VersioningConfiguration")
    versioning = versioning_config if isinstance(versioning_config, Unknown) else sub(
        BucketVersioning, status=(versioning_config or {}).get("Status") or "Disabled")
    log = a.get("LoggingConfiguration")
    logging = log if isinstance(log, Unknown) or log is None else sub(
        BucketLogging, target_bucket=log.get("DestinationBucketName") or "(this bucket)",
        target_prefix=log.get("LogFilePrefix") or "")
    acl = a.get("AccessControl")
    grants = canned_acl_grants(CANNED.get(acl, acl) if isinstance(acl, str) else acl)
    controls = a.get("OwnershipControls")
    ownership_rules = controls if isinstance(controls, Unknown) else (controls or {}).get("Rules") or []
    if isinstance(ownership_rules, Unknown):
        ownership: Any = ownership_rules
    else:  # see s3_defaults: an explicit public ACL wins over the default
        ownership = ownership_rules[0].get("ObjectOwnership") if ownership_rules else default_ownership(grants)
    policy = _policy_from(links, "AWS::S3::BucketPolicy", "Bucket", raw)
    if public_access_block is None:
        public_access_block = default_public_access_block(grants, policy)
    life = a.get("LifecycleConfiguration")
    lifecycle = lifecycle_rules(life if isinstance(life, Unknown) else (life or {}).get("Rules"), "cloudformation")
    return [build(S3Bucket, raw, **ids(raw), name=a.get("BucketName") or "", tags=a.get("Tags"),
                  lifecycle_rules=lifecycle,
                  public_access_block=public_access_block, policy=policy,
                  default_encryption=encryption, versioning=versioning, logging=logging,
                  object_ownership=ownership, acl_grants=grants)]


def map_kms_key(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    spec = a.get("KeySpec") or "SYMMETRIC_DEFAULT"
    aliases = [al.attrs.get("AliasName") for al in links.referencing("AWS::KMS::Alias", "TargetKeyId", raw)]
    return [build(KmsKey, raw, **ids(raw), tags=a.get("Tags"), description=a.get("Description") or "",
                  key_spec=spec, key_usage=a.get("KeyUsage") or "ENCRYPT_DECRYPT",
                  key_state="Enabled" if flag(a.get("Enabled"), True) is not False else "Disabled",
                  multi_region=flag(a.get("MultiRegion"), False),
                  rotation_enabled=flag(a.get("EnableKeyRotation"), False) if spec == "SYMMETRIC_DEFAULT" else None,
                  aliases=[x for x in aliases if isinstance(x, str)], policy=policy_document(a.get("KeyPolicy")))]


def map_queue(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    kms = a.get("KmsMasterKeyId")
    redrive = a.get("RedrivePolicy")
    return [build(SqsQueue, raw, **ids(raw), name=a.get("QueueName"), tags=a.get("Tags"), kms_master_key_id=kms,
                  sqs_managed_sse=flag(a.get("SqsManagedSseEnabled"), not kms),
                  policy=_policy_from(links, "AWS::SQS::QueuePolicy", "Queues", raw),
                  fifo=flag(a.get("FifoQueue"), False),
                  dead_letter_target_arn=redrive.get("deadLetterTargetArn") if isinstance(redrive, dict) else redrive)]


def map_topic(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    return [build(SnsTopic, raw, **ids(raw), name=a.get("TopicName"), tags=a.get("Tags"),
                  kms_master_key_id=a.get("KmsMasterKeyId"),
                  policy=_policy_from(links, "AWS::SNS::TopicPolicy", "Topics", raw),
                  fifo=flag(a.get("FifoTopic"), False))]


def map_db_instance(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    vpc_id, subnet_ids = placement(a.get("DBSubnetGroupName"), links, group_kind="AWS::RDS::DBSubnetGroup",
                                   subnets_attr="SubnetIds", subnet_kind="AWS::EC2::Subnet", vpc_attr="VpcId")
    cluster = a.get("DBClusterIdentifier")
    retention = a.get("BackupRetentionPeriod")
    return [build(RdsDbInstance, raw, **ids(raw), name=a.get("DBInstanceIdentifier"), tags=a.get("Tags"),
                  engine=a.get("Engine") or "", engine_version=a.get("EngineVersion") or "",
                  instance_class=a.get("DBInstanceClass") or "", status="available",
                  publicly_accessible=flag(a.get("PubliclyAccessible"), False),
                  storage_encrypted=flag(a.get("StorageEncrypted"), False), kms_key_id=a.get("KmsKeyId"),
                  backup_retention_days=retention if retention is not None else (0 if cluster else 1),
                  deletion_protection=flag(a.get("DeletionProtection"), False),
                  multi_az=flag(a.get("MultiAZ"), False),
                  auto_minor_version_upgrade=flag(a.get("AutoMinorVersionUpgrade"), True),
                  iam_auth=flag(a.get("EnableIAMDatabaseAuthentication"), False),
                  security_group_ids=as_list(a.get("VPCSecurityGroups")), port=a.get("Port"),
                  vpc_id=vpc_id, subnet_ids=subnet_ids, cluster_id=cluster,
                  monitoring_interval=a.get("MonitoringInterval") if a.get("MonitoringInterval") is not None else 0,
                  log_exports=as_list(a.get("EnableCloudwatchLogsExports")),
                  copy_tags_to_snapshot=flag(a.get("CopyTagsToSnapshot"), False),
                  master_username=a.get("MasterUsername"))]


def map_volume(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    encrypted = a.get("Encrypted")
    if encrypted is None:
        encrypted = Unknown("Encrypted is not set: depends on the region's EBS encryption-by-default setting")
    return [build(Volume, raw, **ids(raw), tags=a.get("Tags"), encrypted=flag(encrypted, False),
                  kms_key_id=a.get("KmsKeyId"), size_gib=a.get("Size") or 0, volume_type=a.get("VolumeType") or "gp3",
                  state="available", availability_zone=a.get("AvailabilityZone") or "",
                  snapshot_id=a.get("SnapshotId"))]


def map_trail(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    selectors = a.get("EventSelectors") or []
    if isinstance(selectors, Unknown):
        management: Any = selectors
        read_write: Any = selectors
    elif selectors:
        chosen = [s for s in selectors if flag(s.get("IncludeManagementEvents"), True)]
        management = bool(chosen)
        read_write = (chosen[0].get("ReadWriteType") or "All") if chosen else ""
    else:
        management, read_write = True, "All"
    if a.get("AdvancedEventSelectors"):
        management = read_write = Unknown("advanced event selectors are not evaluated")
    return [build(CloudTrailTrail, raw, **ids(raw), name=a.get("TrailName"), tags=a.get("Tags"),
                  multi_region=flag(a.get("IsMultiRegionTrail"), False),
                  organization_trail=flag(a.get("IsOrganizationTrail"), False),
                  include_global_events=flag(a.get("IncludeGlobalServiceEvents"), True),
                  log_file_validation=flag(a.get("EnableLogFileValidation"), False),
                  kms_key_id=a.get("KMSKeyId"), s3_bucket=a.get("S3BucketName"), s3_key_prefix=a.get("S3KeyPrefix"),
                  cloudwatch_log_group_arn=a.get("CloudWatchLogsLogGroupArn"),
                  logging=flag(a.get("IsLogging"), True), management_events=management,
                  management_read_write=read_write)]


MAPPERS = {
    "AWS::S3::Bucket": map_bucket,
    "AWS::KMS::Key": map_kms_key,
    "AWS::SQS::Queue": map_queue,
    "AWS::SNS::Topic": map_topic,
    "AWS::RDS::DBInstance": map_db_instance,
    "AWS::EC2::Volume": map_volume,
    "AWS::CloudTrail::Trail": map_trail,
}
