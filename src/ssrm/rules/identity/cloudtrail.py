"""CloudTrail rules: a multi-region trail in every region, and each trail's integrity and encryption."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Resource, Severity, Stage
from ssrm.model.resources.account import Region
from ssrm.model.resources.data.s3 import PublicAccessBlock, S3Bucket
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.data.s3 import account_block
from ssrm.rules.identity.listing import not_scanned, require_listed
from ssrm.rules.policy import public_statements

LOGS_ATTACK = ("T1562.008",)
S3_BUCKET = "AWS::S3::Bucket"


@rule(
    id="cloudtrail_multi_region_logging", title="A multi-region trail logs all management events here",
    resource_type=Region, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.HIGH,
    stage=Stage.CONTROL, attack=LOGS_ATTACK, phase=Phase.QUICK_WINS, smm="TD1.2", uses=(CloudTrailTrail,),
    remediation=Remediation(
        text="Create one multi-region trail that records read and write management events and keep it "
             "logging.",
        cli="aws cloudtrail create-trail --name org-trail --s3-bucket-name <BUCKET> --is-multi-region-trail "
            "--enable-log-file-validation && aws cloudtrail start-logging --name org-trail",
        terraform='resource "aws_cloudtrail" "main" {\n  name                          = "main"\n'
                  '  s3_bucket_name                = "<BUCKET>"\n  is_multi_region_trail         = true\n'
                  '  include_global_service_events = true\n  enable_log_file_validation    = true\n}',
    ),
    references=("CIS 4.1", "FSBP CloudTrail.1"),
)
def multi_region_logging(region: Region, inv: Inventory) -> Verdict:
    """Judged per region: attackers act in the regions nobody watches."""
    skipped = not_scanned(inv, "cloudtrail", "CloudTrail")
    if skipped:
        return skipped
    trails = inv.of_type(CloudTrailTrail)
    multi = [t for t in trails if t.multi_region]
    readable = [t for t in multi if not {"logging", "management_events"} & set(t.unknown)]
    for trail in readable:
        if trail.logging and trail.management_events and trail.management_read_write == "All":
            return passed(f"multi-region trail {trail.name} logs all management events in {region.id}")
    for trail in multi:
        trail.need("logging", "management_events")  # an unreadable trail might be the one that covers
    problems = [f"multi-region trail {t.name} is " + ("stopped" if not t.logging else
                "not recording all management events") for t in multi]
    local = [t.name for t in trails if not t.multi_region and t.region == region.id]
    if local:
        problems.append(f"only single-region trail {', '.join(local)} covers {region.id}")
    detail = "; ".join(problems) if problems else "no trail at all"
    return failed(f"no logging multi-region trail for {region.id}: {detail}")


@rule(
    id="cloudtrail_trail_logging", title="CloudTrail trails are logging", resource_type=CloudTrailTrail,
    layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.HIGH, stage=Stage.CONTROL,
    attack=LOGS_ATTACK, phase=Phase.QUICK_WINS, smm="TD1.2", needs=("logging",),
    remediation=Remediation(
        text="Start logging on the trail, and alert on StopLogging.",
        cli="aws cloudtrail start-logging --name <TRAIL>",
        terraform='resource "aws_cloudtrail" "main" {\n  enable_logging = true\n}',
    ),
    references=("FSBP CloudTrail.3",),
)
def trail_logging(trail: CloudTrailTrail, inv: Inventory) -> Verdict:
    """A stopped trail records nothing; StopLogging is a classic first step of an intruder."""
    if trail.logging:
        return passed(f"trail {trail.name} is logging")
    return failed(f"trail {trail.name} exists but is not logging")


@rule(
    id="cloudtrail_log_file_validation", title="CloudTrail log file validation is on",
    resource_type=CloudTrailTrail, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION,
    severity=Severity.MEDIUM, stage=Stage.CONTROL, attack=LOGS_ATTACK, phase=Phase.QUICK_WINS,
    smm="TD1.2",
    remediation=Remediation(
        text="Enable log file validation so tampered or deleted log files can be detected.",
        cli="aws cloudtrail update-trail --name <TRAIL> --enable-log-file-validation",
        terraform='resource "aws_cloudtrail" "main" {\n  enable_log_file_validation = true\n}',
    ),
    references=("CIS 4.2", "FSBP CloudTrail.4"),
)
def log_file_validation(trail: CloudTrailTrail, inv: Inventory) -> Verdict:
    """Digest files prove that logs were not altered or deleted after delivery."""
    if trail.log_file_validation:
        return passed(f"trail {trail.name} validates its log files")
    return failed(f"trail {trail.name} has log file validation off")


@rule(
    id="cloudtrail_kms_encryption", title="CloudTrail logs are encrypted with a KMS key",
    resource_type=CloudTrailTrail, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Encrypt the trail with a customer-managed KMS key whose policy lets CloudTrail encrypt and "
             "only log readers decrypt.",
        cli="aws cloudtrail update-trail --name <TRAIL> --kms-key-id <KEY_ARN>",
        terraform='resource "aws_cloudtrail" "main" {\n  kms_key_id = aws_kms_key.trail.arn\n}',
    ),
    references=("CIS 4.5", "FSBP CloudTrail.2"),
)
def kms_encryption(trail: CloudTrailTrail, inv: Inventory) -> Verdict:
    """A KMS key adds a second permission (kms:Decrypt) between readers and the logs."""
    if trail.kms_key_id:
        return passed(f"trail {trail.name} is encrypted with {trail.kms_key_id}")
    return failed(f"trail {trail.name} logs are not KMS-encrypted (S3-managed keys only)")


@rule(
    id="cloudtrail_bucket_access_logging", title="The CloudTrail bucket has server access logging",
    resource_type=CloudTrailTrail, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=LOGS_ATTACK, phase=Phase.QUICK_WINS, smm="TD1.2", uses=(S3_BUCKET,),
    remediation=Remediation(
        text="Turn on server access logging for the trail's bucket, into a separate log bucket.",
        cli="aws s3api put-bucket-logging --bucket <TRAIL_BUCKET> --bucket-logging-status "
            "'{\"LoggingEnabled\":{\"TargetBucket\":\"<LOG_BUCKET>\",\"TargetPrefix\":\"cloudtrail/\"}}'",
        terraform='resource "aws_s3_bucket_logging" "trail" {\n  bucket        = "<TRAIL_BUCKET>"\n'
                  '  target_bucket = "<LOG_BUCKET>"\n  target_prefix = "cloudtrail/"\n}',
    ),
    references=("CIS 4.4", "FSBP CloudTrail.7"),
    skips="trail buckets outside the scanned inventory (another account, or S3 not scanned)",
)
def bucket_access_logging(trail: CloudTrailTrail, inv: Inventory) -> Verdict:
    """Access logs on the trail bucket show who read or deleted the audit trail."""
    if not trail.s3_bucket:
        return not_applicable(f"trail {trail.name} names no S3 bucket")
    require_listed(inv, S3_BUCKET)
    bucket = inv.get(S3_BUCKET, trail.s3_bucket) or inv.get(S3_BUCKET, f"arn:{inv.partition}:s3:::{trail.s3_bucket}")
    if bucket is None:
        return not_applicable(f"bucket {trail.s3_bucket} of trail {trail.name} is not in the scanned inventory")
    bucket.need("logging")
    if getattr(bucket, "logging", None):
        return passed(f"bucket {trail.s3_bucket} of trail {trail.name} has access logging")
    return failed(f"bucket {trail.s3_bucket} of trail {trail.name} has no server access logging")


@rule(
    id="cloudtrail_cloudwatch_logs", title="CloudTrail trails deliver to CloudWatch Logs",
    resource_type=CloudTrailTrail, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=LOGS_ATTACK, phase=Phase.QUICK_WINS, smm="TD1.2",
    needs=("cloudwatch_log_group_arn",),
    remediation=Remediation(
        text="Send the trail to a CloudWatch Logs group (with a delivery role) so metric filters and alarms "
             "can watch API activity in near real time.",
        cli="aws cloudtrail update-trail --name <TRAIL> --cloud-watch-logs-log-group-arn <LOG_GROUP_ARN> "
            "--cloud-watch-logs-role-arn <ROLE_ARN>",
        terraform='resource "aws_cloudtrail" "main" {\n'
                  '  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"\n'
                  '  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn\n}',
    ),
    references=("FSBP CloudTrail.5",),
    skips="Whether delivery to the log group currently succeeds (GetTrailStatus delivery time is not read).",
)
def cloudwatch_logs(trail: CloudTrailTrail, inv: Inventory) -> Verdict:
    """Logs only in S3 are read after the fact; CloudWatch Logs lets alarms fire while an attack runs."""
    if trail.cloudwatch_log_group_arn:
        return passed(f"trail {trail.name} delivers to {trail.cloudwatch_log_group_arn}")
    return failed(f"trail {trail.name} has no CloudWatch Logs group")


def _public_exposure(bucket: S3Bucket, inv: Inventory) -> list[str]:
    """How anyone on the internet can read or write ``bucket``, after Block Public Access."""
    bucket.need("policy", "acl_grants", "public_access_block")
    own = bucket.public_access_block or PublicAccessBlock()
    account = account_block(inv, bucket)
    shared = account.settings if account is not None else PublicAccessBlock()
    exposure: list[str] = []
    if not (own.restrict_public_buckets or shared.restrict_public_buckets) and public_statements(bucket.policy):
        exposure.append("bucket policy grants access to anyone")
    public_grants = sorted({g.permission for g in bucket.acl_grants if g.is_public})
    if public_grants and not (own.ignore_public_acls or shared.ignore_public_acls):
        exposure.append("ACL grants " + ", ".join(public_grants) + " to a public group")
    return exposure


@rule(
    id="cloudtrail_bucket_not_public", title="The CloudTrail bucket is not publicly accessible",
    resource_type=CloudTrailTrail, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.RECON, attack=("T1530", "T1562.008"), phase=Phase.QUICK_WINS, smm="DP1.1", uses=(S3_BUCKET,),
    remediation=Remediation(
        text="Remove public statements and grants from the trail bucket and turn on Block Public Access.",
        cli="aws s3api put-public-access-block --bucket <TRAIL_BUCKET> --public-access-block-configuration "
            "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform='resource "aws_s3_bucket_public_access_block" "trail" {\n'
                  '  bucket                  = "<TRAIL_BUCKET>"\n'
                  '  block_public_acls       = true\n  ignore_public_acls      = true\n'
                  '  block_public_policy     = true\n  restrict_public_buckets = true\n}',
    ),
    references=("FSBP CloudTrail.6",),
    skips="trail buckets outside the scanned inventory (another account, or S3 not scanned)",
)
def bucket_not_public(trail: CloudTrailTrail, inv: Inventory) -> Verdict:
    """A public trail bucket hands the account's full API history, or its deletion, to anyone."""
    if not trail.s3_bucket:
        return not_applicable(f"trail {trail.name} names no S3 bucket")
    require_listed(inv, S3_BUCKET)
    bucket = inv.get(S3Bucket, trail.s3_bucket) or inv.get(S3Bucket, f"arn:{inv.partition}:s3:::{trail.s3_bucket}")
    if bucket is None:
        return not_applicable(f"bucket {trail.s3_bucket} of trail {trail.name} is not in the scanned inventory")
    exposure = _public_exposure(bucket, inv)
    if exposure:
        return failed(f"bucket {trail.s3_bucket} of trail {trail.name}: " + "; ".join(exposure))
    return passed(f"bucket {trail.s3_bucket} of trail {trail.name} is not public")


