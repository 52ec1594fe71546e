"""Detection throughput: N synthetic CloudTrail events with attacks mixed in, raw read rate vs. full detection.

    .venv/bin/python benchmarks/detect.py            # half a million events (a couple of minutes)
    .venv/bin/python benchmarks/detect.py 3          # 3 million
    .venv/bin/python benchmarks/detect.py 0.2 --workdir /tmp/ssrm-bench
    .venv/bin/python benchmarks/detect.py 1 --spark   # also the Spark engine (local[2]; needs the spark extra)

Prints events per second (wall), events per CPU-second (robust to a busy machine), and peak RSS per phase.
For Spark, the CPU and peak RSS are the Python driver's plus the JVM's (read from /proc before it stops).
Each phase runs in its own process so peak memory is its own. Generated files are reused between runs.
One event in ATTACK_EVERY is an attack (every bundled rule's matching examples, replayed by an intruder), so
the alerting path is measured too; the detection line reports how many alerts came out.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from ssrm.detect import synthetic

PER_FILE = 5000
ATTACK_EVERY = 5000


def attack_templates() -> list[str]:
    """Every bundled rule's matching examples as full records by an intruder, JSON with a time placeholder."""
    import yaml

    from ssrm.detect.ruleset import bundled_rule_files

    intruder = {"type": "IAMUser", "principalId": "AIDAINTRUDER", "arn": f"arn:aws:iam::{synthetic.ACCOUNT}:user/x",
                "accountId": synthetic.ACCOUNT, "accessKeyId": "AKIAINTRUDER0000001", "userName": "x"}
    out = []
    for _, text in bundled_rule_files():
        for doc in yaml.safe_load_all(text):
            for ex in ((doc or {}).get("ssrm", {}).get("examples") or {}).get("match", []):
                rec = {"eventVersion": "1.09", "userIdentity": dict(intruder), "eventTime": "@T@",
                       "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.66", "userAgent": "python-requests/2",
                       "eventID": "@I@", "recipientAccountId": synthetic.ACCOUNT}
                for key, value in ex.items():
                    rec[key] = {**rec[key], **value} if key == "userIdentity" else value
                out.append(json.dumps(rec, separators=(",", ":")))
    return out


def generate(root: Path, n: int) -> None:
    """Write ``n`` events as CloudTrail files; templates with fresh ids and times keep this fast."""
    marker = root / f".complete-{n}-attacks-aws-egress"
    if marker.exists():
        return
    rnd = random.Random(3)
    people = synthetic.population(120)
    start = datetime(2026, 10, 1)
    templates = []
    for i in range(4000):
        p = people[i % len(people)]
        rec = synthetic.event(p, start, rnd)
        rec["eventTime"] = "@T@"
        rec["eventID"] = "@I@"
        templates.append(json.dumps(rec, separators=(",", ":")).split('"@T@"'))
    attacks = [t.split('"@T@"') for t in attack_templates()]
    step = timedelta(days=14) / n
    written = 0
    file_no = 0
    while written < n:
        count = min(PER_FILE, n - written)
        t0 = start + step * written
        folder = root / "AWSLogs" / synthetic.ACCOUNT / "CloudTrail" / "us-east-1" / t0.strftime("%Y/%m/%d")
        folder.mkdir(parents=True, exist_ok=True)
        parts = []
        for j in range(count):
            k = written + j
            head, tail = (attacks[(k // ATTACK_EVERY) % len(attacks)] if k % ATTACK_EVERY == ATTACK_EVERY // 2
                          else templates[k % len(templates)])
            when = (start + step * k).strftime('"%Y-%m-%dT%H:%M:%SZ"')
            eid = f'"{k:08x}-0000-4000-8000-{rnd.getrandbits(48):012x}"'
            parts.append(head + when + tail.replace('"@I@"', eid))
        body = '{"Records":[' + ",".join(parts) + "]}"
        name = f"{synthetic.ACCOUNT}_CloudTrail_us-east-1_{t0:%Y%m%dT%H%M}Z_{file_no:06d}.json.gz"
        (folder / name).write_bytes(gzip.compress(body.encode(), compresslevel=1))
        written += count
        file_no += 1
    marker.touch()


def phase(kind: str, root: Path, batch_mb: int) -> dict[str, float]:
    from ssrm.detect.engine import Detector, Options
    from ssrm.detect.ingest import Loader
    from ssrm.detect.ruleset import load_ruleset
    from ssrm.detect.sources import list_objects

    objs = list_objects([str(root)])
    wall0, cpu0 = time.perf_counter(), time.process_time()
    if kind == "read":
        import duckdb

        from ssrm.detect.engine import INFLATION, batches

        con = duckdb.connect()
        con.execute("SET threads = 2")
        loader = Loader(con, spool_bytes=(batch_mb << 20) * INFLATION)  # the same spool as detection
        events = 0
        for batch in batches(objs, batch_mb << 20):
            events += loader.load([(o.uri, Path(o.uri)) for o in batch]).events
        loader.close()
        alerts = 0
        rules = 0
    else:
        from ssrm.detect import awsranges
        from ssrm.detect.instance_creds import InstanceCredentialConfig

        ruleset = load_ruleset()
        rules = len(ruleset)
        # as `ssrm detect` runs by default: the shipped AWS ranges judge instance sessions' addresses
        instance = InstanceCredentialConfig(ranges_loader=awsranges.bundled)
        det = Detector(ruleset, Options(batch_bytes=batch_mb << 20, threads=2, instance=instance))
        det.run(objs)
        alerts = len(det.alerts())
        events = det.stats.events
        det.close()
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"events": events, "wall": wall, "cpu": cpu, "peak_mb": peak, "alerts": alerts, "rules": rules}


def _jvm_usage(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) and peak RSS in MB of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    peak = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                if line.startswith("VmHWM:")) / 1024
    return cpu, peak


