"""Cognito user pools and identity pools."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class CognitoUserPool(Resource):
    resource_type = "AWS::Cognito::UserPool"
    service = "cognito-idp"

    mfa_configuration: str = "OFF"  # OFF, ON, OPTIONAL
    advanced_security_mode: str = "OFF"  # OFF, AUDIT, ENFORCED (threat protection)
    password_min_length: int = 0
    password_require_uppercase: bool = False
    password_require_lowercase: bool = False
    password_require_numbers: bool = False
    password_require_symbols: bool = False
    deletion_protection: bool = False


@resource_type
class CognitoIdentityPool(Resource):
    resource_type = "AWS::Cognito::IdentityPool"
    service = "cognito-identity"

    allow_unauthenticated: bool = False
    allow_classic_flow: bool = False
