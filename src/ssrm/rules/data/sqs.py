"""SQS rules: encryption at rest, queue policies open to anyone."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.sqs import SqsQueue
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.data._policies import open_statement_reason
from ssrm.rules.policy import public_statements


@rule(
    id="sqs_queue_encrypted", title="SQS queues encrypt messages at rest",
    description=("Messages wait in the queue until consumed, often with personal or business data; encryption protects"
                 " them at rest."),
    resource_type=SqsQueue, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("sqs_managed_sse", "kms_master_key_id"),
    remediation=Remediation(
        text="Turn on SQS-managed encryption (SSE-SQS), or SSE-KMS with your own key for auditable decrypts.",
        cli="aws sqs set-queue-attributes --queue-url QUEUE_URL --attributes SqsManagedSseEnabled=true",
        terraform='resource "aws_sqs_queue" "this" {\n  sqs_managed_sse_enabled = true\n}',
    ),
    references=("FSBP SQS.1",),
    skips="which key encrypts: SSE-SQS and the AWS-managed alias/aws/sqs count as encrypted",
)
def queue_encrypted(queue: SqsQueue, inv: Inventory) -> Verdict:
    if queue.kms_master_key_id:
        return passed(f"SSE-KMS with {queue.kms_master_key_id}")
    if queue.sqs_managed_sse:
        return passed("SQS-managed encryption (SSE-SQS)")
    return failed(f"queue {queue.label} stores messages unencrypted")


@rule(
    id="sqs_queue_policy_public", title="SQS queue policies do not grant access to anyone",
    resource_type=SqsQueue, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1530"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("policy",),
    remediation=Remediation(
        text="Name the principals that may send or receive, or pin the statement with aws:SourceArn / "
             "aws:SourceAccount (e.g. for an SNS topic or S3 notification).",
        cli="aws sqs set-queue-attributes --queue-url QUEUE_URL --attributes Policy=file://queue-policy.json",
        terraform='resource "aws_sqs_queue_policy" "this" {\n  queue_url = aws_sqs_queue.this.id\n'
                  '  policy    = data.aws_iam_policy_document.queue.json\n}',
    ),
    skips="statements pinned by aws:SourceArn, aws:SourceAccount, an organization or a VPC endpoint",
)
def queue_policy_public(queue: SqsQueue, inv: Inventory) -> Verdict:
    """Anyone who can send injects work into your consumers; anyone who can receive reads the messages."""
    open_statements = public_statements(queue.policy)
    if open_statements:
        return failed(open_statement_reason("queue", open_statements[0]))
    return passed("no queue policy statement is open to anyone")
