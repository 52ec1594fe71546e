"""Account governance: the SECURITY alternate contact (Account API, global) and Macie's session per region."""

from __future__ import annotations

from ssrm.model.resources.identity.governance import MacieStatus, SecurityContact
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

CONTACT = SecurityContact.resource_type
MACIE = MacieStatus.resource_type


def collect_contact(ctx: CollectContext) -> None:
    arn = ctx.arn("account", "alternate-contact/security", region="")
    reply = ctx.call("get_alternate_contact", AlternateContactType="SECURITY", resource=arn,
                     absent=("ResourceNotFoundException",))
    unknown = {} if reply.ok or reply.absent else dict.fromkeys(("exists", "email"), reply.reason)
    contact = reply.get("AlternateContact") or {}
    ctx.add(SecurityContact(arn=arn, id=f"{ctx.account}-security-contact", name="security contact",
                            account=ctx.account, region=ctx.resource_region, unknown=unknown,
                            exists=bool(contact), email=str(contact.get("EmailAddress", ""))))


def collect_macie(ctx: CollectContext) -> None:
    arn = ctx.arn("macie2", "session")
    # Macie answers AccessDenied with "Macie is not enabled" when it was never turned on in the region (the
    # emulator: ResourceNotFoundException).
    reply = ctx.call("get_macie_session", resource=arn, absent=("AccessDeniedException", "ResourceNotFoundException"),
                     resource_types=(MACIE,))
    unknown = {} if reply.ok or reply.absent else dict.fromkeys(("status",), reply.reason)
    # A real refusal: unknown, and a gap.
    if reply.error == "AccessDeniedException" and "not enabled" not in reply.message.lower():
        ctx.gap("GetMacieSession", reply.error or "AccessDeniedException", reply.message, resource_types=(MACIE,))
        unknown["status"] = f"AccessDeniedException: {reply.message}"
    discovery = ""
    if reply.ok and reply.get("status") == "ENABLED":
        automated = ctx.call("get_automated_discovery_configuration", resource=arn)
        discovery = str(automated.get("status", ""))
        if not automated.ok:
            unknown["automated_discovery"] = automated.reason
    ctx.add(MacieStatus(arn=arn, id=f"macie-{ctx.region}", name=f"Macie in {ctx.region}", account=ctx.account,
                        region=ctx.region, unknown=unknown, status=str(reply.get("status", "")),
                        finding_frequency=str(reply.get("findingPublishingFrequency", "")),
                        automated_discovery=discovery))


CONTACT_COLLECTOR = Collector(
    name="account", client="account", scope="global", title="Account contacts", resource_types=(CONTACT,),
    actions=("account:GetAlternateContact",), collect=collect_contact,
)
MACIE_COLLECTOR = Collector(
    name="macie2", client="macie2", scope="regional", title="Macie", resource_types=(MACIE,),
    actions=("macie2:GetMacieSession", "macie2:GetAutomatedDiscoveryConfiguration"), collect=collect_macie,
)
