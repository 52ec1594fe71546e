"""Every Terraform resource type ssrm maps, and the mapping of a whole set of records."""

from __future__ import annotations

from collections.abc import Callable

from ssrm.model import Resource
from ssrm.sources.iac.mapping.build import Links
from ssrm.sources.iac.mapping.terraform import compute, data, identity, network, s3, serverless
from ssrm.sources.iac.mapping.terraform.links import terraform_links
from ssrm.sources.iac.raw import RawResource

Mapper = Callable[[RawResource, Links], list[Resource]]
MAPPERS: dict[str, Mapper] = {
    **s3.MAPPERS, **network.MAPPERS, **compute.MAPPERS, **identity.MAPPERS, **data.MAPPERS, **serverless.MAPPERS,
}


def map_terraform(raws: list[RawResource]) -> list[tuple[RawResource, Resource]]:
    links = terraform_links(raws)
    mapped: list[tuple[RawResource, Resource]] = []
    for raw in raws:
        mapper = MAPPERS.get(raw.kind)
        if mapper is not None:
            mapped.extend((raw, resource) for resource in mapper(raw, links))
    return mapped
