"""EBS rules: volume and snapshot encryption, encryption by default, who may restore snapshots."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.compute.ebs import EbsEncryptionDefaults, Snapshot, Volume
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.compute.naming import named

OWN_ONLY = "snapshots owned by other accounts (AWS-published or shared with this account)"


@rule(
    id="ec2_ebs_volume_unencrypted",
    title="EBS volumes are encrypted at rest",
    resource_type=Volume, layer=Layer.HOSTS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1578.001", "T1537", "T1530"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Snapshot the volume, copy the snapshot with encryption (a customer-managed KMS key), create a "
             "new volume from it and swap it in; turn on encryption by default for new ones.",
        cli="aws ec2 copy-snapshot --source-region <region> --source-snapshot-id <snap-id> --encrypted "
            "--kms-key-id <kms-key-arn>",
        terraform=('resource "aws_ebs_volume" "data" {\n  availability_zone = "us-east-1a"\n'
                   "  size              = 100\n  encrypted         = true\n"
                   "  kms_key_id        = aws_kms_key.ebs.arn\n}")),
    references=("FSBP EC2.3",),
    skips="which key encrypts the volume (the AWS-managed aws/ebs key counts as encrypted)",
)
def ebs_volume_unencrypted(volume: Volume, inv: Inventory) -> Verdict:
    """An unencrypted volume's snapshots can be shared with anyone, and its data is not KMS-controlled."""
    attached = f", attached to {', '.join(volume.attached_instance_ids)}," if volume.attached_instance_ids else ""
    if volume.encrypted:
        return passed(f"volume {named(volume)} is encrypted ({volume.kms_key_id or 'default key'})")
    return failed(f"volume {named(volume)} ({volume.size_gib} GiB){attached} is not encrypted")


@rule(
    id="ec2_ebs_encryption_by_default_off",
    title="EBS encryption by default is enabled in every region",
    resource_type=EbsEncryptionDefaults, layer=Layer.HOSTS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1578.001", "T1537"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("enabled",),
    remediation=Remediation(
        text="Enable EBS encryption by default in each region (and pick a customer-managed key if needed).",
        cli="aws ec2 enable-ebs-encryption-by-default --region <region>",
        terraform='resource "aws_ebs_encryption_by_default" "this" {\n  enabled = true\n}'),
    references=("CIS 6.1.1", "FSBP EC2.7"),
    skips="volumes created before the setting was enabled (judged one by one)",
)
def ebs_encryption_by_default_off(defaults: EbsEncryptionDefaults, inv: Inventory) -> Verdict:
    """One switch per region makes every new volume and snapshot encrypted."""
    if defaults.enabled:
        return passed(f"EBS encryption by default is on in {defaults.region}")
    return failed(f"EBS encryption by default is off in {defaults.region}")


@rule(
    id="ec2_snapshot_public",
    title="EBS snapshots are not public",
    resource_type=Snapshot, layer=Layer.HOSTS, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.EXFILTRATE, attack=("T1537", "T1530"), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("public",),
    remediation=Remediation(
        text="Remove the 'all' group from the snapshot's create-volume permission and turn on the EBS "
             "snapshot block public access setting for the region.",
        cli="aws ec2 modify-snapshot-attribute --snapshot-id <snap-id> --attribute createVolumePermission "
            "--operation-type remove --group-names all",
        terraform='resource "aws_ebs_snapshot_block_public_access" "this" {\n  state = "block-all-sharing"\n}'),
    references=("FSBP EC2.1",), skips=OWN_ONLY,
)
def snapshot_public(snapshot: Snapshot, inv: Inventory) -> Verdict:
    """Anyone in any AWS account can create a volume from a public snapshot and read the disk."""
    if snapshot.public:
        return failed(f"snapshot {named(snapshot)} (of {snapshot.volume_id}) can be restored by anyone")
    return passed(f"snapshot {named(snapshot)} is not public")


@rule(
    id="ec2_snapshot_shared_with_accounts",
    title="EBS snapshots are shared only deliberately with other accounts",
    resource_type=Snapshot, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1537",), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("shared_with_accounts",),
    remediation=Remediation(
        text="Confirm each account is yours or a trusted partner's; remove the others.",
        cli="aws ec2 modify-snapshot-attribute --snapshot-id <snap-id> --attribute createVolumePermission "
            "--operation-type remove --user-ids <account-id>",
        terraform="# remove the aws_snapshot_create_volume_permission resource for the account"),
    skips=OWN_ONLY + "; whether the named accounts belong to your organization",
)
def snapshot_shared_with_accounts(snapshot: Snapshot, inv: Inventory) -> Verdict:
    """Each account listed can copy the disk; it should be a known, intended recipient."""
    others = [a for a in snapshot.shared_with_accounts if a != snapshot.account]
    if others:
        return failed(f"snapshot {named(snapshot)} can be restored by accounts {', '.join(others)}")
    return passed(f"snapshot {named(snapshot)} is not shared with other accounts")


@rule(
    id="ec2_snapshot_unencrypted",
    title="EBS snapshots are encrypted",
    resource_type=Snapshot, layer=Layer.HOSTS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1537", "T1578.001"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Copy the snapshot with encryption under a customer-managed key and delete the plain copy.",
        cli="aws ec2 copy-snapshot --source-region <region> --source-snapshot-id <snap-id> --encrypted "
            "--kms-key-id <kms-key-arn>",
        terraform=('resource "aws_ebs_snapshot_copy" "encrypted" {\n'
                   "  source_snapshot_id = aws_ebs_snapshot.plain.id\n"
                   '  source_region      = "us-east-1"\n  encrypted          = true\n'
                   "  kms_key_id         = aws_kms_key.ebs.arn\n}")),
    skips=OWN_ONLY,
)
def snapshot_unencrypted(snapshot: Snapshot, inv: Inventory) -> Verdict:
    """An unencrypted snapshot can be made public in one call; a KMS-encrypted one needs the key too."""
    if snapshot.encrypted:
        return passed(f"snapshot {named(snapshot)} is encrypted")
    return failed(f"snapshot {named(snapshot)} (of {snapshot.volume_id}) is not encrypted")
