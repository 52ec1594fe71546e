"""MSK (Managed Streaming for Apache Kafka) provisioned and serverless clusters."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class MskCluster(Resource):
    resource_type = "AWS::MSK::Cluster"
    service = "kafka"

    cluster_type: str = "PROVISIONED"  # PROVISIONED or SERVERLESS
    in_cluster_tls: bool = True  # AWS's default
    client_broker: str = "TLS"  # TLS, TLS_PLAINTEXT, PLAINTEXT
    public_access: str = "DISABLED"  # DISABLED or SERVICE_PROVIDED_EIPS
    unauthenticated_access: bool = False
    enhanced_monitoring: str = "DEFAULT"
    at_rest_kms_key: str | None = None
