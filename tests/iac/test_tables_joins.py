"""Joins and derived values of the tables that replaced the hand-written mappers, in both formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrm.sources.iac.loader import load_iac

TERRAFORM = '''
resource "aws_instance" "app" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  tags          = { Name = "app" }
}
resource "aws_network_interface" "second" {
  subnet_id = "subnet-1"
}
resource "aws_network_interface_attachment" "second" {
  instance_id          = aws_instance.app.id
  network_interface_id = aws_network_interface.second.id
  device_index         = 1
}
resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = true
  tags              = { Name = "data" }
}
resource "aws_volume_attachment" "data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data.id
  instance_id = aws_instance.app.id
}
resource "aws_sns_topic" "alerts" {
  name                          = "alerts"
  sqs_failure_feedback_role_arn = "arn:aws:iam::111122223333:role/feedback"
}
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"
  event_selector {
    read_write_type = "WriteOnly"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
'''

CLOUDFORMATION = '''
Resources:
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      InstanceType: t3.micro
      Tags: [{Key: Name, Value: app}]
  Second:
    Type: AWS::EC2::NetworkInterface
    Properties: {SubnetId: subnet-1}
  SecondAttachment:
    Type: AWS::EC2::NetworkInterfaceAttachment
    Properties: {InstanceId: !Ref App, NetworkInterfaceId: !Ref Second, DeviceIndex: "1"}
  Data:
    Type: AWS::EC2::Volume
    Properties:
      AvailabilityZone: us-east-1a
      Size: 10
      Encrypted: true
      Tags: [{Key: Name, Value: data}]
  DataAttachment:
    Type: AWS::EC2::VolumeAttachment
    Properties: {Device: /dev/sdf, VolumeId: !Ref Data, InstanceId: !Ref App}
  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: alerts
      DeliveryStatusLogging:
        - {Protocol: sqs, FailureFeedbackRoleArn: "arn:aws:iam::111122223333:role/feedback"}
  Main:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: main
      S3BucketName: logs
      IsLogging: true
      EventSelectors:
        - ReadWriteType: WriteOnly
          DataResources: [{Type: AWS::S3::Object, Values: ["arn:aws:s3"]}]
'''


@pytest.fixture(params=["terraform", "cloudformation"])
def resources(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, object]:
    if request.param == "terraform":
        (tmp_path / "main.tf").write_text(TERRAFORM)
    else:
        (tmp_path / "template.yaml").write_text(CLOUDFORMATION)
    load = load_iac([tmp_path])
    return {r.label: r for _, r in load.records}


def test_an_attached_interface_makes_two(resources: dict[str, object]) -> None:
    app = resources["app"]
    assert len(app.network_interface_ids) == 2  # type: ignore[attr-defined]
    assert "network_interface_ids" not in app.unknown  # type: ignore[attr-defined]


def test_a_volume_knows_its_instance(resources: dict[str, object]) -> None:
    app, data = resources["app"], resources["data"]
    assert data.attached_instance_ids == (app.id,)  # type: ignore[attr-defined]


def test_a_feedback_role_is_delivery_status_logging(resources: dict[str, object]) -> None:
    assert resources["alerts"].delivery_status_logging == ["sqs"]  # type: ignore[attr-defined]


def test_trail_data_events_from_selectors(resources: dict[str, object]) -> None:
    trail = resources["main"]
    assert trail.s3_data_events == "WriteOnly"  # type: ignore[attr-defined]
    assert trail.management_events is True and trail.management_read_write == "WriteOnly"  # type: ignore[attr-defined]
