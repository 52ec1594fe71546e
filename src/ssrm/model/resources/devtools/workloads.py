"""Resources that run code as an IAM role and that a caller can change: Glue development endpoints and
CloudFormation stacks with a service role (privilege escalation targets)."""

from __future__ import annotations

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class GlueDevEndpoint(Resource):
    resource_type = "AWS::Glue::DevEndpoint"
    service = "glue"

    role_arn: str = ""
    status: str = ""


@resource_type
class CloudFormationStack(Resource):
    resource_type = "AWS::CloudFormation::Stack"
    service = "cloudformation"

    role_arn: str | None = None  # the service role CloudFormation uses for every change to the stack
    status: str = ""
    notification_arns: list[str] = Field(default_factory=list)  # SNS topics told of every stack event
