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


# Other resources that others name by their ``name`` (not their id): joined by reference the same way.
JOINED_BY_NAME = {"aws_db_subnet_group": "name", "aws_lambda_function": "function_name",
                  "aws_db_instance": "identifier", "aws_rds_cluster": "cluster_identifier",
                  "aws_redshift_parameter_group": "name", "aws_backup_vault": "name",
                  "aws_config_configuration_recorder": "name"}


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
    if (name == "name" and kind.startswith("aws_iam_")) or JOINED_BY_NAME.get(kind) == name:
        return f"terraform:{address}"  # an unset name others join on: the reference's stand-in
    return Unknown(f"{address}.{name} is known only after apply")


def join_key(kind: str, address: str, name: str, value: Any) -> Any:
    """An IAM name known only at apply, read by another resource, becomes the reference's stand-in.

    ``user = aws_iam_user.ci.name`` joins the access key to its user by reference: when the name
    depends on a data source the key still belongs to ``aws_iam_user.ci`` (the same stand-in as a name
    the code does not set), rather than to no user at all.
    """
    joined = NAMED_BY.get(kind) if kind.startswith("aws_iam_") else JOINED_BY_NAME.get(kind)
    if isinstance(value, Unknown) and joined == name:
        return f"terraform:{address}"
    return value


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
