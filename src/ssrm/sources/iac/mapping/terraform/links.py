"""The keys a Terraform reference to a resource may resolve to: address, id stand-in, ARN, name."""

from __future__ import annotations

from typing import Any

from ssrm.sources.iac.mapping.build import Links
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.synthesize import terraform_arn, terraform_id

NAME_ATTRS = ("name", "bucket", "function_name", "identifier", "url", "domain_name")


def terraform_keys(raw: RawResource) -> set[str]:
    keys = {raw.address, *ids(raw).values()}
    keys.update(v for a in NAME_ATTRS if isinstance(v := raw.attrs.get(a), str) and v)
    return keys


def terraform_links(raws: list[RawResource]) -> Links:
    return Links(raws, terraform_keys)


def ids(raw: RawResource) -> dict[str, Any]:
    kind, address, attrs = raw.kind, raw.address, raw.attrs
    return {"id": terraform_id(kind, address, attrs), "arn": terraform_arn(kind, address, attrs)}
