"""AWS Organizations: the organization the scanned account belongs to (no record when it belongs to none)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from ssrm.model.resource import Resource, resource_type

if TYPE_CHECKING:
    from ssrm.model.inventory import Inventory


@resource_type
class Organization(Resource):
    resource_type = "AWS::Organizations::Organization"
    service = "organizations"

    management_account: str = ""
    feature_set: str = ""

    @property
    def all_features(self) -> bool:
        """Only with all features enabled can SCPs and RCPs act as guardrails."""
        return self.feature_set == "ALL"


@resource_type
class OrgUnit(Resource):
    """An organizational unit (or the root, ``parent_id`` empty). ``path`` is "Root/Prod/Web"."""

    resource_type = "AWS::Organizations::OrganizationalUnit"
    service = "organizations"

    parent_id: str = ""
    path: str = ""
    policy_ids: list[str] = Field(default_factory=list)  # SCPs and RCPs attached directly


@resource_type
class OrgPolicy(Resource):
    """A service control policy (kind SCP) or resource control policy (kind RCP), with its targets."""

    resource_type = "AWS::Organizations::Policy"
    service = "organizations"

    kind: str = "SCP"
    aws_managed: bool = False
    document: dict[str, Any] = Field(default_factory=dict)
    targets: list[str] = Field(default_factory=list)  # root, OU and account ids


@resource_type
class OrgAccount(Resource):
    """A member account as the organization sees it (listed from the management or a delegated admin).

    ``parents`` runs from the root down to the account's own OU (ids); ``ou_path`` names them.
    ``assessed`` is False when the member role could not be assumed (the reason is in ``unknown``).
    """

    resource_type = "AWS::Organizations::Account"
    service = "organizations"

    email: str = ""
    status: str = "ACTIVE"
    management: bool = False
    parents: list[str] = Field(default_factory=list)
    ou_path: str = ""
    policy_ids: list[str] = Field(default_factory=list)  # SCPs and RCPs attached to the account itself
    delegated_services: list[str] = Field(default_factory=list)  # service principals it administers
    environment: str = ""  # "prod", "non-prod" or "" (from tags or the OU path)
    regions: list[str] = Field(default_factory=list)
    disabled_regions: list[str] = Field(default_factory=list)  # opt-in regions not enabled for the account
    scp_denied_regions: list[str] = Field(default_factory=list)  # enabled but denied by an SCP
    assessed: bool = True


def policy_levels(inventory: Inventory, account_id: str, kind: str = "SCP") -> list[list[dict[str, Any]]]:
    """Documents of ``kind`` (SCP or RCP) attached at each level from the root down to ``account_id``.

    Empty when the inventory holds no organization listing for that account, or the account is the
    management account (SCPs and RCPs do not apply to it). A level whose policy document could not be read
    is left out entirely, which keeps that level from capping anything (unknown is never "denied").
    """
    account = next((a for a in inventory.of_type(OrgAccount) if a.id == account_id), None)
    if account is None or account.management:
        return []
    policies = {p.id: p for p in inventory.of_type(OrgPolicy) if p.kind == kind}
    if not policies:
        return []
    units = {u.id: u for u in inventory.of_type(OrgUnit)}
    attached = [units[p].policy_ids if p in units else [] for p in account.parents] + [account.policy_ids]
    levels = []
    for ids in attached:
        level = [policies[i] for i in ids if i in policies]
        if any(p.unknown for p in level):
            return []
        levels.append([p.document for p in level])
    if any(not level for level in levels):
        return []  # AWS requires a policy at every level: an empty one means the listing is incomplete
    return levels
