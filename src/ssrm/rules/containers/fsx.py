"""FSx rules: OpenZFS file systems copy their tags to backups and volumes (FSBP FSx.1)."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.containers.fsx import FsxFileSystem
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule


@rule(
    id="fsx_openzfs_copy_tags", title="FSx for OpenZFS file systems copy tags to backups and volumes",
    description=("Tags carry ownership and data classification; backups and volumes without them escape the "
                 "tag-based access policies and reviews that protect the file system."),
    resource_type=FsxFileSystem, layer=Layer.CLOUD, domain=Domain.GOVERNANCE, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1537",), phase=Phase.EFFICIENT, smm="SG3.3",
    remediation=Remediation(
        text="Turn on copying tags to backups and to volumes on the file system.",
        cli="aws fsx update-file-system --file-system-id FS_ID --open-zfs-configuration "
            "CopyTagsToBackups=true,CopyTagsToVolumes=true",
        terraform='resource "aws_fsx_openzfs_file_system" "this" {\n  copy_tags_to_backups = true\n'
                  '  copy_tags_to_volumes = true\n}',
    ),
    references=("FSBP FSx.1",),
    skips="Windows, Lustre and ONTAP file systems",
)
def openzfs_copy_tags(fs: FsxFileSystem, inv: Inventory) -> Verdict:
    if fs.file_system_type != "OPENZFS":
        return not_applicable(f"{fs.file_system_type or 'unknown'} file system, not OpenZFS")
    missing = [what for what, on in (("backups", fs.copy_tags_to_backups), ("volumes", fs.copy_tags_to_volumes))
               if not on]
    if missing:
        return failed("tags are not copied to " + " or ".join(missing))
    return passed("tags are copied to backups and volumes")
