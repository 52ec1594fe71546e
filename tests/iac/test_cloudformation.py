"""CloudFormation: short and long intrinsic forms, parameters, conditions, lines."""

from __future__ import annotations

from pathlib import Path

from ssrm.sources.iac.cloudformation.intrinsics import TemplateContext
from ssrm.sources.iac.loader import load_iac
from ssrm.sources.iac.unknown import Unknown

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: dev}
  Cidr: {Type: String}
Mappings:
  Sizes: {dev: {Retention: 1}, prod: {Retention: 30}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceIdentifier: !Sub "${Env}-db"
      Engine: postgres
      StorageEncrypted: !If [IsProd, true, false]
      BackupRetentionPeriod: !FindInMap [Sizes, !Ref Env, Retention]
      PubliclyAccessible: "false"
  ProdOnly:
    Type: AWS::SNS::Topic
    Condition: IsProd
    Properties: {TopicName: prod-only}
  Topic:
    Type: AWS::SNS::Topic
    Condition: NotProd
    Properties:
      TopicName: !Join ["-", [!Ref Env, !Select [1, !Split [",", "a,topic"]]]]
      KmsMasterKeyId: !GetAtt Key.Arn
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: !ImportValue shared-logs
      IsMultiRegionTrail: true
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Cidr}
"""


def _load(tmp_path: Path, text: str = TEMPLATE, variables: list[str] | None = None) -> dict[str, object]:
    path = tmp_path / "stack.yaml"
    path.write_text(text)
    load = load_iac([path], variables=variables)
    return {r.origin.address: r for _, r in load.records if r.resource_type.startswith("AWS::")}  # not Parameters


def test_intrinsics_conditions_and_lines(tmp_path: Path) -> None:
    resources = _load(tmp_path)
    assert set(resources) == {"Db", "Topic", "Key", "Trail", "Sg"}  # ProdOnly's condition is false
    db = resources["Db"]
    assert (db.name, db.storage_encrypted, db.backup_retention_days, db.publicly_accessible) == \
        ("dev-db", False, 1, False)
    assert db.origin.line == 11 and resources["Sg"].origin.line == 39
    assert resources["Topic"].name == "dev-topic"
    assert resources["Topic"].kms_master_key_id == resources["Key"].arn
    assert resources["Trail"].unknown["s3_bucket"].startswith("imported from another stack")
    assert resources["Sg"].unknown["ingress"] == "depends on parameter Cidr, which has no default"


def test_parameters_from_var(tmp_path: Path) -> None:
    resources = _load(tmp_path, variables=["Env=prod", "Cidr=10.0.0.0/8"])
    assert set(resources) == {"Db", "ProdOnly", "Key", "Trail", "Sg"}
    assert resources["Db"].storage_encrypted is True and resources["Db"].backup_retention_days == 30
    assert resources["Sg"].ingress[0].ipv4_ranges == ("10.0.0.0/8",)


def test_unknown_condition_keeps_both_branches_honest() -> None:
    context = TemplateContext({"Parameters": {"P": {"Type": "String"}}, "Conditions": {
        "C": {"Fn::Equals": [{"Ref": "P"}, "x"]}}}, {})
    assert context.resolve({"Fn::If": ["C", "a", "a"]}) == "a"
    assert isinstance(context.resolve({"Fn::If": ["C", "a", "b"]}), Unknown)
    assert context.resolve({"Fn::Sub": ["${X}-${!Literal}", {"X": "v"}]}) == "v-${Literal}"
    assert context.resolve([{"Ref": "AWS::NoValue"}, 1]) == [1]