def spark_phase(root: Path) -> dict[str, float]:
    """The Spark engine as ``ssrm detect --engine spark`` runs it (local[2]): read, every rule, correlations."""
    from ssrm.detect import spark as engine
    from ssrm.detect.ruleset import load_ruleset

    wall0, cpu0 = time.perf_counter(), time.process_time()
    session = engine.session("local[2]")
    pid = int(session.sparkContext._jvm.ProcessHandle.current().pid())
    jvm_cpu0, _ = _jvm_usage(pid)
    ready = time.perf_counter()
    ruleset = load_ruleset()
    frame, _ = engine.load_ct(session, [str(root)])
    events = frame.count()
    alerts = len(engine.alerts(session, ruleset))
    jvm_cpu, jvm_peak = _jvm_usage(pid)
    session.stop()
    wall = time.perf_counter() - ready
    cpu = time.process_time() - cpu0 + jvm_cpu - jvm_cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 + jvm_peak
    return {"events": events, "wall": wall, "cpu": cpu, "peak_mb": peak, "alerts": alerts, "rules": len(ruleset),
            "startup": ready - wall0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("millions", nargs="?", type=float, default=0.5, help="events, in millions (default 0.5)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/ssrm-detect-bench"))
    ap.add_argument("--batch-mb", type=int, default=32)
    ap.add_argument("--spark", action="store_true", help="also run the Spark engine (local[2])")
    ap.add_argument("--phase", choices=["read", "detect", "spark"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    n = int(args.millions * 1_000_000)
    root = args.workdir / f"n{n}"
    if args.phase:
        result = spark_phase(root) if args.phase == "spark" else phase(args.phase, root, args.batch_mb)
        print(json.dumps(result))
        return
    t = time.perf_counter()
    generate(root, n)
    size = sum(p.stat().st_size for p in root.rglob("*.json.gz"))
    print(f"data: {n:,} events, {size / 1e6:.0f} MB gzipped in {root} (ready in {time.perf_counter() - t:.1f} s)")
    print(f"machine: {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.1f}")
    rates: dict[str, float] = {}
    for kind in ("read", "detect", "spark") if args.spark else ("read", "detect"):
        out = subprocess.run([sys.executable, __file__, str(args.millions), "--workdir", str(args.workdir),
                              "--batch-mb", str(args.batch_mb), "--phase", kind],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        label = {"read": "raw read (gunzip + parse + columns)",
                 "detect": f"detection ({r['rules']} rules + baselines)",
                 "spark": f"spark local[2] ({r['rules']} rules, no baselines)"}[kind]
        print(f"{label:45s} {r['events'] / r['wall']:>10,.0f} events/s wall   "
              f"{r['events'] / r['cpu']:>10,.0f} events/CPU-s   peak {r['peak_mb']:,.0f} MB   "
              f"({r['events']:,} events, {r['wall']:.1f} s, alerts {r['alerts']})")
        if kind == "spark":
            print(f"{'':45s} (JVM start {r['startup']:.1f} s not counted; read twice: count, then one rule pass)")
        rates[kind] = r["events"] / r["cpu"]
    print(f"detection costs {rates['read'] / rates['detect']:.2f}x the raw read per CPU-second "
          f"(goal: within 2x; 200,000 events/s on 2 cores means 100,000 per CPU-second)")


if __name__ == "__main__":
    main()
