"""S3 rules on what the opt-in s3-extra collector reads (replication, event notifications, Object Lock) and on
access points' own Block Public Access settings."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, UnknownField
from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.model.resources.data.s3_extra import S3AccessPoint, S3BucketDetails
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

OPT_IN = "s3-extra"


def left_out(inv: Inventory) -> Verdict | None:
    """NOT_APPLICABLE, as for any service a scan leaves out, when the opt-in collector was not selected."""
    if inv.scanned(OPT_IN):
        return None
    return not_applicable(f"not collected: the {OPT_IN} collector is opt-in (three more calls per bucket); "
                          f"enable it with --services s3,{OPT_IN}")


def details(bucket: S3Bucket, inv: Inventory, field: str) -> S3BucketDetails:
    """The bucket's s3-extra record with ``field`` read; UnknownField (ERROR) when it could not be read."""
    record = inv.get(S3BucketDetails, bucket.name)
    if record is None:
        raise UnknownField(field, f"the {OPT_IN} collector returned no record for this bucket")
    record.need(field)
    return record


@rule(
    id="s3_bucket_cross_region_replication", title="S3 buckets replicate to another Region",
    description=("A copy in another Region survives the loss, deletion or encryption of the bucket and of its Region; "
                 "without replication one compromised or failed bucket is the only copy."),
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    uses=(S3BucketDetails,), runtime_only=True,
    remediation=Remediation(
        text="Add a replication rule to a versioned bucket in another Region (both buckets need versioning).",
        cli="aws s3api put-bucket-replication --bucket BUCKET --replication-configuration "
            "'{\"Role\":\"ROLE_ARN\",\"Rules\":[{\"Status\":\"Enabled\",\"Priority\":1,\"Filter\":{},"
            "\"DeleteMarkerReplication\":{\"Status\":\"Disabled\"},"
            "\"Destination\":{\"Bucket\":\"arn:aws:s3:::REPLICA_BUCKET\"}}]}'",
        terraform='resource "aws_s3_bucket_replication_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n'
                  '  role   = aws_iam_role.replication.arn\n  rule {\n    status = "Enabled"\n'
                  '    destination {\n      bucket = aws_s3_bucket.replica.arn\n    }\n  }\n}',
    ),
    references=("FSBP S3.7",),
    skips="buckets read without the opt-in s3-extra collector (NOT_APPLICABLE); a destination bucket of another "
          "account, whose Region the scan cannot see, counts as another Region",
)
def bucket_cross_region_replication(bucket: S3Bucket, inv: Inventory) -> Verdict:
    if (skip := left_out(inv)) is not None:
        return skip
    record = details(bucket, inv, "replication_rules")
    targets = [r.destination_bucket for r in record.replication_rules if r.enabled]
    if not targets:
        return failed("no enabled replication rule")
    elsewhere = []
    for target in targets:
        replica = inv.get(S3Bucket, target) or inv.get(S3Bucket, target.rsplit(":", 1)[-1])
        if replica is None or replica.region != bucket.region:
            elsewhere.append(target)
    if not elsewhere:
        return failed(f"replicates only within its own Region {bucket.region}: {', '.join(targets)}")
    return passed(f"replicates to {', '.join(elsewhere)}")


@rule(
    id="s3_bucket_event_notifications", title="S3 buckets send event notifications",
    description=("Event notifications tell a topic, queue, function or EventBridge when objects are created, "
                 "changed or deleted; without them a mass deletion or an unexpected upload is noticed late."),
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1530"), phase=Phase.QUICK_WINS, smm="TD1.2",
    uses=(S3BucketDetails,), runtime_only=True,
    remediation=Remediation(
        text="Send the bucket's object events to EventBridge (or to an SNS topic, SQS queue or Lambda function).",
        cli="aws s3api put-bucket-notification-configuration --bucket BUCKET --notification-configuration "
            "'{\"EventBridgeConfiguration\":{}}'",
        terraform='resource "aws_s3_bucket_notification" "this" {\n  bucket      = aws_s3_bucket.this.id\n'
                  '  eventbridge = true\n}',
    ),
    references=("FSBP S3.11",),
    skips="buckets read without the opt-in s3-extra collector (NOT_APPLICABLE)",
)
def bucket_event_notifications(bucket: S3Bucket, inv: Inventory) -> Verdict:
    if (skip := left_out(inv)) is not None:
        return skip
    record = details(bucket, inv, "notification_targets")
    if not record.notification_targets:
        return failed("no event notification configured")
    return passed("notifies " + ", ".join(record.notification_targets))


@rule(
    id="s3_bucket_object_lock", title="S3 buckets have Object Lock enabled",
    description=("Object Lock keeps object versions from being deleted or overwritten for a retention period, so "
                 "ransomware or a stolen key cannot destroy the data."),
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    uses=(S3BucketDetails,), runtime_only=True,
    remediation=Remediation(
        text="Enable Object Lock (versioning must be on) and set a default retention in GOVERNANCE or "
             "COMPLIANCE mode.",
        cli="aws s3api put-object-lock-configuration --bucket BUCKET --object-lock-configuration "
            "'{\"ObjectLockEnabled\":\"Enabled\",\"Rule\":{\"DefaultRetention\":{\"Mode\":\"GOVERNANCE\",\"Days\":30}}}'",
        terraform='resource "aws_s3_bucket_object_lock_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n'
                  '  rule {\n    default_retention {\n      mode = "GOVERNANCE"\n      days = 30\n    }\n  }\n}',
    ),
    references=("FSBP S3.15",),
    skips="buckets read without the opt-in s3-extra collector (NOT_APPLICABLE)",
)
def bucket_object_lock(bucket: S3Bucket, inv: Inventory) -> Verdict:
    if (skip := left_out(inv)) is not None:
        return skip
    record = details(bucket, inv, "object_lock")
    if not record.object_lock:
        return failed("Object Lock is not enabled")
    mode = f", default retention {record.object_lock_mode}" if record.object_lock_mode else ", no default retention"
    return passed("Object Lock enabled" + mode)


@rule(
    id="s3_access_point_block_public_access", title="S3 access points block public access",
    description=("An access point has its own Block Public Access settings; with any of them off, an access point "
                 "policy can open the bucket's data to anyone."),
    resource_type=S3AccessPoint, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.QUICK_WINS, smm="DP1.1", needs=("block",),
    remediation=Remediation(
        text="Block Public Access settings of an access point are fixed at creation: create a new access point "
             "with all four on, move clients to it, delete the old one.",
        cli="aws s3control create-access-point --account-id ACCOUNT --name NAME --bucket BUCKET "
            "--public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,"
            "BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform='resource "aws_s3_access_point" "this" {\n  bucket = aws_s3_bucket.this.id\n  name   = "NAME"\n'
                  '  public_access_block_configuration {\n    block_public_acls       = true\n'
                  '    ignore_public_acls      = true\n    block_public_policy     = true\n'
                  '    restrict_public_buckets = true\n  }\n}',
    ),
    references=("FSBP S3.19",),
)
def access_point_block_public_access(point: S3AccessPoint, inv: Inventory) -> Verdict:
    if point.block.fully_on:
        return passed("all four Block Public Access settings are on")
    return failed("Block Public Access settings off: " + ", ".join(point.block.off_settings()))
