"""A scan spread over worker processes gives the threaded scan's inventory and verdicts (planted emulator)."""

from __future__ import annotations

import zlib
from types import SimpleNamespace
from typing import Any

import pytest

from ssrm.demo.world import DemoWorld
from ssrm.engine import evaluate
from ssrm.model import Inventory
from ssrm.model.resources.data.s3 import S3AccountPublicAccessBlock, S3Bucket
from ssrm.rules.catalog import builtin_rules
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.context import CollectContext
from ssrm.sources.aws.pacing import Pacer
from ssrm.sources.aws.processes import collect_in_processes, plan_jobs
from ssrm.sources.aws.runner import plan_tasks, scan, select_collectors
from ssrm.sources.aws.session import ConnectOptions, open_session

SERVICES = ["s3", "iam", "ec2", "kms", "sqs", "lambda"]
REGIONS = ["us-east-1", "eu-west-1"]


def scan_with(world: DemoWorld, processes: int) -> Inventory:
    collectors = select_collectors(ALL_COLLECTORS, SERVICES)
    return scan(ConnectOptions(region="us-east-1", endpoint_url=world.endpoint), collectors, regions=REGIONS,
                workers=8, processes=processes)


def verdicts(inventory: Inventory) -> dict[tuple[str, str], str]:
    return {(f.rule_id, f.resource_arn): f.status.value for f in evaluate(inventory, builtin_rules())}


@pytest.fixture(scope="module")
def threaded(world: DemoWorld) -> Inventory:
    return scan_with(world, 1)


def test_two_processes_collect_what_threads_collect(world: DemoWorld, threaded: Inventory) -> None:
    spread = scan_with(world, 2)
    assert [(r.resource_type, r.arn) for r in spread.resources] == [(r.resource_type, r.arn)
                                                                    for r in threaded.resources]
    assert [r.model_dump() for r in spread.resources] == [r.model_dump() for r in threaded.resources]
    assert spread.gaps == threaded.gaps
    assert len(spread.of_type(S3Bucket)) > 3 and len(spread.of_type(S3AccountPublicAccessBlock)) == 1
    mine = verdicts(spread)
    assert mine == verdicts(threaded) and len(mine) > 100
    # Every per-bucket read is made once, whichever process made it.
    for api in ("s3:GetBucketPolicy", "s3:GetBucketVersioning"):
        assert spread.stats.calls_by_api[api] == threaded.stats.calls_by_api[api]


def test_a_worker_that_fails_leaves_gaps_not_a_lost_scan(world: DemoWorld) -> None:
    """A worker whose credentials answer for another account than the scan's collects nothing: each of its
    tasks is a gap naming why (its rules ERROR), and what this process collected stands."""
    collectors = select_collectors(ALL_COLLECTORS, ["s3", "kms"])
    options = ConnectOptions(region="us-east-1", endpoint_url=world.endpoint)
    boto_session, _, partition = open_session(options)
    tasks = plan_tasks(collectors, ["us-east-1"], partition)
    collected = collect_in_processes(options, boto_session, "000000000000", partition, tasks, ["us-east-1"], 2)
    worker = [g for g in collected.gaps if g.api == "(worker process)"]
    assert {(g.service, g.error) for g in worker} == {("s3", "WorkerAccountMismatch"),
                                                      ("kms", "WorkerAccountMismatch")}
    assert all(g.resource_types for g in worker)
    # This process's share stands (its account-wide read, made for the wrong account id, was refused: a gap).
    assert {r.resource_type for r in collected.resources} == {S3Bucket.resource_type}


def test_jobs_share_the_shardable_collectors_and_deal_out_the_rest() -> None:
    collectors = select_collectors(ALL_COLLECTORS, ["s3", "iam", "ec2", "kms"])
    tasks = plan_tasks(collectors, REGIONS, "aws")
    jobs = plan_jobs(ConnectOptions(max_in_flight=64), "123456789012", tasks, REGIONS, 2)
    assert [job.shard for job in jobs] == [(0, 2), (1, 2)]
    names = [sorted(f"{c.name}@{r}" for c, r in job.tasks) for job in jobs]
    assert all("s3@us-east-1" in n for n in names)  # S3 in both, each with its share of the buckets
    others = sorted(t for n in names for t in n if not t.startswith("s3@"))
    assert others == sorted(f"{c.name}@{r}" for c, r in tasks if c.name != "s3")  # the rest exactly once
    assert abs(len(names[0]) - len(names[1])) <= 1
    assert all(job.in_flight == 32 for job in jobs)
    # A published rate is split only between the processes that call it: S3 by both, each EC2 region by one.
    shares = [dict(job.lane_shares) for job in jobs]
    assert all(share[("s3", "us-east-1")] == 0.5 for share in shares)
    ec2 = [share[lane] for share in shares for lane in share if lane[0] == "ec2"]
    assert sorted(ec2) == [1.0, 1.0]


def test_a_process_paces_its_part_of_a_published_rate() -> None:
    pacer = Pacer(60.0, 3600.0, rate_share=0.5, lane_shares={("ec2", "us-east-1"): 1.0})
    assert pacer.lane("ec2", "us-east-1").rate == 20.0  # the only caller: EC2's whole 20 calls a second
    assert pacer.lane("ec2", "eu-west-1").rate == 10.0  # not foreseen: half, as one of two processes
    assert pacer.lane("sqs", "us-east-1").rate is None  # no published limit: none


@pytest.mark.parametrize("count", [1, 2, 3])
def test_shards_split_items_exactly_once(count: int) -> None:
    names = [f"bucket-{i}" for i in range(200)]
    shares: list[Any] = []
    for index in range(count):
        ctx = CollectContext.__new__(CollectContext)
        ctx.session = SimpleNamespace(shard=(index, count))  # type: ignore[assignment]
        shares.append(ctx.mine(names, str))
        assert ctx.leads is (index == 0)
    assert sorted(n for share in shares for n in share) == sorted(names)
    if count > 1:
        assert all(len(share) > 200 / count / 2 for share in shares)
        assert shares[0] == [n for n in names if zlib.crc32(n.encode()) % count == 0]
