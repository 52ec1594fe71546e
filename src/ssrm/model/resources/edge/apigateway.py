"""API Gateway REST APIs (v1) and their stages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ssrm.model.resource import Resource, resource_type


class RestMethod(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    http_method: str
    authorization_type: str = "NONE"  # NONE | AWS_IAM | CUSTOM | COGNITO_USER_POOLS
    api_key_required: bool = False

    @property
    def label(self) -> str:
        return f"{self.http_method} {self.path}"


@resource_type
class ApiGatewayRestApi(Resource):
    resource_type = "AWS::ApiGateway::RestApi"
    service = "apigateway"

    endpoint_types: list[str] = Field(default_factory=list)  # EDGE | REGIONAL | PRIVATE
    methods: list[RestMethod] = Field(default_factory=list)


@resource_type
class ApiGatewayStage(Resource):
    resource_type = "AWS::ApiGateway::Stage"
    service = "apigateway"

    api_id: str = ""
    api_name: str = ""
    stage_name: str = ""
    logging_level: str = "OFF"  # execution logging of the */* method settings: OFF | ERROR | INFO
    access_log_destination: str | None = None
    tracing_enabled: bool = False
    client_certificate_id: str | None = None
    web_acl_arn: str | None = None
    cache_cluster_enabled: bool = False
    caching_enabled: bool = False  # */* method setting
    cache_data_encrypted: bool = False  # */* method setting
