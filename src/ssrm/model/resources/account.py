"""Account- and region-wide records that the scan runner itself emits.

Rules about "is service X on in every region" judge an ``AWS::Region`` and look the service's own
records up in the inventory; that way a region with no detector at all still gets a finding.
"""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class Account(Resource):
    resource_type = "AWS::Account"
    service = "account"

    alias: str | None = None


@resource_type
class Region(Resource):
    resource_type = "AWS::Region"
    service = "account"

    opt_in_status: str = "opt-in-not-required"
