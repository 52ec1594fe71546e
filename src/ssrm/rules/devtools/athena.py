"""Athena rules: workgroups encrypt query results and enforce their settings on every client."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.devtools.athena import AthenaWorkGroup
from ssrm.rules.base import Verdict, failed, passed, rule


@rule(
    id="athena_workgroup_encrypted", title="Athena workgroups encrypt query results at rest",
    description=("Query results land in S3 and often contain extracts of sensitive tables; encrypting them keeps the "
                 "extracts as protected as the source."),
    resource_type=AthenaWorkGroup, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("encryption_option",),
    remediation=Remediation(
        text="Set the workgroup's result encryption (SSE_KMS with your key, or SSE_S3).",
        cli="aws athena update-work-group --work-group NAME --configuration-updates "
            "'ResultConfigurationUpdates={EncryptionConfiguration={EncryptionOption=SSE_KMS,KmsKey=KEY_ARN}}'",
        terraform='resource "aws_athena_workgroup" "this" {\n  configuration {\n    result_configuration {\n'
                  '      encryption_configuration {\n        encryption_option = "SSE_KMS"\n'
                  '        kms_key_arn       = aws_kms_key.athena.arn\n      }\n    }\n  }\n}',
    ),
    references=("FSBP Athena.1",),
    skips="the result bucket's own default encryption (judged on the bucket)",
)
def workgroup_encrypted(group: AthenaWorkGroup, inv: Inventory) -> Verdict:
    if group.encryption_option:
        return passed(f"results encrypted with {group.encryption_option}")
    return failed(f"workgroup {group.label} has no result encryption configured")


@rule(
    id="athena_workgroup_enforce_configuration", title="Athena workgroups enforce their settings on clients",
    resource_type=AthenaWorkGroup, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1074.002"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("enforce_configuration",),
    remediation=Remediation(
        text="Enforce the workgroup configuration so clients cannot send results to another location or "
             "without encryption.",
        cli="aws athena update-work-group --work-group NAME --configuration-updates "
            "EnforceWorkGroupConfiguration=true",
        terraform='resource "aws_athena_workgroup" "this" {\n  configuration {\n'
                  '    enforce_workgroup_configuration = true\n  }\n}',
    ),
)
def workgroup_enforce_configuration(group: AthenaWorkGroup, inv: Inventory) -> Verdict:
    """Unenforced, any query can name its own output location and encryption, overriding the workgroup's."""
    if group.enforce_configuration:
        return passed("workgroup configuration is enforced")
    return failed(f"workgroup {group.label} lets clients override its result location and encryption")
