"""KMS keys."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class KmsKey(Resource):
    resource_type = "AWS::KMS::Key"
    service = "kms"

    key_manager: str = "CUSTOMER"  # CUSTOMER or AWS
    key_state: str = "Enabled"  # Enabled, Disabled, PendingDeletion, PendingImport, ...
    key_spec: str = "SYMMETRIC_DEFAULT"
    key_usage: str = "ENCRYPT_DECRYPT"
    origin_type: str = "AWS_KMS"  # AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE
    description: str = ""
    deletion_date: str | None = None
    multi_region: bool = False
    aliases: list[str] = Field(default_factory=list)
    rotation_enabled: bool | None = None  # None: not applicable (AWS-managed, asymmetric, being deleted)
    policy: dict[str, Any] | None = None

    @property
    def customer_managed(self) -> bool:
        return self.key_manager == "CUSTOMER"

    @property
    def rotatable(self) -> bool:
        """Automatic rotation exists only for symmetric keys with key material KMS generated."""
        return self.key_spec == "SYMMETRIC_DEFAULT" and self.origin_type == "AWS_KMS"
