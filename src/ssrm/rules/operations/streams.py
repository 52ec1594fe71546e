"""Kinesis Data Streams rules: encryption at rest and retention."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.operations.kinesis import KinesisStream
from ssrm.rules.base import Verdict, failed, passed, rule

MIN_RETENTION_HOURS = 168


@rule(
    id="kinesis_stream_encrypted", title="Kinesis data streams are encrypted at rest",
    description=("Streams carry application events that often include personal data; server-side encryption protects "
                 "the records at rest."),
    resource_type=KinesisStream, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("encryption_type",),
    remediation=Remediation(
        text="Turn on server-side encryption with KMS (alias/aws/kinesis or a customer-managed key).",
        cli="aws kinesis start-stream-encryption --stream-name STREAM --encryption-type KMS "
            "--key-id alias/aws/kinesis",
        terraform='resource "aws_kinesis_stream" "this" {\n  encryption_type = "KMS"\n'
                  '  kms_key_id      = "alias/aws/kinesis"\n}',
    ),
    references=("FSBP Kinesis.1",),
    skips="which key encrypts (the AWS-managed key counts)",
)
def stream_encrypted(stream: KinesisStream, inv: Inventory) -> Verdict:
    if stream.encryption_type == "KMS":
        return passed(f"encrypted with {stream.kms_key_id or 'KMS'}")
    return failed(f"stream {stream.label} encryption type is {stream.encryption_type}")


@rule(
    id="kinesis_stream_retention", title="Kinesis data streams keep records at least 7 days",
    description=("Records expire after the retention period; a short one loses data when consumers fall behind or an "
                 "incident needs replaying."),
    resource_type=KinesisStream, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485",), phase=Phase.QUICK_WINS, smm="RS1.1",
    needs=("retention_hours",),
    remediation=Remediation(
        text="Raise retention to 168 hours so a consumer outage longer than a day loses no records.",
        cli="aws kinesis increase-stream-retention-period --stream-name STREAM --retention-period-hours 168",
        terraform='resource "aws_kinesis_stream" "this" {\n  retention_period = 168\n}',
    ),
    skips="streams whose consumers archive every record elsewhere",
)
def stream_retention(stream: KinesisStream, inv: Inventory) -> Verdict:
    if stream.retention_hours >= MIN_RETENTION_HOURS:
        return passed(f"retention {stream.retention_hours} hours")
    return failed(f"stream {stream.label} keeps records {stream.retention_hours} hours (< {MIN_RETENTION_HOURS})")
