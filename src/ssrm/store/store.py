"""The history store: record runs, read them back, keep each finding's life across runs, prune.

A run is written in two steps so that a run killed half-way can never look clean: ``begin_run`` inserts it
as ``running`` before anything is collected, ``finish_run`` writes its findings, scores and inventory and
marks it ``complete`` (no collection gap) or ``partial`` (finished with gaps) in one transaction. A process
that dies leaves a ``running`` row that every reader shows as ``interrupted``; a caught error marks it
``failed``. Only finished runs (complete or partial) are diffed.
"""

from __future__ import annotations

import gzip
import json
import os
import socket
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Engine, Table, bindparam, case, delete, func, select, text, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, defer

from ssrm import __version__
from ssrm.model.resource import RESOURCE_TYPES
from ssrm.report.fingerprint import finding_uid
from ssrm.report.teams import DEFAULT_OWNER_TAGS, UNASSIGNED, owner_of
from ssrm.store.engine import StoreError, make_engine, migrate, normalize_url, now, redacted, utc
from ssrm.store.models import AlertRow, Delivery, FindingRow, Lifecycle, Run, Score

FINISHED = ("complete", "partial")
# Listing runs never needs their inventories, paths or plans.
_LIGHT = (defer(Run.inventory_gz), defer(Run.paths), defer(Run.plan), defer(Run.layers), defer(Run.path_notes))
STALE_AFTER = timedelta(hours=12)
_CHUNK = 5000


@dataclass(frozen=True)
class RunInfo:
    """A run's metadata as readers see it (``status`` already says ``interrupted`` for a dead writer)."""

    id: int
    account: str
    source: str
    target: str
    regions: list[str]
    status: str
    error: str
    created_at: datetime
    assessed_at: datetime | None
    wall_seconds: float
    resources: int
    findings_total: int
    failures: int
    overall_score: float | None
    tool_version: str
    gaps: int

    @property
    def when(self) -> datetime:
        return self.assessed_at or self.created_at

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "account": self.account, "source": self.source, "target": self.target,
            "regions": self.regions, "status": self.status, "error": self.error,
            "created_at": self.created_at.isoformat(),
            "assessed_at": self.assessed_at.isoformat() if self.assessed_at else None,
            "wall_seconds": self.wall_seconds, "resources": self.resources, "findings": self.findings_total,
            "failures": self.failures, "overall_score": self.overall_score, "tool_version": self.tool_version,
            "gaps": self.gaps,
        }


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def effective_status(run: Run) -> str:
    """``running`` only while its writer can still finish it; otherwise ``interrupted``."""
    if run.status != "running":
        return run.status
    created = utc(run.created_at)
    if created is not None and now() - created > STALE_AFTER:
        return "interrupted"
    if run.host == socket.gethostname() and run.pid and not _pid_alive(run.pid):
        return "interrupted"
    return "running"


