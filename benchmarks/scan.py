"""Scan benchmark: plant N ordinary resources in the emulator, scan with real-AWS-like latency, print figures.

    .venv/bin/python benchmarks/scan.py                 # N = 100, 1000, 5000; 60 ms injected per call
    .venv/bin/python benchmarks/scan.py --sizes 1000 --latency-ms 0

The emulator answers in about a millisecond where AWS takes tens, so every call gets ``--latency-ms`` of
sleep through a botocore ``before-send`` hook; concurrency is what hides it. The scan runs in a child
process so that its peak memory (max RSS) is measured apart from the emulator's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REGION = "us-east-1"


def plant(endpoint: str, n: int) -> dict[str, int]:
    """An ordinary account of about ``n`` resources: buckets, identities, network, queues, compute."""
    from ssrm.demo.world import DemoWorld

    world = DemoWorld(endpoint)
    s3, iam, ec2, sqs = (world.client(s, REGION) for s in ("s3", "iam", "ec2", "sqs"))
    mix = {"buckets": int(n * 0.4), "roles": int(n * 0.1), "users": int(n * 0.1), "security_groups": int(n * 0.15),
           "queues": int(n * 0.1), "instances": int(n * 0.1), "volumes": int(n * 0.05)}
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    image = ec2.describe_images(Owners=["amazon"], MaxResults=5)["Images"][0]["ImageId"]

    def bucket(i: int) -> None:
        s3.create_bucket(Bucket=f"bench-bucket-{i:05d}")
        if i % 3 == 0:
            s3.put_bucket_versioning(Bucket=f"bench-bucket-{i:05d}", VersioningConfiguration={"Status": "Enabled"})

    jobs = [
        *(lambda i=i: bucket(i) for i in range(mix["buckets"])),
        *(lambda i=i: iam.create_role(RoleName=f"bench-role-{i}", AssumeRolePolicyDocument=trust)
          for i in range(mix["roles"])),
        *(lambda i=i: iam.create_user(UserName=f"bench-user-{i}") for i in range(mix["users"])),
        *(lambda i=i: ec2.create_security_group(GroupName=f"bench-sg-{i}", Description="bench", VpcId=vpc)
          for i in range(mix["security_groups"])),
        *(lambda i=i: sqs.create_queue(QueueName=f"bench-queue-{i}") for i in range(mix["queues"])),
        *(lambda i=i: ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8) for i in range(mix["volumes"])),
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda job: job(), jobs))
    left = mix["instances"]
    while left > 0:
        batch = min(left, 100)
        ec2.run_instances(ImageId=image, MinCount=batch, MaxCount=batch, SubnetId=subnet, InstanceType="t3.micro")
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
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
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
