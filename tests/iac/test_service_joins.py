"""Issue 12 part B: companions and joins of the data, analytics and security-service tables, by reference."""

from __future__ import annotations

from pathlib import Path

from tests.iac.verdicts import iac


def _status(found: dict[tuple[str, str], tuple[str, str]], rule: str, address: str) -> str:
    return found[(rule, address)][0]


def test_efs_backup_policy_and_mount_targets_join_by_reference(tmp_path: Path) -> None:
    hcl = ('resource "aws_efs_file_system" "on" {}\nresource "aws_efs_file_system" "off" {}\n'
           'resource "aws_efs_file_system" "one_zone" { availability_zone_name = "us-east-1a" }\n'
           'resource "aws_efs_backup_policy" "on" {\n  file_system_id = aws_efs_file_system.on.id\n'
           '  backup_policy { status = "ENABLED" }\n}\n'
           'resource "aws_efs_mount_target" "m" {\n  file_system_id = aws_efs_file_system.off.id\n'
           '  subnet_id = "subnet-elsewhere"\n}\n')
    found = iac(tmp_path, "main.tf", hcl, "efs_file_system_backup_policy", "efs_mount_target_public_subnet")
    assert _status(found, "efs_file_system_backup_policy", "aws_efs_file_system.on") == "PASS"
    assert _status(found, "efs_file_system_backup_policy", "aws_efs_file_system.off") == "FAIL"
    assert _status(found, "efs_file_system_backup_policy", "aws_efs_file_system.one_zone") == "PASS"
    assert _status(found, "efs_mount_target_public_subnet", "aws_efs_file_system.on") == "PASS"
    assert _status(found, "efs_mount_target_public_subnet", "aws_efs_file_system.off") != "PASS"
    cfn = ("Resources:\n  Enabled:\n    Type: AWS::EFS::FileSystem\n    Properties: {BackupPolicy: {Status: ENABLED}}\n"
           "  Disabled:\n    Type: AWS::EFS::FileSystem\n    Properties: {}\n")
    found = iac(tmp_path, "t.yaml", cfn, "efs_file_system_backup_policy")
    assert _status(found, "efs_file_system_backup_policy", "Enabled") == "PASS"
    assert _status(found, "efs_file_system_backup_policy", "Disabled") == "FAIL"


def test_redshift_parameter_group_and_logging(tmp_path: Path) -> None:
    hcl = ('resource "aws_redshift_parameter_group" "ssl" {\n  name = "ssl"\n  family = "redshift-1.0"\n'
           '  parameter {\n    name = "require_ssl"\n    value = "true"\n  }\n}\n'
           'resource "aws_redshift_cluster" "a" {\n  cluster_identifier = "a"\n  node_type = "ra3.xlplus"\n'
           '  master_username = "awsuser"\n  publicly_accessible = true\n  encrypted = true\n'
           '  cluster_parameter_group_name = aws_redshift_parameter_group.ssl.name\n}\n'
           'resource "aws_redshift_logging" "a" {\n  cluster_identifier = aws_redshift_cluster.a.id\n'
           '  log_destination_type = "cloudwatch"\n}\n')
    rules = ("redshift_cluster_require_ssl", "redshift_cluster_audit_logging", "redshift_cluster_public",
             "redshift_cluster_encrypted", "redshift_cluster_default_admin_username")
    found = iac(tmp_path, "main.tf", hcl, *rules)
    assert _status(found, "redshift_cluster_require_ssl", "aws_redshift_cluster.a") == "PASS"
    assert _status(found, "redshift_cluster_audit_logging", "aws_redshift_cluster.a") == "PASS"
    assert found[("redshift_cluster_public", "aws_redshift_cluster.a")][0] == "FAIL"  # not ERROR: the endpoint is
    assert _status(found, "redshift_cluster_encrypted", "aws_redshift_cluster.a") == "PASS"  # only in the message
    assert _status(found, "redshift_cluster_default_admin_username", "aws_redshift_cluster.a") == "FAIL"
    cfn = ("Resources:\n  Params:\n    Type: AWS::Redshift::ClusterParameterGroup\n    Properties:\n"
           "      Description: p\n      ParameterGroupFamily: redshift-1.0\n"
           "      Parameters: [{ParameterName: require_ssl, ParameterValue: 'false'}]\n"
           "  A:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n"
           "      NodeType: ra3.xlplus\n      MasterUsername: admin1\n      DBName: app\n"
           "      ClusterParameterGroupName: !Ref Params\n")
    found = iac(tmp_path, "t.yaml", cfn, "redshift_cluster_require_ssl", "redshift_cluster_audit_logging")
    assert _status(found, "redshift_cluster_require_ssl", "A") == "FAIL"
    assert _status(found, "redshift_cluster_audit_logging", "A") == "FAIL"


