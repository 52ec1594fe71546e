"""Stand-ins for attributes AWS assigns at creation (ids, ARNs), shared by every Terraform reader.

They are identifiers, not guesses about configuration: a reference ``aws_security_group.web.id``
resolves to ``aws_security_group.web`` both on the instance that names it and on the group itself,
so links between resources survive. A bucket's name is its id, so its ARN is exact when the name is known.
"""

from __future__ import annotations

from typing import Any

from ssrm.sources.iac.unknown import Unknown

NAMED_BY = {
    "aws_s3_bucket": "bucket",
    "aws_iam_role": "name",
    "aws_iam_user": "name",
    "aws_iam_group": "name",
    "aws_iam_policy": "name",
    "aws_iam_instance_profile": "name",
}


# Rules recognize gateways by their id prefix, so the stand-ins keep it.
ID_PREFIX = {"aws_internet_gateway": "igw-", "aws_nat_gateway": "nat-", "aws_egress_only_internet_gateway": "eigw-"}


def computed_attribute(kind: str, address: str, attrs: dict[str, Any], name: str) -> Any:
    """The value of attribute ``name`` that the configuration of ``address`` does not set."""
    if name == "id" and kind in ID_PREFIX:
        return ID_PREFIX[kind] + address
    naming = NAMED_BY.get(kind)
    physical = attrs.get(naming) if naming else None
    if isinstance(physical, str) and physical:
        if name in ("id", naming):
            return physical
        if name == "arn" and kind == "aws_s3_bucket":
            return f"arn:aws:s3:::{physical}"
    if name == "id":
        return address
    if name == "arn":
        return f"terraform:{address}"
    if name == "name" and kind.startswith("aws_iam_"):
        return f"terraform:{address}"
    return Unknown(f"{address}.{name} is known only after apply")


def terraform_id(kind: str, address: str, attrs: dict[str, Any]) -> str:
    value = attrs.get("id")
    if isinstance(value, str) and value:
        return value
    return str(computed_attribute(kind, address, attrs, "id"))


def terraform_arn(kind: str, address: str, attrs: dict[str, Any]) -> str:
    value = attrs.get("arn")
    if isinstance(value, str) and value:
        return value
    return str(computed_attribute(kind, address, attrs, "arn"))
