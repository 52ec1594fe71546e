"""The format-neutral record every IaC parser produces before mapping onto the typed models."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ssrm.sources.iac.suppress import Suppression


@dataclass
class RawResource:
    """One declared resource instance with its (partly unknown) configuration.

    ``kind`` is the Terraform type (``aws_s3_bucket``) or the CloudFormation type (``AWS::S3::Bucket``);
    ``attrs`` holds plain Python values with ``Unknown`` markers wherever a value cannot be known.
    """

    kind: str
    address: str
    attrs: dict[str, Any]
    source: str
    file: str
    line: int
    suppressions: list[Suppression] = field(default_factory=list)
