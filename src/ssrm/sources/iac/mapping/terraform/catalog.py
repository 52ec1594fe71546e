"""Every Terraform resource type ssrm maps, and the mapping of a whole set of records."""

from __future__ import annotations

from collections.abc import Callable

from ssrm.model import Resource
from ssrm.sources.iac.mapping import (
    declarations,
    service_tables,
    table,
    tables,
    tables_compute,
    tables_edge,
    tables_late,
)
from ssrm.sources.iac.mapping.build import Links, record_of
from ssrm.sources.iac.mapping.terraform import routing
from ssrm.sources.iac.mapping.terraform.links import ids, terraform_links
from ssrm.sources.iac.raw import RawResource

Mapper = Callable[[RawResource, Links], list[Resource]]
MAPPERS: dict[str, Mapper] = {
    **declarations.TERRAFORM, **table.mappers(tables.TABLES, "terraform", ids),
    **table.mappers(tables_edge.TABLES + tables_compute.TABLES, "terraform", ids),
    **table.mappers(tables_late.TABLES, "terraform", ids),
    **service_tables.mappers("terraform", ids),
}

# Folded into the resource they configure (bucket, group, role, user, key, queue, topic, function).
COMPANIONS = frozenset({
    "aws_s3_bucket_public_access_block", "aws_s3_bucket_policy", "aws_s3_bucket_versioning",
    "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_acl", "aws_s3_bucket_logging",
    "aws_s3_bucket_ownership_controls", "aws_s3_bucket_lifecycle_configuration",
    "aws_security_group_rule", "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule", "aws_iam_role_policy", "aws_iam_role_policy_attachment",
    "aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment", "aws_iam_access_key",
    "aws_iam_user_login_profile", "aws_iam_user_group_membership", "aws_kms_alias", "aws_sqs_queue_policy",
    "aws_sns_topic_policy", "aws_lambda_permission", "aws_lambda_function_url", "aws_db_subnet_group",
    "data.aws_ami",
}) | routing.COMPANIONS | tables.TERRAFORM_COMPANIONS | service_tables.TERRAFORM_COMPANIONS

# Companions of the network, edge, compute and application tables.
COMPANIONS = COMPANIONS | tables_edge.TERRAFORM_COMPANIONS | tables_compute.TERRAFORM_COMPANIONS
COMPANIONS = COMPANIONS | tables_late.TERRAFORM_COMPANIONS


def map_terraform(raws: list[RawResource]) -> list[tuple[RawResource, Resource]]:
    links = terraform_links(raws)
    mapped: list[tuple[RawResource, Resource]] = []
    for raw in raws:
        mapper = MAPPERS.get(raw.kind)
        if mapper is not None:
            mapped.extend((record_of(raw, resource), resource) for resource in mapper(raw, links))
    return mapped
