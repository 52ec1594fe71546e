"""Account governance that AWS's own programmes ask for first: a security contact AWS can reach (FSBP Account.1,
SMM SG1.1) and Macie discovering sensitive data (FSBP Macie.1, SMM DP2.3)."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.account import Account, Region
from ssrm.model.resources.identity.governance import MacieStatus, SecurityContact
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.listing import not_scanned, require_listed


@rule(
    id="account_security_contact",
    title="The account names a security contact",
    resource_type=Account, layer=Layer.CLOUD, domain=Domain.GOVERNANCE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1078.004",), phase=Phase.QUICK_WINS, smm="SG1.1",
    uses=(SecurityContact,),
    remediation=Remediation(
        text="Set the SECURITY alternate contact to a monitored team address, so AWS's abuse and compromise "
             "notices reach someone who acts on them.",
        cli="aws account put-alternate-contact --alternate-contact-type SECURITY --name 'Security team' "
            "--email-address security@example.com --phone-number '+1-555-0100' --title 'Security'",
        terraform='resource "aws_account_alternate_contact" "security" {\n  alternate_contact_type = "SECURITY"\n'
                  '  name                   = "Security team"\n  email_address          = "security@example.com"\n'
                  '  phone_number           = "+1-555-0100"\n  title                  = "Security"\n}',
    ),
    references=("FSBP Account.1", "CIS 2.3"),
)
def security_contact(account: Account, inv: Inventory) -> Verdict:
    """AWS tells the security contact about leaked keys and abuse; with none set, the notice goes astray."""
    skipped = not_scanned(inv, "account", "Account contacts")
    if skipped:
        return skipped
    require_listed(inv, SecurityContact.resource_type)
    contact = next(iter(inv.of_type(SecurityContact)), None)
    if contact is None:
        return failed("no security contact record was collected")
    contact.need("exists")
    if contact.exists:
        return passed(f"security contact set ({contact.email or 'no e-mail shown'})")
    return failed("no SECURITY alternate contact is set")


@rule(
    id="macie_enabled",
    title="Amazon Macie is enabled in every region",
    resource_type=Region, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.3",
    uses=(MacieStatus,),
    remediation=Remediation(
        text="Enable Macie (automated sensitive data discovery) in every region that holds S3 data, from the "
             "delegated administrator for the whole organization.",
        cli="aws macie2 enable-macie --region <REGION>",
        terraform='resource "aws_macie2_account" "this" {\n  finding_publishing_frequency = "FIFTEEN_MINUTES"\n'
                  '  status                       = "ENABLED"\n}',
    ),
    references=("FSBP Macie.1",),
    skips="Regions the scan left out.",
)
def macie_enabled(region: Region, inv: Inventory) -> Verdict:
    """Nobody protects sensitive data they do not know is there."""
    skipped = not_scanned(inv, "macie2", "Macie")
    if skipped:
        return skipped
    require_listed(inv, MacieStatus.resource_type)
    status = next(inv.in_region(MacieStatus, region.id), None)
    if status is None:
        return failed(f"Macie is not enabled in {region.id}")
    status.need("status")
    if status.status == "ENABLED":
        return passed(f"Macie is enabled in {region.id}")
    return failed(f"Macie is {status.status or 'not enabled'} in {region.id}")