def _object_level_logging(inv: Inventory, wanted: str, what: str) -> Verdict:
    """A logging multi-region trail records ``wanted`` (WriteOnly or ReadOnly) S3 data events for all buckets."""
    skipped = not_scanned(inv, "cloudtrail", "CloudTrail")
    if skipped:
        return skipped
    multi = [t for t in inv.of_type(CloudTrailTrail) if t.multi_region]
    for trail in multi:
        if not {"logging", "s3_data_events"} & set(trail.unknown) and trail.logging \
                and trail.s3_data_events in ("All", wanted):
            return passed(f"multi-region trail {trail.name} records S3 object-level {what} events for all buckets")
    for trail in multi:
        trail.need("logging", "s3_data_events")  # an unreadable trail might be the one that covers
    if not multi:
        return failed(f"no multi-region trail, so no S3 object-level {what} events are recorded")
    recorded = ", ".join(f"{t.name}: {t.s3_data_events or 'no S3 data events'}" for t in multi)
    return failed(f"no logging multi-region trail records S3 object-level {what} events for all buckets "
                  f"({recorded})")


DATA_EVENTS_TF = ('resource "aws_cloudtrail" "main" {\n  # ...\n  event_selector {\n'
                  '    read_write_type           = "All"\n    include_management_events = true\n'
                  '    data_resource {\n      type   = "AWS::S3::Object"\n      values = ["arn:aws:s3"]\n    }\n'
                  "  }\n}")
