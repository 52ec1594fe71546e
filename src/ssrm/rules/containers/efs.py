"""EFS rules: encryption at rest, automatic backups, access point confinement, mount target placement."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, Status
from ssrm.model.resources.compute.network import RouteTable, Subnet
from ssrm.model.resources.containers.efs import EfsAccessPoint, EfsFileSystem
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.containers._network import public_subnets


@rule(
    id="efs_file_system_encrypted", title="EFS file systems encrypt data at rest",
    description=("File systems hold shared application data; encryption at rest protects it on the underlying storage "
                 "and in snapshots."),
    resource_type=EfsFileSystem, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1537"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Encryption is chosen at creation: create an encrypted file system and copy the data over "
             "(AWS DataSync or AWS Backup restore).",
        cli="aws efs create-file-system --creation-token NAME --encrypted --kms-key-id KEY_ID",
        terraform='resource "aws_efs_file_system" "this" {\n  encrypted  = true\n'
                  '  kms_key_id = aws_kms_key.efs.arn\n}',
    ),
    references=("CIS 3.3.1", "FSBP EFS.1"),
    skips="which KMS key is used (the AWS-managed aws/elasticfilesystem key counts)",
)
def file_system_encrypted(fs: EfsFileSystem, inv: Inventory) -> Verdict:
    if fs.encrypted:
        return passed(f"encrypted with {fs.kms_key_id or 'a KMS key'}")
    return failed(f"file system {fs.label} is not encrypted at rest")


@rule(
    id="efs_file_system_backup_policy", title="EFS file systems are backed up automatically",
    description="Without automatic backups a deleted or encrypted file system cannot be recovered.",
    resource_type=EfsFileSystem, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    needs=("backup_policy_enabled",),
    remediation=Remediation(
        text="Turn on automatic backups (the AWS Backup default plan), or add the file system to a backup plan.",
        cli="aws efs put-backup-policy --file-system-id FS_ID --backup-policy Status=ENABLED",
        terraform='resource "aws_efs_backup_policy" "this" {\n  file_system_id = aws_efs_file_system.this.id\n'
                  '  backup_policy {\n    status = "ENABLED"\n  }\n}',
    ),
    references=("FSBP EFS.2",),
    skips="custom AWS Backup plans that select the file system by tag or ARN (AWS Backup is not collected)",
)
def file_system_backup_policy(fs: EfsFileSystem, inv: Inventory) -> Verdict:
    if fs.backup_policy_enabled:
        return passed("automatic backups are on")
    return failed(f"file system {fs.label} has automatic backups off")


@rule(
    id="efs_mount_target_public_subnet", title="EFS mount targets are not in public subnets",
    resource_type=EfsFileSystem, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1530"), phase=Phase.FOUNDATIONAL, smm="IP2.1",
    needs=("mount_targets",), uses=(Subnet, RouteTable),
    remediation=Remediation(
        text="Delete the mount target in the public subnet and create it in a private subnet of the same AZ.",
        cli="aws efs delete-mount-target --mount-target-id MT_ID && aws efs create-mount-target "
            "--file-system-id FS_ID --subnet-id PRIVATE_SUBNET_ID --security-groups SG_ID",
        terraform='resource "aws_efs_mount_target" "this" {\n  file_system_id = aws_efs_file_system.this.id\n'
                  '  subnet_id      = aws_subnet.private.id\n}',
    ),
    references=(),
    skips="security groups on the mount targets (the attack-path engine weighs reachability)",
)
def mount_target_public_subnet(fs: EfsFileSystem, inv: Inventory) -> Verdict:
    """A subnet routing 0.0.0.0/0 to an internet gateway is one security group rule away from the internet."""
    if not fs.mount_targets:
        return passed("no mount targets")
    public = public_subnets(inv, [(t.subnet_id, t.vpc_id) for t in fs.mount_targets])
    if public is None:
        return Verdict(Status.ERROR, "route tables were not collected: scan the vpc service too")
    if public:
        return failed(f"file system {fs.label} has mount targets in public subnets {', '.join(public)}")
    return passed(f"{len(fs.mount_targets)} mount target(s), none in a public subnet")


ACCESS_POINT_REMEDIATION_TF = ('resource "aws_efs_access_point" "this" {\n'
                               '  file_system_id = aws_efs_file_system.this.id\n'
                               '  posix_user {\n    uid = 1000\n    gid = 1000\n  }\n'
                               '  root_directory {\n    path = "/app"\n  }\n}')


@rule(
    id="efs_access_point_root_directory", title="EFS access points enforce a root directory",
    resource_type=EfsAccessPoint, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.DISCOVER_SPREAD, attack=("T1530", "T1078.004"), phase=Phase.EFFICIENT, smm="IA3.1",
    remediation=Remediation(
        text="Access points cannot be changed: create one with a root directory below / and move clients to it.",
        cli="aws efs create-access-point --file-system-id FS_ID --root-directory Path=/app",
        terraform=ACCESS_POINT_REMEDIATION_TF,
    ),
    references=("FSBP EFS.3",),
)
def access_point_root_directory(point: EfsAccessPoint, inv: Inventory) -> Verdict:
    """An access point rooted at / lets every client using it see the whole file system."""
    if point.root_directory.rstrip("/"):
        return passed(f"confined to {point.root_directory}")
    return failed(f"access point {point.label} on {point.file_system_id} exposes the file system root /")


@rule(
    id="efs_access_point_user_identity", title="EFS access points enforce a user identity",
    resource_type=EfsAccessPoint, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.DISCOVER_SPREAD, attack=("T1530", "T1078.004"), phase=Phase.EFFICIENT, smm="IA3.1",
    remediation=Remediation(
        text="Access points cannot be changed: create one with a POSIX user and move clients to it.",
        cli="aws efs create-access-point --file-system-id FS_ID --posix-user Uid=1000,Gid=1000",
        terraform=ACCESS_POINT_REMEDIATION_TF,
    ),
    references=("FSBP EFS.4",),
)
def access_point_user_identity(point: EfsAccessPoint, inv: Inventory) -> Verdict:
    """Without an enforced POSIX user, each client's own uid (root included) is trusted."""
    if point.posix_uid is None:
        return failed(f"access point {point.label} on {point.file_system_id} enforces no POSIX user")
    if point.posix_uid == 0:
        return failed(f"access point {point.label} enforces uid 0 (root)")
    return passed(f"enforces uid {point.posix_uid}, gid {point.posix_gid}")
