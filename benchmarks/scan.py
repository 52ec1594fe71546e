"""Scan benchmark: plant N ordinary resources in the emulator, scan with real-AWS-like latency, print figures.

    .venv/bin/python benchmarks/scan.py                 # N = 100, 1000, 5000; 60 ms injected per call
    .venv/bin/python benchmarks/scan.py --sizes 1000 --latency-ms 0

The emulator answers in about a millisecond where AWS takes tens, so every call gets ``--latency-ms`` of
sleep through a botocore ``before-send`` hook; concurrency is what hides it. The scan runs in a child
process so that its peak memory is measured apart from the emulator's: the child's own high-water mark
(VmHWM), not ``ru_maxrss``, which on Linux inherits the parent's peak across fork and exec and so reported
the emulator's size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
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


def child(endpoint: str, latency_ms: float) -> None:
    """Runs in its own process: scan, then print one JSON line of figures."""
    from ssrm.sources.aws.collectors import ALL_COLLECTORS
    from ssrm.sources.aws.runner import scan
    from ssrm.sources.aws.session import ConnectOptions

    options = ConnectOptions(region=REGION, endpoint_url=endpoint, latency_seconds=latency_ms / 1000)
    inventory = scan(options, ALL_COLLECTORS, regions=[REGION])
    s3_calls = {k: v for k, v in inventory.stats.calls_by_api.items() if k.startswith("s3:")}
    buckets = len(inventory.of_type("AWS::S3::Bucket"))
    per_bucket = (sum(s3_calls.values()) - s3_calls.get("s3:ListBuckets", 0)) / buckets if buckets else 0.0
    print(json.dumps({
        "resources": len(inventory.resources),
        "wall_seconds": inventory.stats.wall_seconds,
        "api_calls": inventory.stats.total_calls,
        "max_in_flight": inventory.stats.max_in_flight,
        "calls_per_bucket": round(per_bucket, 2),
        "gaps": len(inventory.gaps),
        "peak_rss_mb": peak_rss_mb(),
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--latency-ms", type=float, default=60.0)
    parser.add_argument("--child-endpoint", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_endpoint:
        child(args.child_endpoint, args.latency_ms)
        return
    from ssrm.demo.server import emulator

    print(f"scan benchmark: {args.latency_ms:.0f} ms injected per API call, one region, child process measured")
    print(f"{'N':>6} {'planted':>8} {'collected':>9} {'wall s':>7} {'calls':>6} {'in flight':>9} "
          f"{'calls/bucket':>12} {'peak MB':>8}")
    for n in (int(s) for s in args.sizes.split(",")):
        with emulator() as endpoint:
            mix = plant(endpoint, n)
            proc = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child-endpoint", endpoint,
                 "--latency-ms", str(args.latency_ms)],
                capture_output=True, text=True, env=dict(os.environ), check=False,
            )
        if proc.returncode != 0:
            print(f"{n:>6} scan failed: {proc.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"{n:>6} {sum(mix.values()):>8} {r['resources']:>9} {r['wall_seconds']:>7.1f} {r['api_calls']:>6} "
              f"{r['max_in_flight']:>9} {r['calls_per_bucket']:>12} {r['peak_rss_mb']:>8}")


if __name__ == "__main__":
    main()