def test_snapshots_take_encryption_and_sharing_from_what_they_reference(tmp_path: Path) -> None:
    hcl = ('resource "aws_ebs_volume" "v" {\n  availability_zone = "us-east-1a"\n  size = 1\n  encrypted = true\n}\n'
           'resource "aws_ebs_snapshot" "s" { volume_id = aws_ebs_volume.v.id }\n'
           'resource "aws_snapshot_create_volume_permission" "p" {\n  snapshot_id = aws_ebs_snapshot.s.id\n'
           '  account_id = "444455556666"\n}\n'
           'resource "aws_db_instance" "db" {\n  instance_class = "db.t3.micro"\n  engine = "mysql"\n}\n'
           'resource "aws_db_snapshot" "d" {\n  db_instance_identifier = aws_db_instance.db.identifier\n'
           '  db_snapshot_identifier = "d"\n  shared_accounts = ["all"]\n}\n'
           'resource "aws_ami" "i" { name = "i" }\n'
           'resource "aws_ami_launch_permission" "all" {\n  image_id = aws_ami.i.id\n  group = "all"\n}\n')
    rules = ("ec2_snapshot_unencrypted", "ec2_snapshot_shared_with_accounts", "rds_snapshot_encrypted",
             "rds_snapshot_public", "ec2_ami_public")
    found = iac(tmp_path, "main.tf", hcl, *rules)
    assert _status(found, "ec2_snapshot_unencrypted", "aws_ebs_snapshot.s") == "PASS"
    assert _status(found, "ec2_snapshot_shared_with_accounts", "aws_ebs_snapshot.s") == "FAIL"
    # the instance's identifier is known only at apply: joined by reference, its storage is unencrypted
    assert _status(found, "rds_snapshot_encrypted", "aws_db_snapshot.d") == "FAIL"
    assert _status(found, "rds_snapshot_public", "aws_db_snapshot.d") == "FAIL"
    assert _status(found, "ec2_ami_public", "aws_ami.i") == "FAIL"


def test_account_singletons_are_judged_only_when_declared(tmp_path: Path) -> None:
    rules = ("iam_password_policy_exists", "iam_password_policy_min_length", "s3_account_public_access_block",
             "ec2_ebs_encryption_by_default_off")
    assert iac(tmp_path, "main.tf", 'resource "aws_s3_bucket" "b" { bucket = "b" }\n', *rules) == {}
    hcl = ('resource "aws_iam_account_password_policy" "p" {\n  minimum_password_length = 14\n}\n'
           'resource "aws_s3_account_public_access_block" "a" {\n  block_public_acls = true\n'
           '  ignore_public_acls = true\n  block_public_policy = true\n  restrict_public_buckets = true\n}\n'
           'resource "aws_ebs_encryption_by_default" "e" { enabled = false }\n')
    (tmp_path / "declared").mkdir()
    found = iac(tmp_path / "declared", "main.tf", hcl, *rules)
    assert _status(found, "iam_password_policy_min_length", "aws_iam_account_password_policy.p") == "PASS"
    assert _status(found, "s3_account_public_access_block", "aws_s3_account_public_access_block.a") == "PASS"
    assert _status(found, "ec2_ebs_encryption_by_default_off", "aws_ebs_encryption_by_default.e") == "FAIL"


