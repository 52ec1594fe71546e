"""Scan benchmark: plant N ordinary resources in the emulator, scan them, print figures.

    .venv/bin/python benchmarks/scan.py --proxy --sizes 1300 --services s3,iam,ec2   # the figure to report
    .venv/bin/python benchmarks/scan.py --proxy --sizes 1300 --services s3,iam,ec2 --faults
    .venv/bin/python benchmarks/scan.py --proxy --sizes 5000 --services s3,iam,ec2 --processes 1,2
    .venv/bin/python benchmarks/scan.py                 # quick check: latency slept inside the process

``--proxy`` puts a real network hop between ssrm and the emulator (``ssrm.demo.proxy``, its own process):
a first scan records the emulator's replies, then the measured scan is answered from that recording after
``--latency-ms`` on a real socket, so connection pools, threads and the GIL meet the limits they meet on
AWS. It prints wall time, API calls (as the proxy saw them, retries included), the most calls in flight,
the effective concurrency (calls x latency / wall), CPU seconds and peak memory of the scanning process, and
the floors a scan cannot beat: the CPU it spends (one core: the GIL), the network at 64 calls in flight,
and the published rate limits (EC2: a burst of 100, then 20 calls a second); ``floor`` is the largest.
``--faults`` then scans again with 10% throttling (each protocol's own error), 3% server errors and 1%
connection resets and counts the verdicts that differ from the clean scan. ``--processes 1,2`` scans
once per value with the collection spread over that many worker processes (``ssrm scan --processes``);
CPU then counts the workers too, and peak memory is the scanning process's plus, for its N - 1 workers,
the largest worker's times their number (an upper bound: the kernel reports only the largest child's peak).

Without ``--proxy`` every call sleeps ``--latency-ms`` in a botocore ``before-send`` hook: quick, but it
never meets a real connection's limits. The scan runs in a child process so that its peak memory is
measured apart from the emulator's: the child's own high-water mark (VmHWM), not ``ru_maxrss``, which on
Linux inherits the parent's peak across fork and exec.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REGION = "us-east-1"
# The emulator answers HTTP 500 when it is overloaded: planting retries those (standard mode retries 5xx),
# keeps few requests in flight, and takes "already exists" after a retried create as done.
PLANT_ATTEMPTS = 10
PLANT_THREADS = 4
ALREADY_DONE = {"BucketAlreadyOwnedByYou", "EntityAlreadyExists", "InvalidGroup.Duplicate", "QueueAlreadyExists"}


def plant_client(endpoint: str, service: str) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(inject_host_prefix=False, retries={"mode": "standard", "max_attempts": PLANT_ATTEMPTS},
                    max_pool_connections=PLANT_THREADS * 2, read_timeout=120)
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint, config=config)


def once(create: Callable[[], object]) -> None:
    """Run a create call until it holds. Botocore cannot retry an overloaded emulator's HTML 500 page on
    query-protocol services (it fails to parse it), so that is retried here; "already exists" after a
    retry means an earlier attempt got through."""
    from botocore.exceptions import ClientError
    from botocore.parsers import ResponseParserError

    for attempt in range(1, PLANT_ATTEMPTS + 1):
        try:
            create()
            return
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ALREADY_DONE:
                return
            if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) < 500 or attempt == PLANT_ATTEMPTS:
                raise
        except ResponseParserError:
            if attempt == PLANT_ATTEMPTS:
                raise
        time.sleep(0.2 * attempt)


def peak_rss_mb() -> float:
    """This process's own peak resident memory since exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    # Elsewhere ru_maxrss (kB on Linux, bytes on macOS) is the best there is.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale, 1)


