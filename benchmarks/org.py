"""Organization scan benchmark: plant N member accounts, scan them with 1, 2 and 4 Dask workers.

    .venv/bin/python benchmarks/org.py                       # 50 accounts, 60 ms per call, 1/2/4 workers
    .venv/bin/python benchmarks/org.py --accounts 10 --workers 1,2

Latency: every AWS call of the scan (listing, assume-role, region discovery, collection) sleeps
``--latency-ms`` in a botocore ``before-send`` hook inside the process that makes it (no network proxy is
on main yet). Each Dask worker is a separate process with ``--threads`` threads. The emulator serves all of
them from this process, so at some point it, not the scanner, is the bottleneck: the figures say so when
calls per second stop growing. Also prints the per-account time against a single-account ``ssrm scan``
of one member account with the same services, regions and latency.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SERVICES = ("iam", "organizations", "cloudtrail", "s3", "sqs", "kms", "ec2", "vpc")
REGIONS = ("us-east-1",)


def per_account_seconds(scan: Any, store_root: Path) -> list[float]:
    """Elapsed time per account: first unit start to last unit end, from the checkpoints."""
    import json

    spans: dict[str, list[datetime]] = {}
    for path in (store_root / scan.run_id / "units").rglob("*.json"):
        data = json.loads(path.read_text())
        span = spans.setdefault(data["account"], [])
        span += [datetime.fromisoformat(data["started_at"]), datetime.fromisoformat(data["finished_at"])]
    return [(max(s) - min(s)).total_seconds() for s in spans.values()]


def run_org(endpoint: str, workers: int, threads: int, latency: float, runs: Path) -> tuple[Any, float]:
    import distributed

    from ssrm.org.executors import DaskCluster
    from ssrm.org.member import MemberAccess
    from ssrm.org.scan import OrgScanRequest, scan_organization

    access = MemberAccess(endpoint_url=endpoint, max_attempts=2, latency_seconds=latency)
    request = OrgScanRequest(access=access, regions=list(REGIONS), services=list(SERVICES), checkpoint_dir=runs)
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=threads, processes=True,
                                  dashboard_address=None, silence_logs=50) as cluster:
        executor = DaskCluster(cluster.scheduler_address)
        try:
            t0 = time.perf_counter()
            scan = scan_organization(request, executor)
            return scan, time.perf_counter() - t0
        finally:
            executor.close()


def single_account(endpoint: str, account: str, latency: float) -> tuple[float, int]:
    """A plain single-account scan of one member (through its member role), same services and latency."""
    from ssrm.sources.aws.collectors import ALL_COLLECTORS
    from ssrm.sources.aws.runner import scan, select_collectors
    from ssrm.sources.aws.session import ConnectOptions

    options = ConnectOptions(role_arn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                             endpoint_url=endpoint, max_attempts=2, latency_seconds=latency)
    t0 = time.perf_counter()
    inventory = scan(options, select_collectors(ALL_COLLECTORS, list(SERVICES)), regions=list(REGIONS))
    return time.perf_counter() - t0, inventory.stats.total_calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--threads", type=int, default=8, help="threads per Dask worker")
    parser.add_argument("--latency-ms", type=float, default=60.0)
    args = parser.parse_args()
    latency = args.latency_ms / 1000

    from ssrm.demo.org import ORG_EMULATOR_ENV, plant_org
    from ssrm.demo.server import emulator
    from ssrm.demo.world import DemoWorld

    with emulator(ORG_EMULATOR_ENV) as endpoint:
        t0 = time.perf_counter()
        planted = plant_org(DemoWorld(endpoint), members=args.accounts, enforce=False)
        print(f"planted {args.accounts + 1} accounts in {time.perf_counter() - t0:.0f} s "
              f"(services {','.join(SERVICES)}; regions {','.join(REGIONS)}; {args.latency_ms:g} ms per call, "
              "in-process before-send sleep)")
        os.environ["AWS_ACCESS_KEY_ID"] = planted.auditor_keys["id"]
        os.environ["AWS_SECRET_ACCESS_KEY"] = planted.auditor_keys["secret"]
        single, single_calls = single_account(endpoint, planted.prod, latency)
        print(f"single-account scan of {planted.prod}: {single:.1f} s, {single_calls} calls")
        print(f"{'workers':>7} {'threads':>7} {'units':>5} {'calls':>6} {'wall s':>7} {'calls/s':>7} {'speed-up':>8} "
              f"{'acct median s':>13} {'acct max s':>10}")
        base = None
        for workers in (int(w) for w in args.workers.split(",")):
            with tempfile.TemporaryDirectory() as runs:
                scan, wall = run_org(endpoint, workers, args.threads, latency, Path(runs))
                spans = per_account_seconds(scan, Path(runs))
            base = base or wall
            print(f"{workers:>7} {args.threads:>7} {scan.units_total:>5} {scan.calls:>6} {wall:>7.1f} "
                  f"{scan.calls / wall:>7.0f} {base / wall:>8.2f} {statistics.median(spans):>13.1f} "
                  f"{max(spans):>10.1f}")


if __name__ == "__main__":
    main()
