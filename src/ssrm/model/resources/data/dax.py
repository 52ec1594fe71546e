"""DynamoDB Accelerator (DAX) clusters."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class DaxCluster(Resource):
    resource_type = "AWS::DAX::Cluster"
    service = "dax"

    status: str = ""
    encrypted_at_rest: bool = False
    endpoint_encryption: str = "NONE"  # NONE | TLS
