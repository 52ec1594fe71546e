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
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.QUICK_WINS, smm="DP1.2",
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
    """Macie's bucket inventory shows which buckets are public, unencrypted or shared: the data posture a team
    analyses first (SMM DP1.2)."""
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


@rule(
    id="macie_automated_discovery", title="Macie discovers sensitive data automatically",
    description=("Enabled Macie inventories buckets; only automated sensitive data discovery samples their objects "
                 "and says which ones hold personal data, credentials or financial records, so protection goes where "
                 "the data is."),
    resource_type=Region, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.3",
    uses=(MacieStatus,),
    remediation=Remediation(
        text="Turn on automated sensitive data discovery (it samples every bucket continuously at a bounded cost).",
        cli="aws macie2 update-automated-discovery-configuration --status ENABLED --region <REGION>",
        terraform='resource "aws_macie2_account" "this" {\n  status = "ENABLED"\n}\n# then enable automated '
                  'discovery in the console or with the CLI (no Terraform resource yet)',
    ),
    skips="Regions the scan left out; one-off classification jobs (they do not keep up with new data)",
)
def macie_automated_discovery(region: Region, inv: Inventory) -> Verdict:
    skipped = not_scanned(inv, "macie2", "Macie")
    if skipped:
        return skipped
    require_listed(inv, MacieStatus.resource_type)
    status = next(inv.in_region(MacieStatus, region.id), None)
    if status is not None:
        status.need("status")
    if status is None or status.status != "ENABLED":
        return failed(f"Macie is not enabled in {region.id}, so nothing discovers sensitive data there")
    status.need("automated_discovery")
    if status.automated_discovery == "ENABLED":
        return passed(f"automated sensitive data discovery is on in {region.id}")
    return failed(f"Macie is on in {region.id} but automated sensitive data discovery is "
                  f"{status.automated_discovery or 'off'}")
