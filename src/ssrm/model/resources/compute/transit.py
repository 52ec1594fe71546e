"""Transit gateways: the hubs that join VPCs and on-premises networks."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class TransitGateway(Resource):
    resource_type = "AWS::EC2::TransitGateway"
    service = "ec2"

    state: str = ""
    owner_id: str = ""
    auto_accept_shared_attachments: bool = False