def _info(run: Run) -> RunInfo:
    return RunInfo(
        id=run.id, account=run.account, source=run.source, target=run.target, regions=list(run.regions or []),
        status=effective_status(run), error=run.error, created_at=utc(run.created_at) or now(),
        assessed_at=utc(run.assessed_at), wall_seconds=run.wall_seconds, resources=run.resources,
        findings_total=run.findings_total, failures=run.failures, overall_score=run.overall_score,
        tool_version=run.tool_version, gaps=len(run.gaps or []),
    )


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return utc(value)
    try:
        return utc(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    except ValueError:
        return None


def _service_of(resource_type: str) -> str:
    cls = RESOURCE_TYPES.get(resource_type)
    return cls.service if cls is not None else ""


class Store:
    """One open store. Cheap to create; safe to use from several threads (one session per call)."""

    def __init__(self, engine: Engine, url: str, *, readonly: bool = False) -> None:
        self.engine = engine
        self.url = url
        self.readonly = readonly
        self._facets: dict[int, dict[str, list[str]]] = {}

    @property
    def label(self) -> str:
        return redacted(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as exc:
            raise StoreError(f"store {self.label} failed: {str(exc.orig or exc).splitlines()[0]}") from exc

    def close(self) -> None:
        self.engine.dispose()

    # --- writing runs -------------------------------------------------------------------------------------

    def begin_run(self, *, source: str, account: str = "", target: str = "", regions: Sequence[str] = ()) -> int:
        moment = now()
        with self.session() as s:
            run = Run(account=account, partition="aws", source=source, target=target[:512], regions=list(regions),
                      status="running", error="", tool_version=__version__, rules_version="",
                      host=socket.gethostname(), pid=os.getpid(), created_at=moment, started_at=moment,
                      wall_seconds=0.0, resources=0, rules_evaluated=0, findings_total=0, failures=0,
                      gaps=[], path_notes=[], layers={})
            s.add(run)
            s.flush()
            return run.id

    def fail_run(self, run_id: int, error: str) -> None:
        with self.session() as s:
            s.execute(update(Run).where(Run.id == run_id, Run.status == "running")
                      .values(status="failed", error=error[:2000], finished_at=now()))

    def finish_run(self, run_id: int, doc: Mapping[str, Any], inventory: Mapping[str, Any] | None = None,
                   tag_keys: Sequence[str] = DEFAULT_OWNER_TAGS) -> RunInfo:
        """Write an assessment (its JSON document, see docs/json-output.md) into a begun run."""
        findings = list(doc.get("findings") or [])
        gaps = list(doc.get("gaps") or [])
        status = "complete" if not gaps else "partial"
        assessed = _parse_time(doc.get("assessed_at")) or now()
        stats = doc.get("stats") or {}
        overall = (doc.get("overall") or {}).get("score")
        rows = [_finding_row(run_id, f, tag_keys) for f in findings]
        blob = gzip.compress(json.dumps(inventory, separators=(",", ":")).encode(), 6) if inventory else None
        with self.session() as s:
            run = s.get(Run, run_id)
            if run is None:
                raise StoreError(f"run {run_id} is not in the store")
            for key, value in {
                "account": str(doc.get("account") or run.account), "partition": str(doc.get("partition") or "aws"),
                "regions": list(doc.get("regions") or run.regions or []), "status": status,
                "assessed_at": assessed, "finished_at": now(), "wall_seconds": float(stats.get("wall_seconds") or 0),
                "resources": int(stats.get("resources") or 0),
                "rules_evaluated": int(stats.get("rules_evaluated") or 0),
                "findings_total": len(findings), "failures": sum(1 for f in findings if f.get("status") == "FAIL"),
                "overall_score": overall, "gaps": gaps, "paths": doc.get("paths"), "plan": doc.get("plan"),
                "path_notes": list(doc.get("path_notes") or []), "layers": doc.get("layers") or {},
                "inventory_gz": blob, "tool_version": str((doc.get("tool") or {}).get("version") or __version__),
            }.items():
                setattr(run, key, value)
            scores = list(_scores(run_id, doc.get("layers") or {}))
            if scores:
                s.execute(cast(Table, Score.__table__).insert(), scores)
            _insert_findings(s, rows)
            services = (inventory or {}).get("services")
            _update_lifecycle(s, run, rows, gaps, None if services is None else set(services))
            s.flush()
            return _info(run)

    def record(self, doc: Mapping[str, Any], inventory: Mapping[str, Any] | None = None, *, source: str,
               target: str = "") -> RunInfo:
        run_id = self.begin_run(source=source, account=str(doc.get("account") or ""), target=target,
                                regions=list(doc.get("regions") or []))
        try:
            return self.finish_run(run_id, doc, inventory)
        except BaseException as exc:
            self.fail_run(run_id, f"{type(exc).__name__}: {exc}")
            raise

    # --- reading runs -------------------------------------------------------------------------------------

    def runs(self, *, account: str | None = None, limit: int | None = None, finished_only: bool = False,
             source: str | None = None) -> list[RunInfo]:
        """Newest first."""
        query = select(Run).order_by(Run.id.desc())
        if account:
            query = query.where(Run.account == account)
        if source:
            query = query.where(Run.source == source)
        if finished_only:
            query = query.where(Run.status.in_(FINISHED))
        if limit:
            query = query.limit(limit)
        with self.session() as s:
            return [_info(r) for r in s.scalars(query.options(*_LIGHT))]

    def run(self, run_id: int) -> RunInfo | None:
        with self.session() as s:
            r = s.get(Run, run_id)
            return _info(r) if r is not None else None

    def run_detail(self, run_id: int) -> dict[str, Any] | None:
        """Everything about one run except its findings and inventory: layers, gaps, paths, plan."""
        with self.session() as s:
            r = s.get(Run, run_id)
            if r is None:
                return None
            return {**_info(r).as_dict(), "layers": r.layers or {}, "gaps_detail": r.gaps or [],
                    "paths": r.paths, "plan": r.plan, "path_notes": r.path_notes or []}

    def inventory(self, run_id: int) -> dict[str, Any] | None:
        with self.session() as s:
            blob = s.scalar(select(Run.inventory_gz).where(Run.id == run_id))
        return json.loads(gzip.decompress(blob)) if blob else None

    def findings(self, run_id: int, *, status: str | None = None) -> list[dict[str, Any]]:
        query = select(FindingRow).where(FindingRow.run_id == run_id)
        if status:
            query = query.where(FindingRow.status == status)
        with self.session() as s:
            return [finding_dict(f) for f in s.scalars(query)]

    def query_findings(self, run_id: int, *, status: str | None = None, severity: str | None = None,
                       layer: str | None = None, team: str | None = None, rule: str | None = None,
                       text_filter: str | None = None, offset: int = 0,
                       limit: int = 100) -> tuple[int, list[dict[str, Any]]]:
        """(how many match, one page of them, worst first) for the dashboard's findings explorer."""
        conditions = [FindingRow.run_id == run_id]
        for column, value in ((FindingRow.status, status), (FindingRow.severity, severity),
                              (FindingRow.layer, layer), (FindingRow.team, team), (FindingRow.rule_id, rule)):
            if value:
                conditions.append(column == value)
        if text_filter:
            pattern = f"%{text_filter.lower()}%"
            conditions.append(func.lower(FindingRow.resource_arn).like(pattern)
                              | func.lower(FindingRow.title).like(pattern))
        rank = case({"critical": 0, "high": 1, "medium": 2, "low": 3}, value=FindingRow.severity, else_=4)
        with self.session() as s:
            total = s.scalar(select(func.count()).select_from(FindingRow).where(*conditions)) or 0
            rows = s.scalars(select(FindingRow).where(*conditions)
                             .order_by(rank, FindingRow.rule_id, FindingRow.id).offset(offset).limit(limit))
            return int(total), [finding_dict(f) for f in rows]

    def facets(self, run_id: int) -> dict[str, list[str]]:
        """The distinct values the explorer's filters can take in one run (remembered: a finished run
        never changes)."""
        cached = self._facets.get(run_id)
        if cached is not None:
            return cached
        names = ("status", "severity", "layer", "team", "rule")
        values: dict[str, set[str]] = {n: set() for n in names}
        with self.session() as s:
            combos = s.execute(select(FindingRow.status, FindingRow.severity, FindingRow.layer, FindingRow.team,
                                      FindingRow.rule_id).where(FindingRow.run_id == run_id).distinct())
            for combo in combos:  # one pass over the run instead of one per filter
                for name, value in zip(names, combo, strict=True):
                    if value:
                        values[name].add(value)
            finished = s.scalar(select(Run.status).where(Run.id == run_id)) in FINISHED
        out = {n: sorted(v) for n, v in values.items()}
        if finished:
            self._facets[run_id] = out
        return out

    def pending_delivery_count(self) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count()).select_from(Delivery).where(Delivery.status == "pending")) or 0)

    def finding_states(self, run_id: int) -> dict[str, dict[str, Any]]:
        """fingerprint -> the few fields a diff needs, for every finding of a run (fast: no JSON column)."""
        cols = (FindingRow.fingerprint, FindingRow.status, FindingRow.severity, FindingRow.rule_id,
                FindingRow.title, FindingRow.resource_arn, FindingRow.resource_id, FindingRow.resource_type,
                FindingRow.region, FindingRow.layer, FindingRow.team)
        with self.session() as s:
            result = s.execute(select(*cols).where(FindingRow.run_id == run_id))
            keys = [c.key for c in cols]
            return {row[0]: dict(zip(keys, row, strict=True)) for row in result}

    def ever_failed_before(self, account: str, fingerprints: Iterable[str], before_run: int) -> set[str]:
        """Which of ``fingerprints`` failed in some finished run of ``account`` older than ``before_run``."""
        wanted = list(fingerprints)
        found: set[str] = set()
        with self.session() as s:
            for start in range(0, len(wanted), 900):
                chunk = wanted[start:start + 900]
                query = (select(FindingRow.fingerprint).join(Run, Run.id == FindingRow.run_id)
                         .where(Run.account == account, Run.id < before_run, Run.status.in_(FINISHED),
                                FindingRow.status == "FAIL", FindingRow.fingerprint.in_(chunk)).distinct())
                found.update(s.scalars(query))
        return found

    def finding_history(self, fingerprint: str, limit: int = 200) -> list[dict[str, Any]]:
        """The finding in every run that judged it, newest first."""
        query = (select(FindingRow, Run).join(Run, Run.id == FindingRow.run_id)
                 .where(FindingRow.fingerprint == fingerprint).order_by(Run.id.desc()).limit(limit))
        with self.session() as s:
            return [{"run_id": run.id, "when": (utc(run.assessed_at) or utc(run.created_at) or now()).isoformat(),
                     "run_status": effective_status(run), **finding_dict(f)} for f, run in s.execute(query)]

    def lifecycle(self, fingerprint: str) -> dict[str, Any] | None:
        with self.session() as s:
            row = s.scalars(select(Lifecycle).where(Lifecycle.fingerprint == fingerprint)).first()
            return lifecycle_dict(row) if row else None

    def lifecycles(self, *, account: str | None = None, open_only: bool = False) -> list[dict[str, Any]]:
        query = select(Lifecycle)
        if account:
            query = query.where(Lifecycle.account == account)
        if open_only:
            query = query.where(Lifecycle.open.is_(True))
        with self.session() as s:
            return [lifecycle_dict(r) for r in s.scalars(query)]

    def scores(self, run_ids: Sequence[int]) -> dict[int, dict[str, float | None]]:
        """run id -> {layer: score} (layer totals only)."""
        out: dict[int, dict[str, float | None]] = {i: {} for i in run_ids}
        with self.session() as s:
            rows = s.execute(select(Score.run_id, Score.layer, Score.score)
                             .where(Score.run_id.in_(list(run_ids)), Score.domain == ""))
            for run_id, layer, score in rows:
                out[run_id][layer] = score
        return out

    def accounts(self) -> list[str]:
        with self.session() as s:
            return sorted(a for a in s.scalars(select(Run.account).distinct()) if a)

    # --- retention ----------------------------------------------------------------------------------------

    def prune(self, keep: timedelta, *, dry_run: bool = False) -> list[int]:
        """Delete runs older than ``keep`` (with their findings and scores); never the newest finished run
        of an account, so the next diff always has a baseline."""
        cutoff = now() - keep
        with self.session() as s:
            newest = {acc: rid for acc, rid in s.execute(
                select(Run.account, func.max(Run.id)).where(Run.status.in_(FINISHED)).group_by(Run.account))}
            old = [(rid, acc) for rid, acc in s.execute(select(Run.id, Run.account).where(Run.created_at < cutoff))]
            doomed = [rid for rid, acc in old if newest.get(acc) != rid]
            if doomed and not dry_run:
                for start in range(0, len(doomed), 900):
                    chunk = doomed[start:start + 900]
                    s.execute(delete(FindingRow).where(FindingRow.run_id.in_(chunk)))
                    s.execute(delete(Score).where(Score.run_id.in_(chunk)))
                    s.execute(delete(Run).where(Run.id.in_(chunk)))
                s.execute(delete(AlertRow).where(AlertRow.last_seen < cutoff))
                s.execute(delete(Delivery).where(Delivery.status == "sent", Delivery.updated_at < cutoff))
        return doomed

    # --- detection alerts ---------------------------------------------------------------------------------

    def record_alerts(self, alerts: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
        """Store detection alerts, merging repeats into one row; (new, merged) counts."""
        new = merged = 0
        with self.session() as s:
            for a in alerts:
                key = alert_key(a)
                first, last = _parse_time(a.get("first_seen")) or now(), _parse_time(a.get("last_seen")) or now()
                row = s.scalars(select(AlertRow).where(AlertRow.dedup_key == key)).first()
                if row is None:
                    s.add(AlertRow(dedup_key=key, rule_id=str(a.get("rule_id")), title=str(a.get("title") or ""),
                                   severity=str(a.get("severity") or "info"), kind=str(a.get("kind") or "rule"),
                                   principal=str(a.get("principal") or ""), resource=str(a.get("resource") or ""),
                                   account=str(a.get("account") or ""), region=str(a.get("region") or ""),
                                   first_seen=first, last_seen=last, count=int(a.get("count") or 1),
                                   notified=False, data=dict(a)))
                    s.flush()
                    new += 1
                    continue
                merged += 1
                if last > (utc(row.last_seen) or last):
                    row.last_seen, row.count, row.data = last, row.count + int(a.get("count") or 1), dict(a)
                row.first_seen = min(utc(row.first_seen) or first, first)
        return new, merged

    def alerts(self, *, limit: int = 500, unnotified: bool = False) -> list[dict[str, Any]]:
        query = select(AlertRow).order_by(AlertRow.last_seen.desc()).limit(limit)
        if unnotified:
            query = query.where(AlertRow.notified.is_(False))
        with self.session() as s:
            return [{"id": r.id, "rule_id": r.rule_id, "title": r.title, "severity": r.severity, "kind": r.kind,
                     "principal": r.principal, "resource": r.resource, "account": r.account, "region": r.region,
                     "first_seen": (utc(r.first_seen) or now()).isoformat(),
                     "last_seen": (utc(r.last_seen) or now()).isoformat(), "count": r.count,
                     "notified": r.notified, "explanation": str((r.data or {}).get("explanation") or "")}
                    for r in s.scalars(query)]

    def mark_alerts_notified(self, ids: Iterable[int]) -> None:
        wanted = list(ids)
        if wanted:
            with self.session() as s:
                s.execute(update(AlertRow).where(AlertRow.id.in_(wanted)).values(notified=True))

    # --- the notification outbox --------------------------------------------------------------------------

    def queue_delivery(self, channel: str, payload: Mapping[str, Any], error: str, attempts: int) -> int:
        moment = now()
        with self.session() as s:
            row = Delivery(channel=channel, payload=dict(payload), status="pending", attempts=attempts,
                           last_error=error[:1000], created_at=moment, updated_at=moment)
            s.add(row)
            s.flush()
            return row.id

    def pending_deliveries(self) -> list[dict[str, Any]]:
        with self.session() as s:
            return [{"id": d.id, "channel": d.channel, "payload": d.payload, "attempts": d.attempts,
                     "last_error": d.last_error, "created_at": (utc(d.created_at) or now()).isoformat()}
                    for d in s.scalars(select(Delivery).where(Delivery.status == "pending").order_by(Delivery.id))]

    def delivery_done(self, delivery_id: int, *, ok: bool, error: str = "") -> None:
        with self.session() as s:
            row = s.get(Delivery, delivery_id)
            if row is None:
                return
            row.attempts += 1
            row.updated_at = now()
            if ok:
                row.status = "sent"
            else:
                row.last_error = error[:1000]


def alert_key(a: Mapping[str, Any]) -> str:
    import hashlib

    parts = (a.get("rule_id"), a.get("principal"), a.get("resource"), a.get("account"), a.get("region"))
    return hashlib.sha256("|".join(str(p or "") for p in parts).encode()).hexdigest()[:48]


def _finding_row(run_id: int, f: Mapping[str, Any], tag_keys: Sequence[str]) -> dict[str, Any]:
    return {
        "run_id": run_id, "fingerprint": finding_uid(dict(f)), "rule_id": str(f["rule_id"]),
        "status": str(f["status"]), "severity": str(f["severity"]), "layer": str(f.get("layer") or ""),
        "domain": str(f.get("domain") or ""), "stage": str(f.get("stage") or ""), "title": str(f.get("title") or ""),
        "resource_arn": str(f.get("resource_arn") or ""), "resource_id": str(f.get("resource_id") or ""),
        "resource_type": str(f.get("resource_type") or ""), "region": str(f.get("region") or ""),
        "account": str(f.get("account") or ""), "team": owner_of(f.get("tags"), tag_keys) or UNASSIGNED,
        "reason": str(f.get("reason") or ""),
        "extra": {k: f.get(k) for k in ("remediation", "tags", "attack", "origin", "muted_reason", "compliance",
                                        "resource_name") if f.get(k)},
    }


_FINDING_COLUMNS = ("run_id", "fingerprint", "rule_id", "status", "severity", "layer", "domain", "stage", "title",
                    "resource_arn", "resource_id", "resource_type", "region", "account", "team", "reason", "extra")


def _insert_findings(s: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Findings go in through the driver's executemany: SQLAlchemy's per-row parameter processing would cost
    more than the database itself for a run of 50 000. Only strings, integers and JSON text: no type needs
    SQLAlchemy's conversion."""
    conn = s.connection()
    if conn.dialect.name == "postgresql":
        _copy_findings(conn, rows)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO findings ({', '.join(_FINDING_COLUMNS)}) "
           f"VALUES ({', '.join([mark] * len(_FINDING_COLUMNS))})")
    values = [tuple(json.dumps(r["extra"], separators=(",", ":")) if c == "extra" else r[c] for c in _FINDING_COLUMNS)
              for r in rows]
    for start in range(0, len(values), _CHUNK):
        conn.exec_driver_sql(sql, values[start:start + _CHUNK])


def _copy_findings(conn: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """PostgreSQL: COPY, one stream for the whole run (psycopg 3), inside the run's transaction."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(f"COPY findings ({', '.join(_FINDING_COLUMNS)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row([json.dumps(r["extra"], separators=(",", ":")) if c == "extra" else r[c]
                                for c in _FINDING_COLUMNS])
    finally:
        cursor.close()


def finding_dict(f: FindingRow) -> dict[str, Any]:
    return {
        "fingerprint": f.fingerprint, "rule_id": f.rule_id, "status": f.status, "severity": f.severity,
        "layer": f.layer, "domain": f.domain, "stage": f.stage, "title": f.title, "resource_arn": f.resource_arn,
        "resource_id": f.resource_id, "resource_type": f.resource_type, "region": f.region, "account": f.account,
        "team": f.team, "reason": f.reason, **(f.extra or {}),
    }


def lifecycle_dict(r: Lifecycle) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        v = utc(value)
        return v.isoformat() if v else None

    return {"account": r.account, "fingerprint": r.fingerprint, "rule_id": r.rule_id, "severity": r.severity,
            "team": r.team, "title": r.title, "resource_arn": r.resource_arn, "resource_type": r.resource_type,
            "region": r.region, "first_seen": iso(r.first_seen), "last_seen": iso(r.last_seen),
            "opened_at": iso(r.opened_at), "resolved_at": iso(r.resolved_at), "open": r.open,
            "reopened": r.reopened, "fixed_seconds": r.fixed_seconds, "fixes": r.fixes}


def _scores(run_id: int, layers: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for layer, data in layers.items():
        yield {"run_id": run_id, "layer": layer, "domain": "", "score": data.get("score"),
               "phase": str(data.get("phase") or "")}
        for domain, d in (data.get("domains") or {}).items():
            yield {"run_id": run_id, "layer": layer, "domain": domain, "score": d.get("score"), "phase": ""}


def _gapped(gaps: Sequence[Mapping[str, Any]]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(service, region) pairs and (resource type, region) pairs a gap left unknown."""
    services = {(str(g.get("service")), str(g.get("region"))) for g in gaps}
    types = {(str(t), str(g.get("region"))) for g in gaps for t in g.get("resource_types") or ()}
    return services, types


def _update_lifecycle(s: Session, run: Run, rows: Sequence[Mapping[str, Any]], gaps: Sequence[Mapping[str, Any]],
                      services: set[str] | None) -> None:
    """Open, keep, re-open or close each failing finding of the run's account.

    A finding closes when this run judged it PASS or NOT_APPLICABLE, or when it is absent and nothing kept
    its resource from being read (its service and region were scanned without a gap). ERROR keeps it open:
    an unknown is never a fix. MUTED closes it without counting as a remediation. Written with set-based and
    executemany statements: a run of 50 000 findings updates in about a second.
    """
    if run.source == "iac":
        return  # code changes are not remediations of a deployed account
    moment = utc(run.assessed_at) or now()
    if s.bind is not None and s.bind.dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:a))"), {"a": f"ssrm-lifecycle:{run.account}"})
    lc = cast(Table, Lifecycle.__table__)
    status = {r["fingerprint"]: r for r in rows}
    existing = {fp: row for fp, *row in s.execute(select(
        lc.c.fingerprint, lc.c.open, lc.c.opened_at, lc.c.severity, lc.c.team, lc.c.resource_type, lc.c.region)
        .where(lc.c.account == run.account))}
    scanned_regions = set(run.regions or []) | {"global"}
    gap_services, gap_types = _gapped(gaps)
    new_rows, reopen, refresh, close = [], [], [], []
    for fp, r in status.items():
        if r["status"] != "FAIL":
            continue
        found = existing.get(fp)
        if found is None:
            new_rows.append({"account": run.account, "fingerprint": fp, "rule_id": r["rule_id"],
                             "severity": r["severity"], "team": r["team"], "title": r["title"],
                             "resource_arn": r["resource_arn"], "resource_type": r["resource_type"],
                             "region": r["region"], "first_seen": moment, "last_seen": moment, "opened_at": moment,
                             "resolved_at": None, "open": True, "reopened": 0, "fixed_seconds": 0.0, "fixes": 0})
        elif not found[0]:
            reopen.append({"fp": fp, "sev": r["severity"], "team": r["team"]})
        elif (found[2], found[3]) != (r["severity"], r["team"]):
            refresh.append({"fp": fp, "sev": r["severity"], "team": r["team"]})
    for fp, (is_open, opened_at, _sev, _team, resource_type, region) in existing.items():
        if not is_open:
            continue
        current = status.get(fp)
        if current is not None:
            if current["status"] in ("FAIL", "ERROR"):
                continue
            counted = current["status"] in ("PASS", "NOT_APPLICABLE")
        else:
            service = _service_of(resource_type)
            if (region not in scanned_regions or (services is not None and service not in services)
                    or (service, region) in gap_services or (resource_type, region) in gap_types):
                continue
            counted = True
        seconds = max(0.0, (moment - (utc(opened_at) or moment)).total_seconds()) if counted else 0.0
        close.append({"fp": fp, "add_fix": 1 if counted else 0, "add_seconds": seconds})
    where = (lc.c.account == run.account) & (lc.c.fingerprint == bindparam("fp"))
    # Every failure still open: one statement for all of them.
    s.execute(update(lc).where(lc.c.account == run.account, lc.c.open.is_(True), lc.c.fingerprint.in_(
        select(FindingRow.fingerprint).where(FindingRow.run_id == run.id, FindingRow.status == "FAIL")))
        .values(last_seen=moment))
    if reopen:
        s.execute(update(lc).where(where).values(open=True, opened_at=moment, resolved_at=None, last_seen=moment,
                                                 reopened=lc.c.reopened + 1, severity=bindparam("sev"),
                                                 team=bindparam("team")), reopen)
    if refresh:
        s.execute(update(lc).where(where).values(severity=bindparam("sev"), team=bindparam("team")), refresh)
    if close:
        s.execute(update(lc).where(where).values(open=False, resolved_at=moment,
                                                 fixes=lc.c.fixes + bindparam("add_fix"),
                                                 fixed_seconds=lc.c.fixed_seconds + bindparam("add_seconds")), close)
    for start in range(0, len(new_rows), _CHUNK):
        s.execute(lc.insert(), new_rows[start:start + _CHUNK])


def open_store(url: str, *, readonly: bool = False) -> Store:
    """Connect, run pending migrations, and return the store (``url`` may be a plain path)."""
    url = normalize_url(url)
    try:
        if readonly:
            migrate(make_engine(url))
        engine = make_engine(url, readonly=readonly)
        if not readonly:
            migrate(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the store {redacted(url)}: {exc}") from exc
    return Store(engine, url, readonly=readonly)
