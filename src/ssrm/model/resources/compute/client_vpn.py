"""EC2 Client VPN endpoints: remote users' way into a VPC, and whether their connections are logged."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class ClientVpnEndpoint(Resource):
    resource_type = "AWS::EC2::ClientVpnEndpoint"
    service = "ec2"

    status: str = ""
    connection_logging: bool = False
    log_group: str | None = None
