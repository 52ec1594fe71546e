"""Issue 18, items 1 and 2: explicit S3 ACLs win over defaults; one view of S3 defaults for code."""

from __future__ import annotations

from pathlib import Path

from ssrm.model.resources.data.s3 import ALL_USERS_URI, AclGrant, PublicAccessBlock, S3Bucket
from tests.iac.verdicts import iac, live

ACL_RULE = "s3_bucket_public_acl"
BPA_RULE = "s3_bucket_public_access_block"


def test_cloudformation_public_read_acl_fails(tmp_path: Path) -> None:
    found = iac(tmp_path, "t.yaml", """
Resources:
  Open:
    Type: AWS::S3::Bucket
    Properties: {AccessControl: PublicRead}
  Plain:
    Type: AWS::S3::Bucket
""", ACL_RULE, BPA_RULE)
    assert found[(ACL_RULE, "Open")][0] == "FAIL"
    assert "AllUsers" in found[(ACL_RULE, "Open")][1]
    assert found[(BPA_RULE, "Open")][0] == "FAIL"
    assert found[(ACL_RULE, "Plain")][0] == "PASS"
    assert found[(BPA_RULE, "Plain")][0] == "PASS"


def test_terraform_public_acl_inline_and_companion_fail(tmp_path: Path) -> None:
    found = iac(tmp_path, "main.tf", """
resource "aws_s3_bucket" "inline" {
  bucket = "inline-open"
  acl    = "public-read"
}
resource "aws_s3_bucket" "split" { bucket = "split-open" }
resource "aws_s3_bucket_acl" "split" {
  bucket = aws_s3_bucket.split.id
  acl    = "public-read-write"
}
resource "aws_s3_bucket" "granted" { bucket = "granted-open" }
resource "aws_s3_bucket_acl" "granted" {
  bucket = aws_s3_bucket.granted.id
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ"
    }
    owner { id = "abc" }
  }
}
resource "aws_s3_bucket" "plain" { bucket = "plain" }
""", ACL_RULE, BPA_RULE)
    for address in ("aws_s3_bucket.inline", "aws_s3_bucket.split", "aws_s3_bucket.granted"):
        assert found[(ACL_RULE, address)][0] == "FAIL", address
        assert found[(BPA_RULE, address)][0] == "FAIL", address
    assert found[(ACL_RULE, "aws_s3_bucket.plain")][0] == "PASS"
    assert found[(BPA_RULE, "aws_s3_bucket.plain")][0] == "PASS"


def test_explicit_block_public_access_off_still_fails(tmp_path: Path) -> None:
    hcl = iac(tmp_path, "main.tf", """
resource "aws_s3_bucket" "b" { bucket = "b" }
resource "aws_s3_bucket_public_access_block" "b" {
  bucket            = aws_s3_bucket.b.id
  block_public_acls = true
}
""", BPA_RULE)
    cfn = iac(tmp_path, "t.yaml", """
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration: {BlockPublicAcls: true}
""", BPA_RULE)
    assert hcl[(BPA_RULE, "aws_s3_bucket.b")][0] == "FAIL"
    assert cfn[(BPA_RULE, "B")][0] == "FAIL"


def test_public_policy_opens_the_policy_switches(tmp_path: Path) -> None:
    cfn = iac(tmp_path, "t.yaml", """
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties: {BucketName: site}
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument:
        Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::site/*"}]
""", BPA_RULE, "s3_bucket_public_policy")
    assert cfn[(BPA_RULE, "B")][0] == "FAIL"
    assert "BlockPublicPolicy" in cfn[(BPA_RULE, "B")][1]
    assert cfn[("s3_bucket_public_policy", "B")][0] == "FAIL"


def test_live_bucket_with_acls_enabled_and_public_grant_fails() -> None:
    bucket = S3Bucket(arn="arn:aws:s3:::x", id="x", name="x", object_ownership="ObjectWriter",
                      public_access_block=PublicAccessBlock(),
                      acl_grants=[AclGrant(grantee_type="Group", grantee=ALL_USERS_URI, permission="READ")])
    assert live(bucket, rule_ids=(ACL_RULE,))[(ACL_RULE, "x")][0] == "FAIL"


def test_lifecycle_configuration_is_read(tmp_path: Path) -> None:
    """Issue 12: a bucket with aws_s3_bucket_lifecycle_configuration no longer FAILs s3_bucket_lifecycle."""
    hcl = iac(tmp_path, "main.tf", """
resource "aws_s3_bucket" "b" { bucket = "b" }
resource "aws_s3_bucket_lifecycle_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    id     = "expire"
    status = "Enabled"
    expiration { days = 90 }
  }
}
resource "aws_s3_bucket" "none" { bucket = "none" }
""", "s3_bucket_lifecycle")
    cfn = iac(tmp_path, "t.yaml", """
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      LifecycleConfiguration: {Rules: [{Id: expire, Status: Enabled, ExpirationInDays: 90}]}
""", "s3_bucket_lifecycle")
    assert hcl[("s3_bucket_lifecycle", "aws_s3_bucket.b")][0] == "PASS"
    assert hcl[("s3_bucket_lifecycle", "aws_s3_bucket.none")][0] == "FAIL"
    assert cfn[("s3_bucket_lifecycle", "B")][0] == "PASS"
