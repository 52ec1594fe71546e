"""DMS replication instances, endpoints and replication tasks."""

from __future__ import annotations

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class DmsReplicationInstance(Resource):
    resource_type = "AWS::DMS::ReplicationInstance"
    service = "dms"

    publicly_accessible: bool = False
    public_ips: list[str] = Field(default_factory=list)
    auto_minor_version_upgrade: bool = False
    multi_az: bool = False
    engine_version: str = ""
    kms_key_id: str | None = None


@resource_type
class DmsEndpoint(Resource):
    resource_type = "AWS::DMS::Endpoint"
    service = "dms"

    endpoint_type: str = ""  # SOURCE or TARGET (AWS answers upper case)
    engine: str = ""
    ssl_mode: str = "none"  # none, require, verify-ca, verify-full


@resource_type
class DmsReplicationTask(Resource):
    resource_type = "AWS::DMS::ReplicationTask"
    service = "dms"

    logging_enabled: bool = False
    # log component id (e.g. SOURCE_CAPTURE) -> severity (e.g. LOGGER_SEVERITY_DEFAULT)
    log_components: dict[str, str] = Field(default_factory=dict)
