"""Issue 18, item 4: sensitive data recognised by name, address and description, not only tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrm.model.resources.data.s3 import BucketEncryption, S3Bucket
from ssrm.paths.crown_jewels import crown_jewels_from_dict, use_crown_jewels
from tests.iac.verdicts import iac, live

RULE = "s3_bucket_sensitive_kms_encryption"


def test_terraform_bucket_named_financials(tmp_path: Path) -> None:
    found = iac(tmp_path, "main.tf", """
resource "aws_s3_bucket" "financials" { bucket = "acme-financials" }
resource "aws_s3_bucket" "described" {
  bucket = "acme-data"
  tags   = { Description = "cardholder data exports" }
}
resource "aws_s3_bucket" "site" { bucket = "acme-site" }
""", RULE)
    status, reason = found[(RULE, "aws_s3_bucket.financials")]
    assert status == "FAIL" and "*financial*" in reason and "name" in reason
    status, reason = found[(RULE, "aws_s3_bucket.described")]
    assert status == "FAIL" and "description" in reason
    assert found[(RULE, "aws_s3_bucket.site")][0] == "PASS"


def test_cloudformation_name_known_only_at_deploy_uses_the_logical_id(tmp_path: Path) -> None:
    found = iac(tmp_path, "t.yaml", """
Resources:
  FinancialsBucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub "${AWS::AccountId}-financials"}
  PrivateKeysBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: alias/keys}
""", RULE)
    status, reason = found[(RULE, "FinancialsBucket")]
    assert status == "FAIL" and "financial" in reason
    assert found[(RULE, "PrivateKeysBucket")][0] == "PASS"


def test_live_bucket_and_configurable_patterns() -> None:
    bucket = S3Bucket(arn="arn:aws:s3:::acme-payroll", id="acme-payroll", name="acme-payroll",
                      default_encryption=BucketEncryption(algorithm="AES256"))
    assert live(bucket, rule_ids=(RULE,))[(RULE, "acme-payroll")][0] == "FAIL"
    try:
        use_crown_jewels(crown_jewels_from_dict({"defaults": False, "names": {"*ledger*": 80}}))
        assert live(bucket, rule_ids=(RULE,))[(RULE, "acme-payroll")][0] == "PASS"
        ledger = bucket.model_copy(update={"name": "ledger", "id": "ledger", "arn": "arn:aws:s3:::ledger"})
        assert live(ledger, rule_ids=(RULE,))[(RULE, "ledger")][0] == "FAIL"
    finally:
        use_crown_jewels(None)


@pytest.mark.parametrize("tags", [{"data-classification": "confidential"}, {"Sensitivity": "PII"}])
def test_classification_tags_still_count(tags: dict[str, str]) -> None:
    bucket = S3Bucket(arn="arn:aws:s3:::b", id="b", name="b", tags=tags)
    assert live(bucket, rule_ids=(RULE,))[(RULE, "b")][0] == "FAIL"
