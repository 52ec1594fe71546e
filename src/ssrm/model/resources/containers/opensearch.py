"""Amazon OpenSearch Service domains (OpenSearch and legacy Elasticsearch engines alike)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class OpenSearchDomain(Resource):
    resource_type = "AWS::OpenSearchService::Domain"
    service = "opensearch"

    engine_version: str = ""  # "OpenSearch_2.11" or "Elasticsearch_7.10"
    endpoint: str | None = None
    encryption_at_rest: bool = False
    node_to_node_encryption: bool = False
    enforce_https: bool = False
    tls_policy: str | None = None
    vpc_id: str | None = None
    subnet_ids: tuple[str, ...] = ()
    fine_grained_access_control: bool = False
    internal_user_database: bool = False
    log_publishing: dict[str, bool] = Field(default_factory=dict)  # log type -> enabled
    access_policy: dict[str, Any] | None = None
    instance_count: int = 0
    dedicated_master_enabled: bool = False
    dedicated_master_count: int = 0
    zone_awareness: bool = False
    update_available: bool = False
    software_version: str = ""

    @property
    def in_vpc(self) -> bool:
        return bool(self.subnet_ids) or self.vpc_id is not None

    @property
    def is_elasticsearch(self) -> bool:
        return self.engine_version.startswith("Elasticsearch")
