"""IAM policies that let their holders decrypt with every KMS key in the account (FSBP KMS.1, KMS.2).

Encryption at rest protects data only while decrypting is a privilege; "kms:Decrypt on *" quietly turns every
key into a shared one. A statement pinned by a KMS condition (the calling service, the encryption context, the
key's tags, the key's account) is scoped and passes.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.identity.iam import IamGroup, IamManagedPolicy, IamPrincipal, IamRole, IamUser
from ssrm.rules.base import Rule, Verdict, failed, not_applicable, passed, rule
from ssrm.rules.policy import as_list, statements

DECRYPT_ACTIONS = ("kms:decrypt", "kms:reencryptfrom")
SCOPING_KEYS = ("kms:viaservice", "kms:callingaccount", "kms:encryptioncontext", "kms:encryptioncontextkeys",
                "aws:resourcetag/", "kms:grantisforawsresource", "aws:resourceaccount", "aws:resourceorgid")


def _allows_decrypt(statement: dict[str, Any]) -> list[str]:
    """The decryption actions an Allow statement grants (wildcards and NotAction included)."""
    if str(statement.get("Effect", "")).lower() != "allow":
        return []
    if "NotAction" in statement:
        excluded = [str(a).lower() for a in as_list(statement["NotAction"])]
        return [a for a in DECRYPT_ACTIONS if not any(fnmatchcase(a, pattern) for pattern in excluded)]
    granted = [str(a).lower() for a in as_list(statement.get("Action"))]
    return [a for a in DECRYPT_ACTIONS if any(fnmatchcase(a, pattern) for pattern in granted)]


def _every_key(statement: dict[str, Any]) -> bool:
    if "NotResource" in statement:
        return True  # everything but the listed resources
    for resource in as_list(statement.get("Resource")):
        text = str(resource)
        if text == "*" or text.startswith("arn:*") or (":kms:" in text and text.endswith(("key/*", ":*"))):
            return True
    return False


def _scoped(statement: dict[str, Any]) -> bool:
    for block in (statement.get("Condition") or {}).values():
        if isinstance(block, dict) and any(str(k).lower().startswith(SCOPING_KEYS) for k in block):
            return True
    return False


def decrypt_everything(document: dict[str, Any] | None) -> list[str]:
    """Sids (or positions) of statements that allow decryption with every key, unscoped."""
    found = []
    for position, statement in enumerate(statements(document), start=1):
        actions = _allows_decrypt(statement)
        if actions and _every_key(statement) and not _scoped(statement):
            found.append(f"{statement.get('Sid') or f'statement {position}'} ({', '.join(actions)})")
    return found


REMEDIATION = Remediation(
    text="Name the keys the workload decrypts with in Resource, or pin the statement with kms:ViaService or "
         "kms:EncryptionContext conditions.",
    cli="aws iam create-policy-version --policy-arn <POLICY_ARN> --policy-document file://scoped.json "
        "--set-as-default",
    terraform='data "aws_iam_policy_document" "decrypt" {\n  statement {\n    actions   = ["kms:Decrypt"]\n'
              '    resources = [aws_kms_key.app.arn]\n  }\n}',
)


@rule(
    id="iam_customer_policy_kms_decrypt_all_keys",
    title="Customer-managed policies do not allow decryption with every KMS key",
    resource_type=IamManagedPolicy, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1078.004"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("document",), remediation=REMEDIATION, references=("FSBP KMS.1",),
    skips="AWS-managed policies; statements scoped by a KMS or resource condition.",
)
def customer_policy_decrypt_all(policy: IamManagedPolicy, inv: Inventory) -> Verdict:
    """A policy that decrypts with every key makes every key's protection depend on who holds the policy."""
    if policy.aws_managed:
        return not_applicable("AWS-managed policy")
    found = decrypt_everything(policy.document)
    if found:
        return failed(f"policy {policy.name} allows decryption with every KMS key: {'; '.join(found)}")
    return passed(f"policy {policy.name} does not allow decryption with every KMS key")


def _inline_verdict(principal: IamPrincipal, kind: str) -> Verdict:
    found = [f"{policy.name}: {item}" for policy in principal.inline_policies
             for item in decrypt_everything(policy.document)]
    if found:
        return failed(f"{kind} {principal.name} has inline policies allowing decryption with every KMS key: "
                      f"{'; '.join(found)}")
    return passed(f"no inline policy of {kind} {principal.name} allows decryption with every KMS key")


def _inline_rule(principal_type: type[IamPrincipal], kind: str) -> Rule:
    def check(principal: IamPrincipal, inv: Inventory) -> Verdict:
        return _inline_verdict(principal, kind)

    check.__doc__ = f"An inline grant on a {kind} to decrypt with every key is easy to miss and to forget."
    return rule(
        id=f"iam_{kind}_inline_policy_kms_decrypt_all_keys",
        title=f"{kind.capitalize()} inline policies do not allow decryption with every KMS key",
        resource_type=principal_type, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
        stage=Stage.EXFILTRATE, attack=("T1530", "T1078.004"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
        needs=("inline_policies",), remediation=REMEDIATION, references=("FSBP KMS.2",),
        skips="Statements scoped by a KMS or resource condition.",
    )(check)


iam_user_inline_policy_kms_decrypt_all_keys = _inline_rule(IamUser, "user")
iam_group_inline_policy_kms_decrypt_all_keys = _inline_rule(IamGroup, "group")
iam_role_inline_policy_kms_decrypt_all_keys = _inline_rule(IamRole, "role")
