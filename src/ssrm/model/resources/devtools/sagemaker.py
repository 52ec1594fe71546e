"""SageMaker notebook instances, endpoint configurations and models."""

from __future__ import annotations

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class SageMakerNotebookInstance(Resource):
    resource_type = "AWS::SageMaker::NotebookInstance"
    service = "sagemaker"

    status: str = ""
    direct_internet_access: bool = True  # AWS's default is Enabled
    root_access: bool = True  # AWS's default is Enabled
    subnet_id: str | None = None
    security_group_ids: list[str] = Field(default_factory=list)
    kms_key_id: str | None = None
    role_arn: str = ""


@resource_type
class SageMakerEndpointConfig(Resource):
    resource_type = "AWS::SageMaker::EndpointConfig"
    service = "sagemaker"

    kms_key_id: str | None = None
    # (variant name, initial instance count); serverless variants have no instance count and are left out
    instance_variants: list[tuple[str, int]] = Field(default_factory=list)


@resource_type
class SageMakerModel(Resource):
    resource_type = "AWS::SageMaker::Model"
    service = "sagemaker"

    network_isolation: bool = False
    vpc_subnet_ids: list[str] = Field(default_factory=list)
    execution_role_arn: str = ""
