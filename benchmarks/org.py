"""Organization scan benchmark: N planted accounts behind a recording proxy, scanned with 1, 2 and 4 workers.

    .venv/bin/python benchmarks/org.py                              # 50 accounts, 60 ms per call, 1/2/4 workers
    .venv/bin/python benchmarks/org.py --accounts 10 --workers 1,2  # a couple of minutes on a loaded machine

Between the scanner and the emulator sits ``ssrm.demo.proxy`` in its own process, as in
``benchmarks/scan.py --proxy``: one recording pass against the emulator (no added latency), then every
measured run is answered from the recording after ``--latency-ms`` on a real socket. So the measured runs
are limited by the latency and by the workers, not by the emulator (which, on two shared cores, was the
bottleneck when every run went through it). The proxy tells each account's requests apart by the role
whose keys signed them, so no account is served another's answers.

Each Dask worker is a separate process with ``--threads`` threads. Printed per worker count: wall time,
the calls the proxy answered (and how many missed the recording and went to the emulator), calls per
second, the speed-up over the first row, the elapsed time per account (first unit start to last unit end;
median and max), the CPU seconds of the scan in this process (the coordinator and the Dask scheduler) and
the workers, those of the proxy, and how many cores that kept busy on average over the wall time. The
single-account line is a plain ``ssrm scan`` of one member through the same proxy, with the same services,
region and latency: an organization's account should take no longer than that.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SERVICES = ("iam", "organizations", "cloudtrail", "s3", "sqs", "kms", "ec2", "vpc")
REGIONS = ("us-east-1",)


@dataclass
class Row:
    workers: int
    units: int
    calls: int
    missed: int
    peak: int
    wall: float
    cpu: tuple[float, float]  # this process, the workers
    spans: list[float]
    proxy_cpu: float


def own_cpu_seconds() -> float:
    """User + system time of this process (the coordinator and the Dask scheduler of the LocalCluster)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def workers_cpu_seconds(client: Any) -> float:
    """CPU time so far of every Dask worker process."""
    return float(sum(client.run(time.process_time).values()))


def per_account_seconds(scan: Any, runs: Path) -> list[float]:
    """Elapsed time per account: first unit start to last unit end, from the checkpoints."""
    import json

    spans: dict[str, list[datetime]] = {}
    for path in (runs / scan.run_id / "units").rglob("*.json"):
        data = json.loads(path.read_text())
        span = spans.setdefault(data["account"], [])
        span += [datetime.fromisoformat(data["started_at"]), datetime.fromisoformat(data["finished_at"])]
    return [(max(s) - min(s)).total_seconds() for s in spans.values()]


def org_scan(endpoint: str, workers: int, threads: int, runs: Path) -> tuple[Any, float, tuple[float, float]]:
    """One organization scan on a fresh Dask LocalCluster: the scan, its wall time and the CPU time it took
    in this process and the workers (the cluster's start and stop excluded)."""
    import distributed

    from ssrm.org.executors import DaskCluster
    from ssrm.org.member import MemberAccess
    from ssrm.org.scan import OrgScanRequest, scan_organization

    access = MemberAccess(endpoint_url=endpoint, max_attempts=2)
    request = OrgScanRequest(access=access, regions=list(REGIONS), services=list(SERVICES), checkpoint_dir=runs)
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=threads, processes=True,
                                  dashboard_address=None, silence_logs=50) as cluster:
        executor = DaskCluster(cluster.scheduler_address)
        try:
            own0, workers0 = own_cpu_seconds(), workers_cpu_seconds(executor.client)
            t0 = time.perf_counter()
            scan = scan_organization(request, executor)
            wall = time.perf_counter() - t0
            return scan, wall, (own_cpu_seconds() - own0, workers_cpu_seconds(executor.client) - workers0)
        finally:
            executor.close()


def single_account(endpoint: str, account: str) -> tuple[float, int]:
    """A plain single-account scan of one member (through its member role), same services and region."""
    from ssrm.sources.aws.collectors import ALL_COLLECTORS
    from ssrm.sources.aws.runner import scan, select_collectors
    from ssrm.sources.aws.session import ConnectOptions

    options = ConnectOptions(role_arn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                             endpoint_url=endpoint, max_attempts=2)
    t0 = time.perf_counter()
    inventory = scan(options, select_collectors(ALL_COLLECTORS, list(SERVICES)), regions=list(REGIONS))
    return time.perf_counter() - t0, inventory.stats.total_calls


