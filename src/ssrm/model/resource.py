"""The base of every typed resource, and the registry of resource types.

Collectors (live API) and IaC parsers both fill these models; rules only ever see them.
A field that could not be read is listed in ``unknown`` with the reason, never defaulted:
a rule that needs it yields ERROR.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class Origin(BaseModel):
    """Where a resource record came from: the live API, or a line of infrastructure code."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str = "aws"
    file: str | None = None
    line: int | None = None
    address: str | None = None

    def describe(self) -> str:
        if self.file:
            where = f"{self.file}:{self.line}" if self.line else self.file
            return f"{where} ({self.address})" if self.address else where
        return self.source


class UnknownField(Exception):
    """Raised by a rule that needs a field ssrm could not read."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field} could not be read: {reason}")
        self.field = field
        self.reason = reason


class Resource(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    resource_type: ClassVar[str] = ""
    service: ClassVar[str] = ""

    arn: str
    id: str
    name: str = ""
    account: str = ""
    region: str = "global"
    tags: dict[str, str] = Field(default_factory=dict)
    origin: Origin = Field(default_factory=Origin)
    unknown: dict[str, str] = Field(default_factory=dict)

    def need(self, *fields: str) -> None:
        """Raise UnknownField if any of ``fields`` could not be read."""
        for name in fields:
            if name in self.unknown:
                raise UnknownField(name, self.unknown[name])

    @property
    def label(self) -> str:
        return self.name or self.id


R = TypeVar("R", bound=type[Resource])

RESOURCE_TYPES: dict[str, type[Resource]] = {}


def resource_type(cls: R) -> R:
    """Class decorator: register a resource model under its CloudFormation-style type name."""
    name = cls.resource_type
    if not name or "::" not in name:
        raise ValueError(f"{cls.__name__} needs a resource_type like 'AWS::S3::Bucket'")
    if name in RESOURCE_TYPES and RESOURCE_TYPES[name] is not cls:
        raise ValueError(f"resource type {name} registered twice")
    RESOURCE_TYPES[name] = cls
    return cls


def resource_from_dict(data: dict[str, Any]) -> Resource:
    """Rebuild a resource from its snapshot form ({"type": ..., fields...})."""
    fields = dict(data)
    type_name = fields.pop("type", None)
    if type_name not in RESOURCE_TYPES:
        raise ValueError(f"unknown resource type {type_name!r}")
    return RESOURCE_TYPES[type_name].model_validate(fields)


def resource_to_dict(resource: Resource) -> dict[str, Any]:
    return {"type": resource.resource_type, **resource.model_dump(mode="json")}
