"""How many ``ssrm.iam.can`` evaluations per second on a synthetic account.

Run: ``.venv/bin/python benchmarks/iam_eval.py [--principals N] [--seconds S]``
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

from ssrm.iam import Principal, ResourceRef, can, parse_policy
from ssrm.iam.policy import Policy

ACCOUNT = "111122223333"
OTHER = "444455556666"
ACTIONS = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "iam:PassRole",
    "iam:CreateAccessKey",
    "ec2:RunInstances",
    "lambda:InvokeFunction",
    "kms:Decrypt",
    "sts:AssumeRole",
    "dynamodb:GetItem",
    "secretsmanager:GetSecretValue",
    "iam:AttachUserPolicy",
    "ssm:SendCommand",
    "logs:PutLogEvents",
]


def _shared_policies() -> list[Policy]:
    """Managed policies shared by many principals, parsed once as a real caller would."""
    documents: list[dict[str, Any]] = [
        {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}},
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["s3:Get*", "s3:List*", "dynamodb:Get*", "ec2:Describe*"],
                    "Resource": "*",
                },
                {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::secret-*/*"},
            ]
        },
        {
            "Statement": [
                {"Effect": "Allow", "Action": "s3:*", "Resource": [f"arn:aws:s3:::bucket-{i}/*" for i in range(20)]},
                {
                    "Effect": "Allow",
                    "Action": "iam:PassRole",
                    "Resource": f"arn:aws:iam::{ACCOUNT}:role/app-*",
                    "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
                },
            ]
        },
        {
            "Statement": {
                "Effect": "Allow",
                "NotAction": ["iam:*", "organizations:*"],
                "Resource": "*",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            }
        },
        {
            "Statement": [
                {"Effect": "Allow", "Action": ["lambda:InvokeFunction", "logs:*"], "Resource": "*"},
                {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{OTHER}:role/*"},
            ]
        },
    ]
    return [parse_policy(doc, "identity", f"managed-{i}") for i, doc in enumerate(documents)]


def _principals(count: int, rng: random.Random) -> list[Principal]:
    shared = _shared_policies()
    boundary = parse_policy(
        {"Statement": {"Effect": "Allow", "Action": ["s3:*", "logs:*"], "Resource": "*"}}, "boundary", "boundary"
    )
    scp = parse_policy(
        {
            "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"},
                {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
            ]
        },
        "scp",
        "guardrails",
    )
    principals = []
    for index in range(count):
        kind = "user" if index % 2 else "role"
        principals.append(
            Principal(
                arn=f"arn:aws:iam::{ACCOUNT}:{kind}/p{index}",
                identity_policies=rng.sample(shared, k=rng.randint(1, 3)),
                permissions_boundary=boundary if index % 7 == 0 else None,
                scps=[scp],
            )
        )
    return principals


def _resources() -> list[ResourceRef | str]:
    bucket_policy = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::bucket-1/*",
            },
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": "arn:aws:s3:::bucket-1/*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ]
    }
    return [
        ResourceRef("arn:aws:s3:::bucket-1/data.csv", account=ACCOUNT, policy=bucket_policy),
        f"arn:aws:iam::{ACCOUNT}:role/app-web",
        f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f1",
        "arn:aws:s3:::secret-vault/k",
        f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234",
        "*",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--principals", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    rng = random.Random(7)
    started = time.perf_counter()
    principals = _principals(args.principals, rng)
    resources = _resources()
    setup = time.perf_counter() - started
    requests = [(rng.choice(principals), rng.choice(ACTIONS), rng.choice(resources)) for _ in range(50_000)]
    for principal, action, resource in requests[:5000]:  # warm the per-policy caches
        can(principal, action, resource)
    done = 0
    allowed = 0
    cpu_started = time.process_time()
    started = time.perf_counter()
    deadline = started + args.seconds
    while time.perf_counter() < deadline:
        for principal, action, resource in requests:
            allowed += can(principal, action, resource).allowed
        done += len(requests)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(f"{args.principals} principals built in {setup:.2f} s")
    rate = done / elapsed
    print(f"{done} evaluations in {elapsed:.2f} s: {rate:,.0f} evaluations/second ({allowed / done:.0%} allowed)")
    # On a shared machine wall time includes waiting for a core; CPU time is the evaluator's own cost.
    print(f"per CPU-second: {done / cpu:,.0f} evaluations ({cpu * 1e6 / done:.1f} us each)")


if __name__ == "__main__":
    main()
