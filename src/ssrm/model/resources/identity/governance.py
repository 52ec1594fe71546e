"""Account governance records: the security contact AWS writes to, and Amazon Macie's state per region."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class SecurityContact(Resource):
    """The account's SECURITY alternate contact (one per account; ``exists`` False when none is set)."""

    resource_type = "AWS::Account::SecurityContact"
    service = "account"

    exists: bool = False
    email: str = ""


@resource_type
class MacieStatus(Resource):
    """Amazon Macie in one region: ENABLED, PAUSED, or "" when Macie was never enabled there."""

    resource_type = "AWS::Macie::Session"
    service = "macie2"

    status: str = ""
    finding_frequency: str = ""
    automated_discovery: str = ""  # GetAutomatedDiscoveryConfiguration: ENABLED | DISABLED
