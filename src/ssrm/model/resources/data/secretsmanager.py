"""Secrets Manager secrets."""

from __future__ import annotations

from typing import Any

from ssrm.model.resource import Resource, resource_type


@resource_type
class Secret(Resource):
    resource_type = "AWS::SecretsManager::Secret"
    service = "secretsmanager"

    description: str = ""
    kms_key_id: str | None = None
    rotation_enabled: bool = False
    rotation_lambda_arn: str | None = None
    rotation_days: int | None = None
    last_rotated: str | None = None
    last_accessed: str | None = None  # AWS keeps the day only
    created: str | None = None
    owning_service: str | None = None  # set when another AWS service manages the secret (e.g. RDS)
    policy: dict[str, Any] | None = None
