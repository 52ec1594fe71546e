"""Security Hub, one record per region where the account is subscribed."""

from __future__ import annotations

from datetime import datetime

from ssrm.model.resource import Resource, resource_type


@resource_type
class SecurityHub(Resource):
    resource_type = "AWS::SecurityHub::Hub"
    service = "securityhub"

    subscribed_at: datetime | None = None
    auto_enable_controls: bool = False