def measured(proxy: Any, endpoint: str, workers: int, threads: int) -> Row:
    proxy_cpu0 = proxy.reset_stats()["cpu_seconds"]
    with tempfile.TemporaryDirectory() as runs:
        scan, wall, cpu = org_scan(endpoint, workers, threads, Path(runs))
        spans = per_account_seconds(scan, Path(runs))
    stats = proxy.stats()
    return Row(workers, scan.units_total, stats["requests"], stats["forwarded"], stats["peak_in_flight"], wall,
               cpu, spans, stats["cpu_seconds"] - proxy_cpu0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=50, help="member accounts to plant (at least 5)")
    parser.add_argument("--workers", default="1,2,4", help="Dask worker processes, one run each")
    parser.add_argument("--threads", type=int, default=8, help="threads per Dask worker")
    parser.add_argument("--latency-ms", type=float, default=60.0)
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]

    from ssrm.demo.org import ORG_EMULATOR_ENV, plant_org
    from ssrm.demo.proxy import ProxyProcess
    from ssrm.demo.server import emulator
    from ssrm.demo.world import DemoWorld

    with emulator(ORG_EMULATOR_ENV) as endpoint:
        t0 = time.perf_counter()
        planted = plant_org(DemoWorld(endpoint), members=args.accounts, enforce=False)
        print(f"planted {args.accounts + 1} accounts in {time.perf_counter() - t0:.0f} s (services "
              f"{','.join(SERVICES)}; region {','.join(REGIONS)}; {args.latency_ms:g} ms per call through the "
              "recording proxy)")
        os.environ["AWS_ACCESS_KEY_ID"] = planted.auditor_keys["id"]
        os.environ["AWS_SECRET_ACCESS_KEY"] = planted.auditor_keys["secret"]
        with ProxyProcess(endpoint, args.latency_ms) as proxy:
            proxy.configure(latency=0.0, replay=False, record=True)
            t0 = time.perf_counter()
            single_account(proxy.url, planted.prod)  # the recording pass: every answer the runs will ask for
            with tempfile.TemporaryDirectory() as runs:
                org_scan(proxy.url, max(counts), args.threads, Path(runs))
            recorded = proxy.stats()["recorded"]
            print(f"recording pass: {recorded} distinct requests in {time.perf_counter() - t0:.0f} s")
            proxy.configure(latency=args.latency_ms / 1000, replay=True, record=False)
            proxy.reset_stats()
            single, single_calls = single_account(proxy.url, planted.prod)
            print(f"single-account scan of {planted.prod}: {single:.1f} s, {single_calls} calls")
            print(f"{'workers':>7} {'threads':>7} {'units':>5} {'calls':>6} {'missed':>6} {'peak':>4} {'wall s':>7} "
                  f"{'calls/s':>7} {'speed-up':>8} {'acct median s':>13} {'acct max s':>10} {'vs single':>9} "
                  f"{'cpu s: here':>11} {'workers':>7} {'proxy':>5} {'cores busy':>10}")
            base = None
            for workers in counts:
                row = measured(proxy, proxy.url, workers, args.threads)
                base = base or row.wall
                print(f"{row.workers:>7} {args.threads:>7} {row.units:>5} {row.calls:>6} {row.missed:>6} "
                      f"{row.peak:>4} {row.wall:>7.1f} {row.calls / row.wall:>7.0f} {base / row.wall:>8.2f} "
                      f"{statistics.median(row.spans):>13.1f} {max(row.spans):>10.1f} "
                      f"{max(row.spans) / single:>8.2f}x {row.cpu[0]:>11.1f} {row.cpu[1]:>7.1f} "
                      f"{row.proxy_cpu:>5.1f} {(sum(row.cpu) + row.proxy_cpu) / row.wall:>10.2f}", flush=True)


if __name__ == "__main__":
    main()
