"""The EBS volumes an instance declares inline (root and extra block devices), judged like any volume.

An inline volume whose ``encrypted`` is not set takes its encryption from the AMI's snapshot and the
region's encryption-by-default setting, neither of which the code holds: it is unknown, never assumed.
"""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource
from ssrm.model.resources.compute.ebs import Volume
from ssrm.sources.iac.mapping.build import build, plain_tags
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown

UNSET = ("{what} is not set: the volume takes the AMI snapshot's encryption or the region's EBS "
         "encryption-by-default setting, neither of which the code holds")


def inline_volume(raw: RawResource, instance_id: str, instance_arn: str, part: str, *, encrypted: Any,
                  kms_key_id: Any, size: Any, volume_type: Any, snapshot_id: Any = None,
                  setting: str = "encrypted") -> Resource:
    """One volume at ``<instance address>.<part>`` (``aws_instance.web.root_block_device``), named after the
    instance ("web root volume", "web volume /dev/sdf") so every format names it alike."""
    if encrypted is None:
        encrypted = Unknown(UNSET.format(what=f"{setting} of {part}"))
    elif isinstance(encrypted, str):
        encrypted = encrypted.lower() == "true"
    owner = plain_tags(raw.attrs.get("tags", raw.attrs.get("Tags"))).get("Name") or raw.address
    device = part.partition("[")[2].rstrip("]")
    name = f"{owner} volume {device}" if device else f"{owner} root volume"
    return build(Volume, raw, id=f"{instance_id}.{part}", arn=f"{instance_arn}/{part}", name=name,
                 address=f"{raw.address}.{part}", encrypted=encrypted, kms_key_id=kms_key_id, size_gib=size or 0,
                 volume_type=volume_type or "gp3", state="in-use", snapshot_id=snapshot_id,
                 attached_instance_ids=(instance_id,))


def terraform_volumes(raw: RawResource, instance_id: str, instance_arn: str) -> list[Resource]:
    """``root_block_device`` (always present: every instance has a root volume) and ``ebs_block_device``."""
    a = raw.attrs
    root = a.get("root_block_device")
    if isinstance(root, Unknown):
        root_block: dict[str, Any] = {"encrypted": root}
    else:
        root_block = root[0] if isinstance(root, list) and root and isinstance(root[0], dict) else {}
    volumes = [inline_volume(raw, instance_id, instance_arn, "root_block_device",
                             encrypted=root_block.get("encrypted"), kms_key_id=root_block.get("kms_key_id"),
                             size=root_block.get("volume_size"), volume_type=root_block.get("volume_type"))]
    extra = a.get("ebs_block_device")
    for n, block in enumerate(extra if isinstance(extra, list) else []):
        if isinstance(block, dict):
            name = block.get("device_name")
            part = f"ebs_block_device[{name if isinstance(name, str) else n}]"
            volumes.append(inline_volume(raw, instance_id, instance_arn, part, encrypted=block.get("encrypted"),
                                         kms_key_id=block.get("kms_key_id"), size=block.get("volume_size"),
                                         volume_type=block.get("volume_type"), snapshot_id=block.get("snapshot_id")))
    return volumes


def cloudformation_volumes(raw: RawResource, instance_id: str, instance_arn: str) -> list[Resource]:
    """``BlockDeviceMappings`` with an ``Ebs`` block; without a mapping for it the root volume is still there."""
    mappings = raw.attrs.get("BlockDeviceMappings")
    volumes: list[Resource] = []
    declared = mappings if isinstance(mappings, list) else []
    for n, mapping in enumerate(declared):
        ebs = mapping.get("Ebs") if isinstance(mapping, dict) else None
        if not isinstance(ebs, dict):
            continue
        name = mapping.get("DeviceName")
        part = f"BlockDeviceMappings[{name if isinstance(name, str) else n}]"
        volumes.append(inline_volume(raw, instance_id, instance_arn, part, encrypted=ebs.get("Encrypted"),
                                     kms_key_id=ebs.get("KmsKeyId"), size=ebs.get("VolumeSize"),
                                     volume_type=ebs.get("VolumeType"), snapshot_id=ebs.get("SnapshotId"),
                                     setting="Encrypted"))
    if not volumes:  # which device is the root depends on the AMI; with no mapping at all it is the AMI's own
        encrypted = mappings if isinstance(mappings, Unknown) else None
        volumes.append(inline_volume(raw, instance_id, instance_arn, "RootVolume", encrypted=encrypted,
                                     kms_key_id=None, size=None, volume_type=None, setting="Encrypted"))
    return volumes
