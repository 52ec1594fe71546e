"""The detection run: batches of log objects in, alerts out. Memory is bounded by the batch size."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from ssrm.detect import baseline, flows, instance_creds, matching
from ssrm.detect.checkpoint import Checkpoint
from ssrm.detect.ingest import Loader
from ssrm.detect.posture import PostureIndex
from ssrm.detect.ruleset import Ruleset
from ssrm.detect.sources import LogObject, Spool, in_window
from ssrm.model import Severity, Stage
from ssrm.model.alert import Alert, Evidence


@dataclass
class Options:
    since: datetime | None = None
    until: datetime | None = None
    batch_bytes: int = 32 << 20  # compressed input per batch
    threads: int = 2
    memory_limit: str = "3GB"
    baselines: bool = True
    learn_only: bool = False
    baseline: baseline.BaselineConfig = field(default_factory=baseline.BaselineConfig)
    flow: flows.FlowConfig = field(default_factory=flows.FlowConfig)
    posture: PostureIndex | None = None
    instance: instance_creds.InstanceCredentialConfig = field(default_factory=instance_creds.InstanceCredentialConfig)


@dataclass
class Stats:
    objects: int = 0
    events: int = 0
    flow_records: int = 0
    batches: int = 0
    rule_hits: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    #: records read but not judged, by reason (no id, no readable time, unreadable line, flow line unusable)
    skipped_events: dict[str, int] = field(default_factory=dict)
    #: medium and milder rule alerts not raised because the principal does this routinely (by rule)
    routine: dict[str, int] = field(default_factory=dict)

    def skip(self, counts: dict[str, int]) -> None:
        for reason, n in counts.items():
            if n:
                self.skipped_events[reason] = self.skipped_events.get(reason, 0) + n

    def as_dict(self) -> dict[str, Any]:
        return {
            "objects": self.objects, "events": self.events, "flow_records": self.flow_records,
            "batches": self.batches, "rule_hits": self.rule_hits, "seconds": round(self.seconds, 2),
            "problems": self.problems, "skipped_events": dict(self.skipped_events),
            "routine_not_raised": dict(self.routine),
        }


def batches(objs: list[LogObject], budget: int) -> list[list[LogObject]]:
    out: list[list[LogObject]] = []
    cur: list[LogObject] = []
    size = 0
    for o in objs:
        if cur and size + o.size > budget:
            out.append(cur)
            cur, size = [], 0
        cur.append(o)
        size += o.size
    if cur:
        out.append(cur)
    return out


INFLATION = 12  # a gzipped CloudTrail file inflates about eight to ten times


class Detector:
    """Holds one DuckDB connection (the baseline state file, if any) for a whole run or follow session."""

    def __init__(self, ruleset: Ruleset, options: Options, state: Path | None = None,
                 s3_client: Any | None = None) -> None:
        self.ruleset = ruleset
        self.opt = options
        self.con = duckdb.connect(str(state) if state else ":memory:")
        self.con.execute(f"SET threads = {int(options.threads)}")
        self.con.execute(f"SET memory_limit = '{options.memory_limit}'")
        self.con.execute("SET TimeZone = 'UTC'")
        self.con.execute("SET preserve_insertion_order = false")
        matching.create_tables(self.con)
        baseline.create_tables(self.con)
        flows.create_tables(self.con, options.flow)
        instance_creds.create_tables(self.con)
        if options.instance.context is not None:
            instance_creds.set_instance_roles(self.con, options.instance.context.instance_roles)
        self.loader = Loader(self.con, workers=max(2, options.threads),
                             columns=ruleset.columns() | instance_creds.COLUMNS,
                             spool_bytes=options.batch_bytes * INFLATION)
        self.spool = Spool(s3_client)
        self.stats = Stats()

    def close(self) -> None:
        self.loader.close()
        self.spool.close()
        self.con.close()

    def run(self, objs: list[LogObject], checkpoint: Checkpoint | None = None,
            progress: Callable[[Stats], None] | None = None) -> None:
        """Process objects batch by batch; the checkpoint advances only after a batch is fully processed."""
        start = time.perf_counter()
        todo = [o for o in objs if in_window(o, self.opt.since, self.opt.until)]
        if checkpoint is not None:
            todo = checkpoint.pending(todo)
        for batch in batches(todo, self.opt.batch_bytes):
            self._batch(batch)
            if checkpoint is not None:
                checkpoint.mark(batch)
                checkpoint.save()
            if progress:
                progress(self.stats)
        self.stats.seconds += time.perf_counter() - start

    def _batch(self, batch: list[LogObject]) -> None:
        local: list[tuple[str, Path]] = []
        for obj, path, problem in self.spool.fetch(batch):
            if problem or path is None:
                self.stats.problems.append(f"{obj.uri}: {problem}")
            else:
                local.append((obj.uri, path))
        result = self.loader.load(local, self.opt.since, self.opt.until)
        self.stats.objects += len(batch)
        self.stats.batches += 1
        self.stats.events += result.events
        self.stats.problems.extend(f"{p.uri}: {p.reason}" for p in result.problems)
        self.stats.skip(result.skipped)
        if result.events:
            if not self.opt.learn_only:
                self.stats.rule_hits += matching.match_batch(self.con, self.ruleset)
                instance_creds.observe(self.con)
                if self.opt.flow.bad_networks:
                    self.con.execute(
                        "INSERT INTO hits SELECT 'ssrm_ct_bad_address', event_id, event_time, principal, account, "
                        f"aws_region, net, {matching.SUMMARY_SQL}, {matching.API_SQL} "
                        f"FROM ({flows.cloudtrail_bad_address_sql()}) x "
                        "JOIN ct USING (event_id)"
                    )
            if self.opt.baselines:
                baseline.observe(self.con, self.opt.baseline, learn_only=self.opt.learn_only)
                baseline.capture_evidence(self.con)
        if result.flow_files:
            n, problems = flows.load(self.con, result.flow_files)
            self.stats.flow_records += n
            self.stats.problems.extend(f"{u}: {p}" for u, p in problems)
            if n and not self.opt.learn_only:
                flows.detect_batch(self.con, self.opt.flow)
            for _, p in result.flow_files:
                p.unlink(missing_ok=True)
        for _, path in local:
            self.spool.release(path)

    def alerts(self) -> list[Alert]:
        """Alerts from everything processed since the last call, ranked; the pending tables are then cleared."""
        out: list[Alert] = []
        if not self.opt.learn_only:
            routine = self.stats.routine if self.opt.baselines else None
            out.extend(matching.rule_alerts(self.con, self.ruleset, extra=BUILTIN, routine=routine))
            out.extend(matching.correlation_alerts(self.con, self.ruleset, routine=routine))
            out.extend(matching.attempt_alerts(self.con, self.ruleset))
            out.extend(flows.flow_alerts(self.con))
            out.extend(instance_creds.alerts(self.con, self.opt.instance))
            for note in self.opt.instance.notes:
                if note not in self.stats.problems:
                    self.stats.problems.append(note)
            if self.opt.baselines:
                out.extend(baseline.anomaly_alerts(self.con, self.opt.baseline))
        if self.opt.baselines:
            baseline.expire(self.con, self.opt.baseline)
        for table in ("hits", "corr_hits", "flow_hits", "novel", "vol_touched", "denied_buckets", "ic_seen",
                      "ic_people", "attempts"):
            self.con.execute(f"DELETE FROM {table}")
        if self.opt.posture is not None:
            out = [self.opt.posture.apply(a) for a in out]
        out.sort(key=lambda a: a.sort_key)
        return out


BUILTIN = {
    "ssrm_ct_bad_address": matching.BuiltinMeta(
        title="API call from a listed bad address", severity=Severity.HIGH, stage=Stage.INITIAL_ACCESS,
        attack=("T1078.004",),
    ),
}

__all__ = ["BUILTIN", "Detector", "Evidence", "Options", "Stats", "batches"]
