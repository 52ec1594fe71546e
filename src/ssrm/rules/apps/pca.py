"""AWS Private CA (FSBP PrivateCertificateAuthority.1): a root CA should sign subordinates, then be disabled."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.apps.pca import PrivateCertificateAuthority
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule


@rule(
    id="acmpca_root_ca_disabled",
    title="Private root certificate authorities are disabled once they have signed their subordinates",
    resource_type=PrivateCertificateAuthority, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=("T1606",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Issue from subordinate CAs and disable the root CA; re-enable it only to sign a new subordinate.",
        cli="aws acm-pca update-certificate-authority --certificate-authority-arn <ROOT_CA_ARN> --status DISABLED",
        terraform='resource "aws_acmpca_certificate_authority" "root" {\n  type    = "ROOT"\n  enabled = false\n}',
    ),
    references=("FSBP PrivateCertificateAuthority.1",),
    skips="Subordinate CAs; root CAs that are not active.",
)
def root_ca_disabled(ca: PrivateCertificateAuthority, inv: Inventory) -> Verdict:
    """An active root CA can mint a certificate for any internal name: its misuse is undetectable."""
    if ca.ca_type != "ROOT":
        return not_applicable(f"{ca.ca_type or 'unknown'} CA")
    if ca.status == "ACTIVE":
        return failed(f"root CA {ca.name} is ACTIVE")
    return passed(f"root CA {ca.name} is {ca.status}")
