"""API Gateway v2: HTTP and WebSocket APIs with their routes, and their stages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ssrm.model.resource import Resource, resource_type


class ApiRoute(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    route_key: str
    authorization_type: str = "NONE"  # NONE | AWS_IAM | CUSTOM | JWT
    api_key_required: bool = False


@resource_type
class ApiGatewayV2Api(Resource):
    resource_type = "AWS::ApiGatewayV2::Api"
    service = "apigatewayv2"

    protocol_type: str = "HTTP"  # HTTP | WEBSOCKET
    endpoint: str | None = None
    routes: list[ApiRoute] = Field(default_factory=list)


@resource_type
class ApiGatewayV2Stage(Resource):
    resource_type = "AWS::ApiGatewayV2::Stage"
    service = "apigatewayv2"

    api_id: str = ""
    api_name: str = ""
    protocol_type: str = "HTTP"
    stage_name: str = ""
    access_log_destination: str | None = None
    logging_level: str = "OFF"  # WebSocket execution logging (default route settings): OFF | ERROR | INFO
