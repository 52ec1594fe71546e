"""Route 53 hosted zones: query logging and DNSSEC signing."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class Route53HostedZone(Resource):
    resource_type = "AWS::Route53::HostedZone"
    service = "route53"

    private: bool = False
    record_count: int = 0
    query_log_group: str | None = None
    dnssec_status: str = "NOT_SIGNING"  # SIGNING | NOT_SIGNING | DELETING | ACTION_NEEDED | INTERNAL_FAILURE
