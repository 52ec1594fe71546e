"""AWS Lambda functions as ssrm sees them: runtime, identity, network placement and who may invoke them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from ssrm.model.resource import Resource, resource_type


class LambdaVpcConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    vpc_id: str = ""
    subnet_ids: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()


class FunctionUrl(BaseModel):
    """One function URL (on the function itself or on an alias)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    auth_type: str  # "NONE" or "AWS_IAM"
    qualifier: str | None = None
    cors: dict[str, Any] | None = None


@resource_type
class LambdaFunction(Resource):
    """A function's $LATEST configuration.

    Environment variable values are never stored: only their names and redacted hints of credentials
    found in them (``environment_secret_hints``).
    """

    resource_type = "AWS::Lambda::Function"
    service = "lambda"

    runtime: str | None = None  # None for container-image functions
    package_type: str = "Zip"
    handler: str = ""
    role_arn: str = ""
    architectures: tuple[str, ...] = ()
    environment_variable_names: tuple[str, ...] = ()
    environment_secret_hints: tuple[str, ...] = ()
    vpc: LambdaVpcConfig | None = None
    layers: tuple[str, ...] = ()
    kms_key_arn: str | None = None
    last_modified: str = ""
    policy: dict[str, Any] | None = None
    function_urls: tuple[FunctionUrl, ...] = ()

    @property
    def in_vpc(self) -> bool:
        return self.vpc is not None and bool(self.vpc.subnet_ids)
