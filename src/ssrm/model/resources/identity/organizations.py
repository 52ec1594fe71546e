"""AWS Organizations: the organization the scanned account belongs to (no record when it belongs to none)."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


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
