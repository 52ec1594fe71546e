"""The watch loop and the trail reader, without AWS."""

from __future__ import annotations

import gzip
import json
import threading
from pathlib import Path

import pytest

from ssrm.watch.cli import parse_interval
from ssrm.watch.loop import WatchLoop
from ssrm.watch.trail import Change, TrailPoller, changes_in, group_changes, merge_inventory


def test_a_failed_cycle_is_logged_and_retried_never_fatal(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []

    def cycle() -> None:
        calls.append(1)
        if len(calls) < 3:
            raise RuntimeError("throttled")

    waits: list[float] = []
    loop = WatchLoop(cycle, interval=3600, retry_after=10, max_cycles=4)
    loop._wait = waits.append  # type: ignore[method-assign]
    stats = loop.run()
    assert stats.cycles == 4 and stats.failures == 2 and stats.consecutive_failures == 0
    assert waits == [10, 20, 3600]  # backoff doubles after failures, back to the interval after a success
    assert "cycle 1 failed: RuntimeError: throttled" in caplog.text


def test_stop_lets_the_current_cycle_finish() -> None:
    loop_holder: list[WatchLoop] = []
    finished: list[bool] = []

    def cycle() -> None:
        loop_holder[0].request_stop()
        finished.append(True)

    loop = WatchLoop(cycle, interval=3600)
    loop_holder.append(loop)
    done = threading.Event()
    threading.Thread(target=lambda: (loop.run(), done.set()), daemon=True).start()
    assert done.wait(10) and finished == [True] and loop.stats.cycles == 1
    with pytest.raises(KeyboardInterrupt):
        loop.request_stop()  # a second signal aborts


def test_intervals() -> None:
    assert parse_interval("1h") == 3600 and parse_interval("30m") == 1800 and parse_interval("90") == 90
    with pytest.raises(ValueError, match="not an interval"):
        parse_interval("soon")


RECORDS = [
    {"eventSource": "ec2.amazonaws.com", "eventName": "AuthorizeSecurityGroupIngress", "awsRegion": "eu-west-1",
     "readOnly": False, "eventType": "AwsApiCall", "requestParameters": {"groupId": "sg-1"}},
    {"eventSource": "ec2.amazonaws.com", "eventName": "DescribeInstances", "awsRegion": "eu-west-1",
     "readOnly": True, "eventType": "AwsApiCall"},
    {"eventSource": "s3.amazonaws.com", "eventName": "PutBucketPolicy", "awsRegion": "us-east-1",
     "eventType": "AwsApiCall", "requestParameters": {"bucketName": "b"}},
    {"eventSource": "iam.amazonaws.com", "eventName": "AttachRolePolicy", "awsRegion": "us-east-1",
     "readOnly": False, "errorCode": "AccessDenied", "eventType": "AwsApiCall"},
]


def test_only_successful_writes_are_changes() -> None:
    from ssrm.sources.aws.single import Target

    assert changes_in(RECORDS) == [
        Change("ec2", "eu-west-1", "AuthorizeSecurityGroupIngress", "sg-1",
               (Target("AWS::EC2::SecurityGroup", "eu-west-1", "sg-1"),)),
        Change("s3", "us-east-1", "PutBucketPolicy", "b", (Target("AWS::S3::Bucket", "global", "b"),))]


def test_changes_map_to_collectors_and_regions() -> None:
    from ssrm.sources.aws.collectors import ALL_COLLECTORS
    from ssrm.sources.aws.runner import select_collectors

    groups = group_changes(changes_in(RECORDS), select_collectors(ALL_COLLECTORS, None))
    ec2 = next(names for names in groups if "ec2" in names)
    assert groups[ec2] == {"eu-west-1"} and "vpc" in ec2
    assert groups[("s3",)] == {"global"}


def test_the_poller_sees_only_new_log_objects(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text(json.dumps({"Records": RECORDS}))
    poller = TrailPoller([str(tmp_path)])
    poller.prime()
    assert poller.poll() == []
    (tmp_path / "new.json.gz").write_bytes(gzip.compress(json.dumps({"Records": RECORDS[:1]}).encode()))
    (tmp_path / "junk.json").write_text("not json")
    assert [c.event_name for c in poller.poll()] == ["AuthorizeSecurityGroupIngress"]
    assert poller.poll() == []


def test_merge_replaces_only_the_recollected_part() -> None:
    from ssrm.model import Inventory
    from ssrm.model.resources.compute.network import SecurityGroup
    from ssrm.model.resources.data.s3 import S3Bucket
    from ssrm.sources.aws.collectors import ALL_COLLECTORS

    def sg(gid: str, region: str, name: str) -> SecurityGroup:
        return SecurityGroup(arn=f"arn:aws:ec2:{region}:1:security-group/{gid}", id=gid, region=region,
                             group_name=name)

    base = Inventory(account="1", regions=["eu-west-1", "us-east-1"])
    base.add([sg("sg-eu", "eu-west-1", "old"), sg("sg-us", "us-east-1", "kept"),
              S3Bucket(arn="arn:aws:s3:::b", id="b")])
    fresh = Inventory(account="1", regions=["eu-west-1"])
    fresh.add([sg("sg-eu", "eu-west-1", "new")])
    ec2 = [c for c in ALL_COLLECTORS if c.client == "ec2"]
    merged = merge_inventory(base, fresh, ec2, {"eu-west-1"})
    names = sorted((r.id, getattr(r, "group_name", "")) for r in merged.resources)
    assert names == [("b", ""), ("sg-eu", "new"), ("sg-us", "kept")]
