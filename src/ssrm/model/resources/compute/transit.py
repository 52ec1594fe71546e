"""Transit gateways and Site-to-Site VPN connections: what joins VPCs to each other and to on-premises networks."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class TransitGateway(Resource):
    resource_type = "AWS::EC2::TransitGateway"
    service = "ec2"

    state: str = ""
    owner_id: str = ""
    auto_accept_shared_attachments: bool = False


@resource_type
class VpnConnection(Resource):
    resource_type = "AWS::EC2::VPNConnection"
    service = "ec2"

    state: str = ""
    tunnel_status: tuple[str, ...] = ()  # UP | DOWN per tunnel (VgwTelemetry)