DATA_EVENTS_CLI = ("aws cloudtrail put-event-selectors --trail-name <TRAIL> --event-selectors "
                   "'[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true,\"DataResources\":"
                   "[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3\"]}]}]'")


@rule(
    id="cloudtrail_s3_object_write_logging", title="S3 object-level write events are logged for every bucket",
    resource_type="AWS::Account", layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485",), phase=Phase.QUICK_WINS, smm="TD1.2",
    uses=(CloudTrailTrail,),
    remediation=Remediation(
        text="Record S3 data events (PutObject, DeleteObject...) for all buckets on a multi-region trail, so "
             "tampering with or deleting objects leaves evidence.",
        cli=DATA_EVENTS_CLI, terraform=DATA_EVENTS_TF),
    references=("CIS 4.8",),
    skips="trails that record data events only for some buckets; CloudTrail Lake event data stores",
)
def s3_object_write_logging(account: Resource, inv: Inventory) -> Verdict:
    """Without S3 data events, objects can be overwritten or deleted with no record of who did it."""
    return _object_level_logging(inv, "WriteOnly", "write")


@rule(
    id="cloudtrail_s3_object_read_logging", title="S3 object-level read events are logged for every bucket",
    resource_type="AWS::Account", layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.QUICK_WINS, smm="TD1.2", uses=(CloudTrailTrail,),
    remediation=Remediation(
        text="Record S3 data events (GetObject...) for all buckets on a multi-region trail, so data theft from "
             "buckets (the Capital One pattern) can be seen and scoped.",
        cli=DATA_EVENTS_CLI, terraform=DATA_EVENTS_TF),
    references=("CIS 4.9",),
    skips="trails that record data events only for some buckets; CloudTrail Lake event data stores",
)
def s3_object_read_logging(account: Resource, inv: Inventory) -> Verdict:
    """Without S3 data events, nobody can tell which objects a stolen credential read."""
    return _object_level_logging(inv, "ReadOnly", "read")
