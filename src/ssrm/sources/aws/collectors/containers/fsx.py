"""FSx: every file system of the region (``DescribeFileSystems``, paged), with the OpenZFS tag-copy settings."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.containers.fsx import FsxFileSystem
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data._shared import tag_dict
from ssrm.sources.aws.context import CollectContext

FILE_SYSTEM = FsxFileSystem.resource_type


def collect(ctx: CollectContext) -> None:
    for item in ctx.pages("describe_file_systems", "FileSystems", resource_types=(FILE_SYSTEM,)) or []:
        ctx.add(file_system_of(ctx, item))


def file_system_of(ctx: CollectContext, item: dict[str, Any]) -> FsxFileSystem:
    fs_id = item["FileSystemId"]
    kind = str(item.get("FileSystemType", ""))
    zfs = item.get("OpenZFSConfiguration") if kind == "OPENZFS" else None
    copies: dict[str, Any] = {}
    if zfs is not None:
        copies = {"copy_tags_to_backups": bool(zfs.get("CopyTagsToBackups")),
                  "copy_tags_to_volumes": bool(zfs.get("CopyTagsToVolumes"))}
    tags = tag_dict(item.get("Tags"))
    return FsxFileSystem(
        arn=item.get("ResourceARN") or ctx.arn("fsx", f"file-system/{fs_id}"), id=fs_id, name=tags.get("Name", ""),
        account=ctx.account, region=ctx.region, tags=tags, file_system_type=kind, **copies,
    )


COLLECTOR = Collector(
    name="fsx",
    client="fsx",
    scope="regional",
    resource_types=(FILE_SYSTEM,),
    actions=("fsx:DescribeFileSystems",),
    collect=collect,
    title="FSx",
)
