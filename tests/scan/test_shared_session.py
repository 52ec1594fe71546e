"""Scans that share one boto3 session (an organization scan's units of one account) keep their own counts,
and clients made through ``new_client`` share their class but nothing else."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import boto3

from ssrm.sources.aws.clients import new_client
from ssrm.sources.aws.session import ConnectOptions, ScanSession

ACCOUNT = "123456789012"


def test_two_scans_on_one_boto3_session_count_only_their_own_calls(aws: None) -> None:
    shared = boto3.Session(region_name="us-east-1")
    first = ScanSession(shared, ACCOUNT, "aws", ConnectOptions(region="us-east-1"), detail_workers=2)
    second = ScanSession(shared, ACCOUNT, "aws", ConnectOptions(region="us-east-1"), detail_workers=2)
    try:
        for _ in range(3):
            first.client("s3", "us-east-1").list_buckets()
        second.client("sqs", "us-east-1").list_queues()
        second.client("s3", "us-east-1").list_buckets()
    finally:
        first.close()
        second.close()
    assert dict(first.counter.by_api) == {"s3:ListBuckets": 3}
    assert dict(second.counter.by_api) == {"sqs:ListQueues": 1, "s3:ListBuckets": 1}
    assert first.counter.in_flight == 0 and second.counter.in_flight == 0


def test_a_later_scan_on_the_same_session_starts_from_zero(aws: None) -> None:
    shared = boto3.Session(region_name="us-east-1")
    earlier = ScanSession(shared, ACCOUNT, "aws", ConnectOptions(region="us-east-1"), detail_workers=1)
    earlier.client("s3", "us-east-1").list_buckets()
    earlier.close()
    later = ScanSession(shared, ACCOUNT, "aws", ConnectOptions(region="us-east-1"), detail_workers=1)
    later.client("s3", "us-east-1").list_buckets()
    later.close()
    assert sum(earlier.counter.by_service.values()) == 1
    assert sum(later.counter.by_service.values()) == 1


def test_clients_share_their_class_not_their_credentials_or_region(aws: None) -> None:
    one = boto3.Session(aws_access_key_id="AKIAONE", aws_secret_access_key="x", region_name="us-east-1")
    two = boto3.Session(aws_access_key_id="AKIATWO", aws_secret_access_key="y", region_name="us-east-1")
    with ThreadPoolExecutor(4) as pool:
        made = list(pool.map(lambda args: new_client(args[0], "ec2", region_name=args[1]),
                             [(one, "us-east-1"), (two, "eu-west-1"), (one, "eu-west-1"), (two, "us-east-1")]))
    assert len({type(c) for c in made}) == 1, "one class per service"
    assert [c.meta.region_name for c in made] == ["us-east-1", "eu-west-1", "eu-west-1", "us-east-1"]
    keys = [c._request_signer._credentials.access_key for c in made]
    assert keys == ["AKIAONE", "AKIATWO", "AKIAONE", "AKIATWO"]
    assert type(new_client(one, "s3")) is not type(made[0])
    assert type(boto3.Session(region_name="us-east-1").client("ec2")) is not type(made[0]), \
        "clients made elsewhere in the process keep botocore's own classes"
