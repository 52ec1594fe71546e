"""Amazon ECR private repositories."""

from __future__ import annotations

from typing import Any

from ssrm.model.resource import Resource, resource_type


@resource_type
class EcrRepository(Resource):
    """A private repository.

    ``registry_scanning`` is the scan frequency (SCAN_ON_PUSH, CONTINUOUS_SCAN) of a registry-level
    scanning rule whose filter covers this repository, or None when no such rule does.
    """

    resource_type = "AWS::ECR::Repository"
    service = "ecr"

    uri: str = ""
    registry_id: str = ""
    scan_on_push: bool = False
    registry_scan_type: str | None = None  # BASIC or ENHANCED
    registry_scanning: str | None = None
    image_tag_mutability: str = "MUTABLE"
    encryption_type: str = "AES256"
    kms_key: str | None = None
    policy: dict[str, Any] | None = None
    lifecycle_policy: dict[str, Any] | None = None
    # Tagged images held, read only with basic scanning (Inspector reports enhanced scanning's images);
    # None when not read.
    tagged_images: int | None = None

    @property
    def tags_immutable(self) -> bool:
        return self.image_tag_mutability.upper().startswith("IMMUTABLE")