def test_only_the_security_alternate_contact_is_the_security_contact(tmp_path: Path) -> None:
    from ssrm.sources.iac.loader import load_iac

    (tmp_path / "main.tf").write_text(
        'resource "aws_account_alternate_contact" "billing" {\n  alternate_contact_type = "BILLING"\n'
        '  email_address = "b@example.com"\n  name = "b"\n  phone_number = "+1"\n  title = "t"\n}\n'
        'resource "aws_account_alternate_contact" "security" {\n  alternate_contact_type = "SECURITY"\n'
        '  email_address = "s@example.com"\n  name = "s"\n  phone_number = "+1"\n  title = "t"\n}\n')
    load = load_iac([tmp_path])
    contacts = load.inventory.of_type("AWS::Account::SecurityContact")
    assert [c.email for c in contacts] == ["s@example.com"] and contacts[0].exists
    assert "aws_account_alternate_contact" not in load.unmapped


def test_values_known_only_at_apply_are_errors(tmp_path: Path) -> None:
    hcl = ('variable "token" {}\nresource "aws_elasticache_replication_group" "g" {\n'
           '  replication_group_id = "g"\n  description = "g"\n  auth_token = var.token\n'
           '  transit_encryption_enabled = true\n}\n'
           'variable "isolate" {}\nresource "aws_sagemaker_model" "m" {\n  name = "m"\n'
           '  execution_role_arn = "arn:aws:iam::1:role/r"\n  enable_network_isolation = var.isolate\n}\n')
    found = iac(tmp_path, "main.tf", hcl, "elasticache_replication_group_auth", "sagemaker_model_network_isolation")
    status, reason = found[("elasticache_replication_group_auth", "aws_elasticache_replication_group.g")]
    assert status == "ERROR" and "var.token" in reason
    assert _status(found, "sagemaker_model_network_isolation", "aws_sagemaker_model.m") == "ERROR"


def test_guardduty_features_from_inline_and_split_resources(tmp_path: Path) -> None:
    hcl = ('resource "aws_guardduty_detector" "d" {\n  datasources {\n    s3_logs { enable = true }\n  }\n}\n'
           'resource "aws_guardduty_detector_feature" "rds" {\n  detector_id = aws_guardduty_detector.d.id\n'
           '  name = "RDS_LOGIN_EVENTS"\n  status = "DISABLED"\n}\n')
    found = iac(tmp_path, "main.tf", hcl, "guardduty_s3_protection", "guardduty_rds_protection")
    assert _status(found, "guardduty_s3_protection", "aws_guardduty_detector.d") == "PASS"
    assert _status(found, "guardduty_rds_protection", "aws_guardduty_detector.d") == "FAIL"


def test_server_certificate_expiry_is_read_from_the_certificate_body(tmp_path: Path) -> None:
    """The body is read through ``file("${path.root}/...")`` from a child module (path.root is the root's)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "example.com")])
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(1).not_valid_before(start).not_valid_after(start + datetime.timedelta(days=30))
                   .sign(key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "modules" / "tls").mkdir(parents=True)
    (tmp_path / "modules" / "tls" / "main.tf").write_text(
        'resource "aws_iam_server_certificate" "old" {\n  name = "old"\n'
        '  certificate_body = file("${path.root}/cert.pem")\n  private_key = "k"\n}\n')
    (tmp_path / "main.tf").write_text('module "tls" { source = "./modules/tls" }\n')
    from ssrm.iac.assess import assess_iac
    from tests.iac.verdicts import rules

    findings = assess_iac([tmp_path], rules=rules("iam_server_certificate_expired")).findings
    assert [(f.status.value, "expired on 2020-01-31" in f.reason) for f in findings] == [("FAIL", True)]