def plant(endpoint: str, n: int) -> dict[str, int]:
    """An ordinary account of about ``n`` resources: buckets, identities, network, queues, compute."""
    s3, iam, ec2, sqs = (plant_client(endpoint, s) for s in ("s3", "iam", "ec2", "sqs"))
    mix = {"buckets": int(n * 0.4), "roles": int(n * 0.1), "users": int(n * 0.1), "security_groups": int(n * 0.15),
           "queues": int(n * 0.1), "instances": int(n * 0.1), "volumes": int(n * 0.05)}
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    # A /18: a /24 has 251 addresses and the emulator fails (HTTP 500) once they run out (N = 5000 plants 500).
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/18")["Subnet"]["SubnetId"]
    image = ec2.describe_images(Owners=["amazon"], MaxResults=5)["Images"][0]["ImageId"]

    def bucket(i: int) -> None:
        name = f"bench-bucket-{i:05d}"
        once(lambda: s3.create_bucket(Bucket=name))
        if i % 3 == 0:
            once(lambda: s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"}))

    jobs = [
        *(lambda i=i: bucket(i) for i in range(mix["buckets"])),
        *(lambda i=i: once(lambda: iam.create_role(RoleName=f"bench-role-{i}", AssumeRolePolicyDocument=trust))
          for i in range(mix["roles"])),
        *(lambda i=i: once(lambda: iam.create_user(UserName=f"bench-user-{i}")) for i in range(mix["users"])),
        *(lambda i=i: once(lambda: ec2.create_security_group(GroupName=f"bench-sg-{i}", Description="bench",
                                                              VpcId=vpc))
          for i in range(mix["security_groups"])),
        *(lambda i=i: once(lambda: sqs.create_queue(QueueName=f"bench-queue-{i}")) for i in range(mix["queues"])),
        # A client token makes a retried create idempotent: one volume or instance batch, however many tries.
        *(lambda i=i: once(lambda: ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8,
                                                      ClientToken=f"bench-volume-{i}"))
          for i in range(mix["volumes"])),
    ]
    with ThreadPoolExecutor(max_workers=PLANT_THREADS) as pool:
        list(pool.map(lambda job: job(), jobs))
    left = mix["instances"]
    while left > 0:
        batch = min(left, 100)
        once(lambda batch=batch, left=left: ec2.run_instances(
            ImageId=image, MinCount=batch, MaxCount=batch, SubnetId=subnet, InstanceType="t3.micro",
            ClientToken=f"bench-instances-{left}"))
        left -= batch
    return mix


def cpu_seconds() -> float:
    """CPU of this process and of its finished children (the scan's worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return round(own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, 2)


def child(endpoint: str, latency_ms: float, services: str, verdicts: str | None, processes: int = 1) -> None:
    """Runs in its own process: scan, then print one JSON line of figures (and save verdicts if asked)."""
    from ssrm.sources.aws.collectors import ALL_COLLECTORS
    from ssrm.sources.aws.runner import scan, select_collectors
    from ssrm.sources.aws.session import ConnectOptions

    collectors = select_collectors(ALL_COLLECTORS, [s for s in services.split(",") if s] or None)
    options = ConnectOptions(region=REGION, endpoint_url=endpoint, latency_seconds=latency_ms / 1000)
    cpu_before = cpu_seconds()
    profile_to = os.environ.get("SSRM_BENCH_PROFILE")
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
        inventory = profiler.runcall(scan, options, collectors, regions=[REGION], processes=processes)
        profiler.dump_stats(profile_to)
    else:
        inventory = scan(options, collectors, regions=[REGION], processes=processes)
    cpu = round(cpu_seconds() - cpu_before, 2)
    s3_calls = {k: v for k, v in inventory.stats.calls_by_api.items() if k.startswith("s3:")}
    buckets = len(inventory.of_type("AWS::S3::Bucket"))
    # Every S3 call but the one full listing, over the buckets: region listings count as the bucket's too.
    per_bucket = (sum(s3_calls.values()) - 1) / buckets if buckets else 0.0
    from ssrm.sources.aws.pacing import PUBLISHED_RATES

    rate_floor = max([0.0, *((inventory.stats.calls_by_service.get(service, 0) - burst) / rate
                            for service, (rate, burst) in PUBLISHED_RATES.items())])
    if verdicts:
        from ssrm.engine import evaluate
        from ssrm.rules.catalog import builtin_rules

        findings = evaluate(inventory, builtin_rules())
        Path(verdicts).write_text(json.dumps({f"{f.rule_id} {f.resource_arn}": f.status.value for f in findings}))
    print(json.dumps({
        "resources": len(inventory.resources),
        "wall_seconds": inventory.stats.wall_seconds,
        "api_calls": inventory.stats.total_calls,
        "max_in_flight": inventory.stats.max_in_flight,
        "calls_per_bucket": round(per_bucket, 2),
        "gaps": len(inventory.gaps),
        "gap_list": [f"{g.service} {g.region} {g.api} {g.error}" for g in inventory.gaps][:10],
        "cpu_seconds": cpu,
        "rate_floor": round(rate_floor, 1),
        "peak_rss_mb": round(peak_rss_mb() + (processes - 1) * largest_child_mb(), 1),
    }))


def largest_child_mb() -> float:
    """The peak resident memory of the largest finished child (Linux: ru_maxrss in kB)."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def run_child(endpoint: str, latency_ms: float, services: str, verdicts: Path | None = None,
              processes: int = 1) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child-endpoint", endpoint,
               "--latency-ms", str(latency_ms), "--services", services, "--processes", str(processes)]
    if verdicts is not None:
        command += ["--child-verdicts", str(verdicts)]
    # The emulator's environment caps attempts at 2 (AWS_MAX_ATTEMPTS) for quick tests; a measured scan uses
    # ssrm's own policy: retries until the call deadline.
    env = {k: v for k, v in os.environ.items() if k != "AWS_MAX_ATTEMPTS"}
    proc = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"scan failed: {proc.stderr.strip().splitlines()[-3:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


