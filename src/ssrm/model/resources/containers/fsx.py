"""FSx file systems: the kind, and for OpenZFS whether tags follow into backups and volumes."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class FsxFileSystem(Resource):
    resource_type = "AWS::FSx::FileSystem"
    service = "fsx"

    file_system_type: str = ""  # WINDOWS, LUSTRE, ONTAP, OPENZFS
    copy_tags_to_backups: bool | None = None  # None: the kind has no such setting in its configuration
    copy_tags_to_volumes: bool | None = None
