"""Every CloudFormation resource type ssrm maps, and the mapping of a whole template's records."""

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
from ssrm.sources.iac.mapping.cloudformation import routing
from ssrm.sources.iac.mapping.cloudformation.links import cfn_links, ids
from ssrm.sources.iac.raw import RawResource

Mapper = Callable[[RawResource, Links], list[Resource]]
MAPPERS: dict[str, Mapper] = {**declarations.CLOUDFORMATION, **table.mappers(tables.TABLES, "cloudformation", ids),
                              **table.mappers(tables_edge.TABLES + tables_compute.TABLES, "cloudformation", ids),
                              **table.mappers(tables_late.TABLES, "cloudformation", ids),
                              **service_tables.mappers("cloudformation", ids)}

COMPANIONS = frozenset({
    "AWS::S3::BucketPolicy", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress", "AWS::IAM::Policy",
    "AWS::IAM::AccessKey", "AWS::KMS::Alias", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy",
    "AWS::Lambda::Permission", "AWS::Lambda::Url", "AWS::RDS::DBSubnetGroup",
}) | routing.COMPANIONS | tables.CLOUDFORMATION_COMPANIONS | service_tables.CLOUDFORMATION_COMPANIONS

# Companions of the network, edge, compute and application tables.
COMPANIONS = COMPANIONS | tables_edge.CLOUDFORMATION_COMPANIONS | tables_compute.CLOUDFORMATION_COMPANIONS
COMPANIONS = COMPANIONS | tables_late.CLOUDFORMATION_COMPANIONS


def map_cloudformation(raws: list[RawResource]) -> list[tuple[RawResource, Resource]]:
    mapped: list[tuple[RawResource, Resource]] = []
    by_file: dict[str, list[RawResource]] = {}
    for raw in raws:
        by_file.setdefault(raw.file, []).append(raw)
    for records in by_file.values():  # references never cross templates
        links = cfn_links(records)
        for raw in records:
            mapper = MAPPERS.get(raw.kind)
            if mapper is not None:
                mapped.extend((record_of(raw, resource), resource) for resource in mapper(raw, links))
    return mapped
