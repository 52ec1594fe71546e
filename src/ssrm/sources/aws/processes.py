"""One account's collection spread over worker processes (``ssrm scan --processes N``).

A scan spends nearly all its CPU in botocore (building, signing and parsing calls), and in one process that
runs on one core because of the GIL. Here N processes collect side by side, this one and N - 1 workers:

- a shardable collector (S3, whose cost is its reads per bucket) runs in every process, each keeping the
  resources whose name hashes to it (``CollectContext.mine``) and process 0 the account-wide parts;
- every other task (one collector in one region) runs in exactly one process, dealt out in turn.

Each worker opens its own session (one more GetCallerIdentity); every process keeps 1/N of the calls in
flight, and of a (service, region)'s published rate limit the part of the processes that call it (EC2's
20 calls a second all go to the one process collecting EC2 in that region). The workers send back what
they collected and the merge here gives the inventory a threaded scan gives. Workers start by ``spawn``,
so no thread or lock of this process is copied into them. A worker that fails is a gap of each of its
tasks (their rules ERROR), never a lost scan.
"""

from __future__ import annotations

import math
import multiprocessing
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from ssrm.model import Gap
from ssrm.sources.aws.runner import Collected, ScanProgress, Task, collect_in_threads
from ssrm.sources.aws.session import ConnectOptions, ScanSession, open_session

THREADS_PER_PROCESS = 24  # task threads in each worker (as in a threaded scan); detail calls use their own
MIN_IN_FLIGHT = 8


@dataclass(frozen=True)
class WorkerJob:
    """What one worker process collects."""

    options: ConnectOptions
    account: str
    tasks: tuple[Task, ...]
    shard: tuple[int, int]  # (this process, processes)
    scan_regions: tuple[str, ...]
    in_flight: int
    lane_shares: tuple[tuple[tuple[str, str], float], ...] = ()  # (service, region) -> part of its rate


class WorkerAccountMismatch(Exception):
    """The worker's credentials resolved to another account than the scan's."""


def plan_jobs(options: ConnectOptions, account: str, tasks: Sequence[Task], scan_regions: Sequence[str],
              processes: int) -> list[WorkerJob]:
    """One job per process: every shardable task in each, the others dealt out in turn."""
    shared = [task for task in tasks if task[0].shardable]
    single = [task for task in tasks if not task[0].shardable]
    per_job: list[list[Task]] = [list(shared) for _ in range(processes)]
    # Dealt from the last process: process 0 also collects the shardable collectors' account-wide parts.
    for i, task in enumerate(single):
        per_job[processes - 1 - i % processes].append(task)
    in_flight = max(MIN_IN_FLIGHT, math.ceil(options.in_flight_limit / processes))
    # A lane's rate is shared by the processes whose collectors call it (by their default client).
    callers = Counter(lane for job in per_job for lane in {(c.client, r) for c, r in job})
    return [WorkerJob(options, account, tuple(job), (i, processes), tuple(scan_regions), in_flight,
                      tuple(sorted((lane, 1 / callers[lane]) for lane in {(c.client, r) for c, r in job})))
            for i, job in enumerate(per_job) if job]


def run_job(job: WorkerJob, boto_session: Any = None, partition: str = "") -> Collected:
    """Collect the job's tasks on threads, as a threaded scan does: in a worker process through a session
    of its own, or in this process through ``boto_session``."""
    account = job.account
    if boto_session is None:
        boto_session, account, partition = open_session(job.options)
    if account != job.account:
        raise WorkerAccountMismatch(f"the worker's credentials are for account {account}, not {job.account}")
    session = ScanSession(boto_session, account, partition, job.options, detail_workers=job.in_flight,
                          shard=job.shard, lane_shares=dict(job.lane_shares))
    return collect_in_threads(session, job.tasks, job.scan_regions, THREADS_PER_PROCESS)


def collect_in_processes(options: ConnectOptions, boto_session: Any, account: str, partition: str,
                         tasks: Sequence[Task], scan_regions: Sequence[str], processes: int,
                         progress: ScanProgress | None = None) -> Collected:
    """Run ``tasks`` in this process and ``processes - 1`` workers, and merge what they collected."""
    jobs = plan_jobs(options, account, tasks, scan_regions, processes)
    if not jobs:
        return Collected()
    here, *elsewhere = jobs
    # A task shared by every job is done when the last of them is.
    remaining = Counter((collector.label, region) for job in (here, *elsewhere) for collector, region in job.tasks)
    merged = Collected()

    def finished(job: WorkerJob, collected: Collected | None, failure: BaseException | None) -> None:
        if collected is not None:
            merge(merged, collected)
        if failure is not None:
            merged.gaps.extend(worker_gaps(job, failure))
        for collector, region in job.tasks:
            remaining[(collector.label, region)] -= 1
            if progress and remaining[(collector.label, region)] == 0:
                progress.done(collector.label, region)

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, len(elsewhere)), mp_context=context) as pool:
        futures = {pool.submit(run_job, job): job for job in elsewhere}
        finished(here, run_job(here, boto_session, partition), None)
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as exc:  # the worker failed or died: its tasks are gaps, the rest stands
                finished(futures[future], None, exc)
            else:
                finished(futures[future], result, None)
    merged.gaps = list({gap.model_dump_json(): gap for gap in merged.gaps}.values())  # a shared listing's gap once
    return merged


def merge(into: Collected, part: Collected) -> None:
    into.resources.extend(part.resources)
    into.gaps.extend(part.gaps)
    into.calls_by_service.update(part.calls_by_service)
    into.calls_by_api.update(part.calls_by_api)
    # The processes' peaks may not coincide: their sum is an upper bound of the scan's.
    into.max_in_flight += part.max_in_flight


def worker_gaps(job: WorkerJob, exc: BaseException) -> list[Gap]:
    message = " ".join(str(exc).split())[:300] or type(exc).__name__
    return [Gap(service=collector.name, region="global" if collector.scope == "global" else region,
                api="(worker process)", error=type(exc).__name__, message=message,
                resource_types=collector.resource_types)
            for collector, region in job.tasks]

