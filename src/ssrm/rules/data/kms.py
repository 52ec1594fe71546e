"""KMS rules: rotation, public key policies, keys scheduled for deletion (customer-managed keys only)."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.kms import KmsKey
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.data._policies import open_statement_reason
from ssrm.rules.policy import public_statements

AWS_MANAGED = "AWS-managed key: AWS owns its policy and rotates it every year"


@rule(
    id="kms_key_rotation", title="Customer-managed KMS keys rotate automatically",
    description=("Automatic rotation limits how much data one key version protects and how long a leaked key version "
                 "stays useful."),
    resource_type=KmsKey, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("key_manager", "key_state", "rotation_enabled"),
    remediation=Remediation(
        text="Enable automatic rotation (yearly by default, or a custom period of 90-2560 days).",
        cli="aws kms enable-key-rotation --key-id KEY_ID",
        terraform='resource "aws_kms_key" "this" {\n  enable_key_rotation = true\n}',
    ),
    references=("CIS 4.6", "FSBP KMS.4"),
    skips="AWS-managed keys (AWS rotates them); asymmetric, HMAC and imported-material keys (no automatic "
          "rotation exists); keys pending deletion",
)
def key_rotation(key: KmsKey, inv: Inventory) -> Verdict:
    if not key.customer_managed:
        return not_applicable(AWS_MANAGED)
    if not key.rotatable:
        return not_applicable(f"{key.key_spec} key with {key.origin_type} material cannot rotate automatically")
    if key.key_state not in ("Enabled", "Disabled"):
        return not_applicable(f"key is {key.key_state}")
    if key.rotation_enabled:
        return passed("automatic rotation is enabled")
    return failed(f"automatic rotation is disabled for {key.label}")


@rule(
    id="kms_key_policy_public", title="KMS key policies do not grant use of the key to anyone",
    description=("A key policy that allows any principal lets anyone use the key, so whatever it protects is no longer"
                 " protected by it."),
    resource_type=KmsKey, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.CRITICAL,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1486"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("key_manager", "policy"),
    remediation=Remediation(
        text="Replace Principal \"*\" with the account root or named roles, or add a condition such as "
             "kms:CallerAccount or aws:PrincipalOrgID.",
        cli="aws kms put-key-policy --key-id KEY_ID --policy-name default --policy file://key-policy.json",
        terraform='resource "aws_kms_key" "this" {\n  policy = data.aws_iam_policy_document.key.json\n}',
    ),
    references=("FSBP KMS.5",),
    skips="AWS-managed keys (their policies are AWS's); statements pinned by kms:CallerAccount, "
          "kms:ViaService, an organization or a source condition",
)
def key_policy_public(key: KmsKey, inv: Inventory) -> Verdict:
    if not key.customer_managed:
        return not_applicable(AWS_MANAGED)
    open_statements = public_statements(key.policy)
    if open_statements:
        return failed(open_statement_reason("key", open_statements[0]))
    return passed("no key policy statement is open to anyone")


@rule(
    id="kms_key_pending_deletion", title="Customer-managed KMS keys are not scheduled for deletion",
    resource_type=KmsKey, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1486"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("key_manager", "key_state"),
    remediation=Remediation(
        text="If the deletion was not intended (or you cannot prove nothing still needs the key), cancel it: "
             "data encrypted under a deleted key is lost for good.",
        cli="aws kms cancel-key-deletion --key-id KEY_ID && aws kms enable-key --key-id KEY_ID",
        terraform='resource "aws_kms_key" "this" {\n  deletion_window_in_days = 30\n'
                  '  lifecycle {\n    prevent_destroy = true\n  }\n}',
    ),
    references=("FSBP KMS.3", "CIS 5.7"),
    skips="AWS-managed keys",
)
def key_pending_deletion(key: KmsKey, inv: Inventory) -> Verdict:
    """A scheduled deletion is either housekeeping or an attacker's ransom clock: a person must look."""
    if not key.customer_managed:
        return not_applicable(AWS_MANAGED)
    if key.key_state in ("PendingDeletion", "PendingReplicaDeletion"):
        when = f" on {key.deletion_date}" if key.deletion_date else ""
        return failed(f"key {key.label} is scheduled for deletion{when}")
    return passed(f"key state {key.key_state}")
