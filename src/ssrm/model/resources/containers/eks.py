"""Amazon EKS clusters: API endpoint exposure, secrets encryption, control plane logging, version."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class EksCluster(Resource):
    resource_type = "AWS::EKS::Cluster"
    service = "eks"

    version: str = ""
    platform_version: str = ""
    status: str = ""
    endpoint_public_access: bool = True  # AWS's default for a new cluster
    endpoint_private_access: bool = False
    public_access_cidrs: tuple[str, ...] = ()
    secrets_key_arn: str | None = None  # the KMS key envelope-encrypting Kubernetes secrets, if any
    enabled_log_types: tuple[str, ...] = ()  # api, audit, authenticator, controllerManager, scheduler
    vpc_id: str | None = None
    subnet_ids: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()