NETWORK_CONCURRENCY = 64  # what the network floor assumes: calls in flight at once


def proxy_rows(endpoint: str, n: int, latency_ms: float, services: str, faults: bool,
               work: Path, processes: list[int]) -> Iterator[str]:
    """Record, then measure through the proxy (and again under faults); one printed line per run."""
    from ssrm.demo.proxy import ProxyProcess

    with ProxyProcess(endpoint, latency_ms) as proxy:
        proxy.configure(latency=0.0, replay=False, record=True)
        run_child(proxy.url, 0, services)  # the recording pass
        proxy.configure(latency=latency_ms / 1000, replay=True, record=False)
        no_faults: dict[str, float] = {}
        runs = [("clean" if count == 1 else f"{count}proc", count, no_faults) for count in processes]
        if faults:
            runs.append(("faults", processes[0], {"throttle": 0.10, "server_error": 0.03, "reset": 0.01}))
        baseline: dict[str, str] | None = None
        for label, count, settings in runs:
            proxy.configure(**{"throttle": 0.0, "server_error": 0.0, "reset": 0.0, **settings})
            proxy.reset_stats()
            verdict_file = work / f"verdicts-{n}-{label}.json"
            r = run_child(proxy.url, 0, services, verdict_file, count)
            stats = proxy.stats()
            verdicts: dict[str, str] = json.loads(verdict_file.read_text())
            changed = "-" if baseline is None else str(sum(
                1 for key in verdicts.keys() | baseline.keys() if verdicts.get(key) != baseline.get(key)))
            baseline = verdicts if baseline is None else baseline
            calls = stats["requests"]
            effective = calls * latency_ms / 1000 / r["wall_seconds"]
            network_floor = calls * latency_ms / 1000 / NETWORK_CONCURRENCY
            # N processes can spread the CPU over up to N cores.
            floor = max(r["cpu_seconds"] / min(count, os.cpu_count() or 1), network_floor, r["rate_floor"])
            faults_seen = ",".join(f"{k}={v}" for k, v in sorted(stats["faults"].items())) or "-"
            yield (
                f"{n:>6} {label:>6} {r['resources']:>9} {r['wall_seconds']:>7.1f} {calls:>6} "
                f"{stats['peak_in_flight']:>5} {effective:>6.1f} {r['cpu_seconds']:>6.1f} "
                f"{1000 * r['cpu_seconds'] / max(calls, 1):>8.2f} {r['peak_rss_mb']:>7} {floor:>6.1f} "
                f"{r['wall_seconds'] / floor:>5.2f} {r['calls_per_bucket']:>6} {r['gaps']:>4} {len(verdicts):>8} "
                f"{changed:>7}  {faults_seen}")
            if r["gaps"]:
                yield f"       gaps: {r['gap_list']}"


def run_peer(command: str, proxy_url: str, out: Path) -> dict[str, float]:
    """Run a peer tool's command line (``{out}`` becomes a scratch directory) against the proxy."""
    import shlex

    from ssrm.demo.server import DEMO_ENV

    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **DEMO_ENV, "AWS_ENDPOINT_URL": proxy_url}
    env.pop("AWS_MAX_ATTEMPTS", None)  # the peer's own retry policy
    argv = ["/usr/bin/time", "-f", "TIME %e %U %S %M", *shlex.split(command.replace("{out}", str(out)))]
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False, stdin=subprocess.DEVNULL)
    line = next((x for x in proc.stderr.splitlines() if x.startswith("TIME ")), "")
    if not line:
        raise RuntimeError(f"peer failed: {proc.stderr.strip().splitlines()[-3:]}")
    wall, user, system, peak_kb = (float(v) for v in line.split()[1:5])
    return {"wall": wall, "cpu": user + system, "peak_mb": peak_kb / 1024, "exit": proc.returncode}


