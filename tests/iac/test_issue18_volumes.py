"""Issue 18, item 8: an instance's root and inline volumes are judged like EBS volumes."""

from __future__ import annotations

from pathlib import Path

from ssrm.model.resources.compute.ebs import Volume
from tests.iac.verdicts import iac, live

RULE = "ec2_ebs_volume_unencrypted"


def test_terraform_root_and_inline_volumes(tmp_path: Path) -> None:
    found = iac(tmp_path, "main.tf", """
resource "aws_instance" "plain" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  root_block_device { encrypted = false }
  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = true
  }
}
resource "aws_instance" "silent" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}
""", RULE)
    assert found[(RULE, "aws_instance.plain.root_block_device")][0] == "FAIL"
    assert found[(RULE, "aws_instance.plain.ebs_block_device[/dev/sdf]")][0] == "PASS"
    status, reason = found[(RULE, "aws_instance.silent.root_block_device")]
    assert status == "ERROR" and "encryption-by-default" in reason


def test_cloudformation_block_device_mappings(tmp_path: Path) -> None:
    found = iac(tmp_path, "t.yaml", """
Resources:
  Plain:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      BlockDeviceMappings:
        - {DeviceName: /dev/xvda, Ebs: {Encrypted: false, VolumeSize: 8}}
  Silent:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-12345678}
""", RULE)
    assert found[(RULE, "Plain.BlockDeviceMappings[/dev/xvda]")][0] == "FAIL"
    assert found[(RULE, "Silent.RootVolume")][0] == "ERROR"


def test_live_root_volume_is_a_volume() -> None:
    root = Volume(arn="arn:aws:ec2:us-east-1:111122223333:volume/vol-1", id="vol-1", encrypted=False,
                  attached_instance_ids=("i-1",))
    assert live(root, rule_ids=(RULE,))[(RULE, "vol-1")][0] == "FAIL"
