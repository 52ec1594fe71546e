"""The keys a CloudFormation reference may resolve to: logical id, physical-name stand-in, ARN stand-in."""

from __future__ import annotations

from typing import Any

from ssrm.sources.iac.mapping.build import Links
from ssrm.sources.iac.raw import RawResource


def cfn_keys(raw: RawResource) -> set[str]:
    return {raw.address, str(raw.attrs.get("__physical_id__", raw.address)), str(raw.attrs.get("__arn__", ""))}


def cfn_links(raws: list[RawResource]) -> Links:
    return Links(raws, cfn_keys)


def ids(raw: RawResource) -> dict[str, Any]:
    return {"id": str(raw.attrs.get("__physical_id__", raw.address)),
            "arn": str(raw.attrs.get("__arn__", f"cloudformation:{raw.address}"))}




def flag(value: Any, default: bool) -> Any:
    """CloudFormation booleans may be written as strings."""
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() == "true"
    return value