def peer_rows(endpoint: str, n: int, latency_ms: float, peers: list[str], work: Path) -> Iterator[str]:
    """Each peer through the same proxy: a recording run, then the measured run at ``latency_ms``."""
    from ssrm.demo.proxy import ProxyProcess

    for spec in peers:
        name, _, command = spec.partition("=")
        with ProxyProcess(endpoint, latency_ms) as proxy:
            proxy.configure(latency=0.0, replay=False, record=True)
            run_peer(command, proxy.url, work / f"{name}-record")
            proxy.configure(latency=latency_ms / 1000, replay=True, record=False)
            proxy.reset_stats()
            r = run_peer(command, proxy.url, work / f"{name}-measured")
            stats = proxy.stats()
        calls = stats["requests"]
        active = max(stats["last_reply"] - stats["first_request"], 1e-3)
        yield (f"{n:>6} {name:>10} exit {r['exit']:.0f}: wall {r['wall']:.1f} s (first to last call "
               f"{active:.1f} s), calls {calls}, peak in flight {stats['peak_in_flight']}, effective "
               f"concurrency {calls * latency_ms / 1000 / r['wall']:.1f}, CPU {r['cpu']:.1f} s "
               f"({1000 * r['cpu'] / max(calls, 1):.2f} ms/call), peak {r['peak_mb']:.0f} MB, "
               f"forwarded (not in the recording) {stats['forwarded']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--latency-ms", type=float, default=60.0)
    parser.add_argument("--services", default="", help="collectors to run (comma separated); default: all")
    parser.add_argument("--proxy", action="store_true", help="measure through a real network hop")
    parser.add_argument("--faults", action="store_true", help="with --proxy: also scan under injected faults")
    parser.add_argument("--peer", action="append", default=[], metavar="NAME=COMMAND",
                        help="with --proxy: also run a peer tool's command ({out}: a scratch directory)")
    parser.add_argument("--skip-ssrm", action="store_true", help="with --peer: measure only the peers")
    parser.add_argument("--child-endpoint", help=argparse.SUPPRESS)
    parser.add_argument("--child-verdicts", help=argparse.SUPPRESS)
    parser.add_argument("--processes", default="1", help="with --proxy: scan once per value (comma separated) "
                        "with the collection spread over that many worker processes")
    args = parser.parse_args()
    processes = [int(p) for p in args.processes.split(",") if p.strip()] or [1]
    if args.child_endpoint:
        child(args.child_endpoint, args.latency_ms, args.services, args.child_verdicts, processes[0])
        return
    from ssrm.demo.server import emulator

    sizes = [int(s) for s in args.sizes.split(",")]
    if args.proxy:
        import tempfile

        print(f"scan benchmark through a proxy: {args.latency_ms:.0f} ms per call on a real socket, one region, "
              f"services: {args.services or 'all'}")
        print(f"{'N':>6} {'run':>6} {'collected':>9} {'wall s':>7} {'calls':>6} {'peak':>5} {'eff.c':>6} "
              f"{'CPU s':>6} {'CPU ms/c':>8} {'peakMB':>7} {'floor':>6} {'x fl':>5} {'c/bkt':>6} {'gaps':>4} "
              f"{'verdicts':>8} {'changed':>7}  faults")
        with tempfile.TemporaryDirectory() as work:
            for n in sizes:
                with emulator() as endpoint:
                    planting = time.perf_counter()
                    plant(endpoint, n)
                    print(f"# {n}: planted in {time.perf_counter() - planting:.0f} s", flush=True)
                    if not args.skip_ssrm:
                        for row in proxy_rows(endpoint, n, args.latency_ms, args.services, args.faults, Path(work),
                                              processes):
                            print(row, flush=True)
                    for row in peer_rows(endpoint, n, args.latency_ms, args.peer, Path(work)):
                        print(row, flush=True)
        return

    print(f"scan benchmark: {args.latency_ms:.0f} ms injected per API call, one region, child process measured")
    print(f"{'N':>6} {'planted':>8} {'collected':>9} {'wall s':>7} {'calls':>6} {'in flight':>9} "
          f"{'calls/bucket':>12} {'CPU s':>6} {'peak MB':>8}")
    for n in sizes:
        with emulator() as endpoint:
            mix = plant(endpoint, n)
            try:
                r = run_child(endpoint, args.latency_ms, args.services)
            except RuntimeError as exc:
                print(f"{n:>6} {exc}")
                continue
        print(f"{n:>6} {sum(mix.values()):>8} {r['resources']:>9} {r['wall_seconds']:>7.1f} {r['api_calls']:>6} "
              f"{r['max_in_flight']:>9} {r['calls_per_bucket']:>12} {r['cpu_seconds']:>6} {r['peak_rss_mb']:>8}")


if __name__ == "__main__":
    main()
