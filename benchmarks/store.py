"""History store speed: keep a run of 50 000 findings, diff two such runs, and answer the dashboard's
findings page with many runs in the store.

Run: ``.venv/bin/python benchmarks/store.py [--findings 50000] [--runs 100] [--per-run 10000] [--url URL]``
(default store: a fresh SQLite file in a temporary directory; ``--url postgresql://...`` for PostgreSQL,
whose schema must be empty).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

ACCOUNT = "111122223333"
SEVERITIES = ("critical", "high", "medium", "low", "info")
LAYERS = ("cloud", "networks", "hosts", "apps")
TEAMS = ("payments", "web", "data", "platform")


def finding(i: int, status: str) -> dict[str, Any]:
    region = ("us-east-1", "eu-west-1")[i % 2]
    return {"rule_id": f"rule_{i % 300:03d}", "title": f"Rule {i % 300} holds", "status": status,
            "severity": SEVERITIES[i % 5], "layer": LAYERS[i % 4], "domain": "data", "stage": "control",
            "attack": [], "resource_arn": f"arn:aws:s3:::bucket-{i // 300:06d}", "resource_id": f"bucket-{i // 300}",
            "resource_name": "", "resource_type": "AWS::S3::Bucket", "region": region, "account": ACCOUNT,
            "reason": "synthetic", "remediation": {"text": "fix it"}, "tags": {"team": TEAMS[i % 4]},
            "origin": "aws", "muted_reason": None, "compliance": []}


def document(n: int, seed: int, flip: float = 0.0) -> dict[str, Any]:
    rng = random.Random(seed)
    findings = []
    for i in range(n):
        fail = (i % 3 == 0) != (rng.random() < flip)
        findings.append(finding(i, "FAIL" if fail else "PASS"))
    layers = {layer: {"score": rng.uniform(40, 90), "phase": "quick-wins", "domains": {}} for layer in LAYERS}
    return {"account": ACCOUNT, "regions": ["us-east-1", "eu-west-1"], "assessed_at": None, "gaps": [],
            "stats": {"resources": n // 300, "rules_evaluated": 300}, "overall": {"score": rng.uniform(40, 90)},
            "layers": layers, "paths": [], "plan": [], "findings": findings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--findings", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--per-run", type=int, default=10_000)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from ssrm.drift.diff import diff_runs
    from ssrm.serve.app import create_app
    from ssrm.store import open_store

    url = args.url or str(Path(tempfile.mkdtemp(prefix="ssrm-bench-")) / "history.db")
    store = open_store(url)
    print(f"store: {store.label}")

    first, second = document(args.findings, 1), document(args.findings, 2, flip=0.05)
    # Wall time, and this process's CPU time: on a shared machine the second is the figure that does not
    # depend on the neighbours (for SQLite it is all the work; PostgreSQL works in its own process too).
    t, c = time.perf_counter(), time.process_time()
    a = store.record(first, source="live")
    keep_one, keep_cpu = time.perf_counter() - t, time.process_time() - c
    b = store.record(second, source="live")
    t, c = time.perf_counter(), time.process_time()
    d = diff_runs(store, store.run(a.id), store.run(b.id))  # type: ignore[arg-type]
    diff_s, diff_cpu = time.perf_counter() - t, time.process_time() - c
    print(f"keep a run of {args.findings} findings: {keep_one:.2f} s wall, {keep_cpu:.2f} s CPU")
    print(f"diff two runs of {args.findings} findings: {diff_s:.2f} s wall, {diff_cpu:.2f} s CPU ({d.counts()})")

    t = time.perf_counter()
    for k in range(args.runs):
        store.record(document(args.per_run, 100 + k, flip=0.02), source="live")
    fill_s = time.perf_counter() - t
    print(f"filled {args.runs} runs x {args.per_run} findings in {fill_s:.1f} s "
          f"({args.runs * args.per_run / fill_s:,.0f} findings/s)")

    client = TestClient(create_app(open_store(url, readonly=True)))
    latest = store.runs(limit=1)[0].id
    pages = {"default (failing, newest run)": "/findings",
             "severity=high": "/findings?severity=high",
             "team+text": "/findings?team=payments&q=bucket-00001",
             "page 20": "/findings?page=20",
             "API, one page": f"/api/runs/{latest}/findings?status=FAIL&limit=100"}
    for label, path in pages.items():
        times, cpu = [], []
        for _ in range(7):
            t, c = time.perf_counter(), time.process_time()
            answer = client.get(path)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            assert answer.status_code == 200, answer.text[:200]
        print(f"dashboard {label}: median {statistics.median(times):.0f} ms wall "
              f"({statistics.median(cpu):.0f} ms CPU), max {max(times):.0f} ms")
    t = time.perf_counter()
    assert client.get("/").status_code == 200
    print(f"dashboard overview (trend of {min(60, args.runs + 2)} runs): {(time.perf_counter() - t) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
