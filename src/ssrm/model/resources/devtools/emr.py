"""Amazon EMR clusters and the regional block public access setting."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class EmrCluster(Resource):
    resource_type = "AWS::EMR::Cluster"
    service = "emr"

    state: str = ""
    subnet_id: str | None = None
    master_public_dns: str = ""  # set when the primary node has a public address


@resource_type
class EmrBlockPublicAccess(Resource):
    """EMR's block public access configuration in one region."""

    resource_type = "AWS::EMR::BlockPublicAccessConfiguration"
    service = "emr"

    enabled: bool = False
    permitted_ports: tuple[str, ...] = ()  # "22" or "8000-8010": ports still allowed from anywhere
