"""IAM rules on account-wide setup: a support role, server certificates, identity federation."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.account import Account
from ssrm.model.resources.identity.iam import (
    IamGroup,
    IamOidcProvider,
    IamPrincipal,
    IamRole,
    IamSamlProvider,
    IamServerCertificate,
    IamUser,
)
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.clock import reference_time
from ssrm.rules.identity.listing import not_scanned, require_listed

SUPPORT_POLICY = ":iam::aws:policy/AWSSupportAccess"


@rule(
    id="iam_support_role_exists", title="A principal can open AWS Support cases for incidents",
    resource_type=Account, layer=Layer.CLOUD, domain=Domain.INCIDENT_RESPONSE, severity=Severity.LOW,
    stage=Stage.CONTROL, phase=Phase.FOUNDATIONAL, smm="IR2.1", uses=(IamUser, IamGroup, IamRole),
    # Responding to compromised cloud credentials is the usual reason to open a case with AWS in an incident.
    attack=("T1078.004",),
    remediation=Remediation(
        text="Create a role for the incident responders and attach AWSSupportAccess to it.",
        cli="aws iam attach-role-policy --role-name <SUPPORT_ROLE> "
            "--policy-arn arn:aws:iam::aws:policy/AWSSupportAccess",
        terraform='resource "aws_iam_role_policy_attachment" "support" {\n  role       = "<SUPPORT_ROLE>"\n'
                  '  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"\n}',
    ),
    references=("CIS 2.15",),
)
def support_role_exists(account: Account, inv: Inventory) -> Verdict:
    """During an incident someone must be able to open an AWS Support case."""
    skipped = not_scanned(inv, "iam", "IAM")
    if skipped:
        return skipped
    require_listed(inv, IamUser.resource_type, IamGroup.resource_type, IamRole.resource_type)
    holders: list[IamPrincipal] = [*inv.of_type(IamRole), *inv.of_type(IamGroup), *inv.of_type(IamUser)]
    named = [p.name for p in holders if any(a.endswith(SUPPORT_POLICY) for a in p.attached_policy_arns)]
    if named:
        return passed(f"AWSSupportAccess is attached to {', '.join(sorted(named))}")
    return failed("AWSSupportAccess is attached to no user, group or role")


@rule(
    id="iam_server_certificate_expired", title="Expired IAM server certificates are removed",
    resource_type=IamServerCertificate, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, phase=Phase.EFFICIENT, smm="DP3.1",
    # Clients taught to click through certificate errors let their traffic be read on the way.
    attack=("T1040",),
    remediation=Remediation(
        text="Delete the expired certificate (after moving listeners to an ACM certificate).",
        cli="aws iam delete-server-certificate --server-certificate-name <NAME>",
        terraform="# remove the aws_iam_server_certificate resource and use aws_acm_certificate instead",
    ),
    references=("CIS 2.17", "FSBP IAM.26"),
)
def server_certificate_expired(certificate: IamServerCertificate, inv: Inventory) -> Verdict:
    """A deployed expired certificate breaks TLS for clients and trains users to click through warnings."""
    if certificate.expiration is None:
        return passed(f"{certificate.name} has no expiration date recorded")
    expires = certificate.expiration
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=reference_time(inv).tzinfo)
    if expires < reference_time(inv):
        return failed(f"server certificate {certificate.name} expired on {expires:%Y-%m-%d}")
    return passed(f"server certificate {certificate.name} is valid until {expires:%Y-%m-%d}")


@rule(
    id="iam_federation_configured", title="People sign in through identity federation",
    resource_type=Account, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.INFO,
    stage=Stage.INITIAL_ACCESS, attack=("T1078.004",), phase=Phase.QUICK_WINS, smm="IA1.3",
    uses=(IamSamlProvider, IamOidcProvider),
    remediation=Remediation(
        text="Connect your identity provider (IAM Identity Center, or a SAML/OIDC provider) and retire IAM "
             "users for people.",
        cli="aws iam create-saml-provider --name <IDP> --saml-metadata-document file://metadata.xml",
        terraform='resource "aws_iam_saml_provider" "idp" {\n  name                   = "<IDP>"\n'
                  '  saml_metadata_document = file("metadata.xml")\n}',
    ),
    references=("CIS 2.19",),
)
def federation_configured(account: Account, inv: Inventory) -> Verdict:
    """Central identities are disabled once, everywhere, when people leave."""
    skipped = not_scanned(inv, "iam", "IAM")
    if skipped:
        return skipped
    require_listed(inv, IamSamlProvider.resource_type, IamOidcProvider.resource_type)
    providers = [p.name for p in inv.of_type(IamSamlProvider)] + [p.name for p in inv.of_type(IamOidcProvider)]
    if providers:
        return passed(f"identity providers configured: {', '.join(sorted(providers))}")
    return failed("no SAML or OIDC identity provider: people sign in as IAM users")
