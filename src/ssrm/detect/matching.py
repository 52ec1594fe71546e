"""Run compiled rules over the batch table and turn accumulated hits into alerts.

Single-event rules write their matches to ``hits``; correlation rules write the events of their referenced
rules to ``corr_hits``. Both are small next to the batch, and both are evaluated set-wise in SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from ssrm.detect.ruleset import Correlation, EventRule, Ruleset
from ssrm.detect.schema import resource_sql
from ssrm.detect.sigma_backend import sql_literal
from ssrm.model import Severity, Stage
from ssrm.model.alert import Alert, Evidence

#: one line per event, computed only for matched rows.
SUMMARY_SQL = (
    "strftime(event_time, '%Y-%m-%dT%H:%M:%SZ') || ' ' || coalesce(split_part(event_source, '.', 1), '?') || ':' "
    "|| coalesce(event_name, '?') || ' by ' || coalesce(ui_arn, principal) || ' from ' || coalesce(source_ip, '?') "
    "|| coalesce(' -> ' || error_code, '')"
)
MAX_EVIDENCE = 10
#: ``service:Call`` of an event, as the baselines key it
API_SQL = "split_part(event_source, '.', 1) || ':' || event_name"
#: a rule alert whose calls the principal made at least this often, a day or more earlier, is routine
ROUTINE_MIN_CALLS = 3
#: rule alerts of this severity or milder can be routine; high and critical always alert
ROUTINE_SEVERITIES = (Severity.MEDIUM, Severity.LOW, Severity.INFO)
#: denied attempts of one rule by one principal that make an alert (one alone is a near-miss)
ATTEMPTS_ALERT = 5

#: base score by severity; posture and behaviour move it from there.
SEVERITY_SCORE = {
    Severity.CRITICAL: 90.0,
    Severity.HIGH: 75.0,
    Severity.MEDIUM: 55.0,
    Severity.LOW: 35.0,
    Severity.INFO: 15.0,
}


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    from ssrm.detect import baseline  # routine checks read the baseline's tables (empty without baselines)

    baseline.create_tables(con)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE hits (rule_id VARCHAR, event_id VARCHAR, event_time TIMESTAMPTZ, "
        "principal VARCHAR, account VARCHAR, region VARCHAR, resource VARCHAR, summary VARCHAR, api VARCHAR)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE attempts (rule_id VARCHAR, event_id VARCHAR, event_time TIMESTAMPTZ, "
        "principal VARCHAR, account VARCHAR, region VARCHAR, resource VARCHAR, summary VARCHAR, api VARCHAR)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE corr_hits (rule_id VARCHAR, grp VARCHAR, val VARCHAR, event_time TIMESTAMPTZ, "
        "n BIGINT, event_id VARCHAR, principal VARCHAR, account VARCHAR, region VARCHAR, event_name VARCHAR)"
    )


def _corr_select(corr: Correlation) -> str:
    grp = " || '|' || ".join(f"coalesce(CAST({g} AS VARCHAR), '?')" for g in corr.group_by) or "''"
    val = f"CAST({corr.value} AS VARCHAR)" if corr.value else "NULL"
    return (
        f"SELECT {sql_literal(corr.meta.rule_id)} AS rule_id, {grp} AS grp, {val} AS val, event_time, event_id, "
        f"principal, account, aws_region, event_name FROM ct WHERE ({corr.where})"
    )


def _by_rule(rules: list[EventRule], pick: Callable[[EventRule], str | None], default: str) -> str:
    """A per-row expression that differs by rule: ``CASE ri WHEN i THEN ...`` over the rules that differ."""
    arms = [f"WHEN {i} THEN {expr}" for i, r in enumerate(rules) if (expr := pick(r)) is not None]
    return f"CASE ri {' '.join(arms)} ELSE {default} END" if arms else default


def match_batch(con: duckdb.DuckDBPyConnection, ruleset: Ruleset) -> int:
    """Evaluate every rule over ``ct``; returns the number of new single-event hits.

    One statement finds every (rule, event) pair with bare filters (failed calls included for the rules that
    treat them as attempts), copying only the few matched rows; one more statement per target table computes
    the costly projections (resource, summary) on those rows alone. ``ct`` is scanned once per rule predicate
    and never again.
    """
    before = con.execute("SELECT count(*) FROM hits").fetchone()[0]  # type: ignore[index]  # an aggregate always returns one row
    rules = [r for r in ruleset.rules if r.emit]
    if rules:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE matched AS "
            + " UNION ALL ".join(
                f"SELECT {i} AS ri, {'error_code IS NOT NULL' if r.attempt_where else 'false'} AS failed, "
                f"rowid AS rid FROM ct WHERE {r.attempt_where or r.where}" for i, r in enumerate(rules))
        )
        ids = "[" + ", ".join(sql_literal(r.meta.rule_id) for r in rules) + "]"
        resource = _by_rule(rules, lambda r: f"coalesce({r.resource}, '')" if r.resource else None,
                            f"coalesce({resource_sql()}, '')")
        for table, failed in (("hits", False), ("attempts", True)):
            con.execute(
                f"INSERT INTO {table} SELECT {ids}[ri + 1], event_id, event_time, principal, account, aws_region, "
                f"{resource}, {SUMMARY_SQL}, {API_SQL} FROM (SELECT * FROM matched WHERE failed = {failed}) m "
                "JOIN (SELECT rowid AS rid, * FROM ct) USING (rid)"
            )
    corr = [_corr_select(c) for c in ruleset.correlations]
    if corr:
        # One row per rule, group, value and second: dense streams (every Describe call feeds the discovery
        # burst) shrink by orders of magnitude, and counts stay exact.
        con.execute(
            "INSERT INTO corr_hits SELECT rule_id, grp, val, date_trunc('second', event_time) AS t, count(*), "
            "arg_min(event_id, event_time), any_value(principal), any_value(account), any_value(aws_region), "
            "any_value(event_name) FROM (" + " UNION ALL ".join(corr) + ") GROUP BY rule_id, grp, val, t"
        )
    after = con.execute("SELECT count(*) FROM hits").fetchone()[0]  # type: ignore[index]  # an aggregate always returns one row
    return int(after - before)


def _evidence(rows: list[Any]) -> tuple[Evidence, ...]:
    return tuple(Evidence(event_id=str(e), summary=str(s or "")) for e, s in rows[:MAX_EVIDENCE] if e is not None)


@dataclass(frozen=True)
class BuiltinMeta:
    """Metadata of hits written by ssrm itself rather than by a Sigma rule."""

    title: str
    severity: Severity
    stage: Stage
    attack: tuple[str, ...] = ()


def _routine_sql(api: str, principal: str, before: str) -> str:
    """True when ``principal`` called ``api`` at least ROUTINE_MIN_CALLS times, first a day or more ``before``."""
    return (
        f"EXISTS (SELECT 1 FROM bl_seen s WHERE s.principal = {principal} AND s.dim = 'api' AND s.value = {api} "
        f"AND s.n >= {ROUTINE_MIN_CALLS} AND s.first_seen <= {before} - INTERVAL 1 DAY)"
    )


def rule_alerts(con: duckdb.DuckDBPyConnection, ruleset: Ruleset, extra: dict[str, BuiltinMeta] | None = None,
                routine: dict[str, int] | None = None) -> list[Alert]:
    """One alert per rule, principal and resource, with its first and last occurrence.

    With ``routine`` (a counter), a medium or milder alert whose every call the principal's baseline already knew
    (at least ROUTINE_MIN_CALLS times, first a day earlier: a CI role deploying as it does every day) is counted
    there instead of raised. Without baselines nothing is known, so nothing is routine.
    """
    by_id: dict[str, Any] = {r.meta.rule_id: r.meta for r in ruleset.rules} | dict(extra or {})
    rows = con.execute(
        "SELECT rule_id, principal, resource, any_value(account), any_value(region), min(event_time), "
        "max(event_time), count(*), list([event_id, summary] ORDER BY event_time)[1:10], "
        f"bool_and({_routine_sql('h.api', 'h.principal', 'h.event_time')}) "
        "FROM hits h GROUP BY rule_id, principal, resource"
    ).fetchall()
    out = []
    for rule_id, principal, resource, account, region, first, last, n, ev, is_routine in rows:
        meta = by_id[rule_id]
        if routine is not None and is_routine and meta.severity in ROUTINE_SEVERITIES:
            routine[rule_id] = routine.get(rule_id, 0) + 1
            continue
        what = f" on {resource}" if resource else ""
        times = f"{n} times between {_ts(first)} and {_ts(last)}" if n > 1 else f"at {_ts(first)}"
        explanation = f"{meta.title}: {principal}{what}, {times}."
        out.append(
            Alert(
                rule_id=rule_id, title=meta.title, severity=meta.severity, stage=meta.stage, kind="rule",
                attack=meta.attack, principal=principal, resource=resource, account=account or "",
                region=region or "", first_seen=first, last_seen=last, count=n,
                score=SEVERITY_SCORE[meta.severity], explanation=explanation,
                evidence=_evidence([(e[0], e[1]) for e in ev]),
            )
        )
    return out


def attempt_alerts(con: duckdb.DuckDBPyConnection, ruleset: Ruleset) -> list[Alert]:
    """Repeated denied attempts at what a rule watches: one is a near-miss, several are someone trying."""
    by_id = {r.meta.rule_id: r.meta for r in ruleset.rules}
    rows = con.execute(
        "SELECT rule_id, principal, any_value(account), any_value(region), min(event_time), max(event_time), "
        "count(*), list([event_id, summary] ORDER BY event_time)[1:10], list(DISTINCT resource)[1:3] "
        f"FROM attempts GROUP BY rule_id, principal HAVING count(*) >= {ATTEMPTS_ALERT}"
    ).fetchall()
    out = []
    for rule_id, principal, account, region, first, last, n, ev, resources in rows:
        meta = by_id[rule_id]
        severity = list(Severity)[min(meta.severity.rank + 1, Severity.LOW.rank)]
        on = ", ".join(r for r in resources if r)
        out.append(
            Alert(
                rule_id=f"{rule_id}_denied", title=f"Repeated denied attempts: {meta.title}", severity=severity,
                stage=meta.stage, kind="rule", attack=meta.attack, principal=principal, resource=on,
                account=account or "", region=region or "", first_seen=first, last_seen=last, count=n,
                score=SEVERITY_SCORE[severity],
                explanation=(f"{principal} tried {n} times between {_ts(first)} and {_ts(last)} what '{meta.title}' "
                             "watches for, and was refused every time: no change was made, but someone is trying."),
                evidence=_evidence([(e[0], e[1]) for e in ev]),
            )
        )
    return out


def _candidate_groups(corr: Correlation, agg: str) -> str:
    """SQL for the groups that can reach the threshold at all (exact pre-filter, cheap).

    A window ``[t - S, t]`` lies inside two adjacent epoch-aligned buckets of width S, so its count (of events or
    of distinct values) is at most that of the bucket pair. Groups whose every bucket pair stays under the
    threshold are dropped before the costly sliding-window pass; the others are evaluated exactly. Only sound
    for "at least" conditions: for the others every group is a candidate.
    """
    if corr.op not in (">=", ">"):
        return "SELECT DISTINCT grp FROM corr_hits WHERE rule_id = $1"
    bucket = f"CAST(floor(epoch(event_time) / {int(corr.seconds)}) AS BIGINT)"
    return (
        f"SELECT DISTINCT grp FROM (SELECT grp, val, n, {bucket} + k AS pair FROM corr_hits, "
        "(VALUES (0), (1)) AS shift(k) WHERE rule_id = $1) "
        f"GROUP BY grp, pair HAVING {agg} {corr.op} {int(corr.count)}"
    )


def _routine_burst(con: duckdb.DuckDBPyConnection, corr: Correlation, grp: str, start: datetime,
                   last: datetime) -> bool:
    """A burst whose calls (90 % of its distinct APIs or more) the principal made routinely a day before."""
    row = con.execute(
        f"""SELECT count(DISTINCT event_name), count(DISTINCT event_name) FILTER (WHERE EXISTS (
              SELECT 1 FROM bl_seen s WHERE s.principal = c.principal AND s.dim = 'api'
              AND split_part(s.value, ':', 2) = c.event_name AND s.n >= {ROUTINE_MIN_CALLS}
              AND s.first_seen <= $3 - INTERVAL 1 DAY))
            FROM corr_hits c WHERE rule_id = $1 AND grp = $2 AND event_time BETWEEN $3 AND $4""",
        [corr.meta.rule_id, grp, start, last],
    ).fetchone()
    return bool(row and row[0] and row[1] >= 0.9 * row[0])


def correlation_alerts(con: duckdb.DuckDBPyConnection, ruleset: Ruleset,
                       routine: dict[str, int] | None = None) -> list[Alert]:
    out = []
    for corr in ruleset.correlations:
        agg = "count(DISTINCT val)" if corr.kind == "value_count" else "sum(n)"
        rows = con.execute(
            f"""
            WITH cand AS ({_candidate_groups(corr, agg)}),
            w AS (
              SELECT *, {agg} OVER (PARTITION BY grp ORDER BY event_time
                RANGE BETWEEN INTERVAL {corr.seconds} SECONDS PRECEDING AND CURRENT ROW) AS wn
              FROM corr_hits WHERE rule_id = $1 AND grp IN (SELECT grp FROM cand)),
            q AS (SELECT grp, min(event_time) AS t_first, max(event_time) AS t_last, max(wn) AS peak
                  FROM w WHERE wn {corr.op} {corr.count} GROUP BY grp)
            SELECT q.grp, q.t_first, q.t_last, q.peak, any_value(w.principal), any_value(w.account),
                   any_value(w.region), sum(w.n),
                   list([w.event_id, strftime(w.event_time, '%Y-%m-%dT%H:%M:%SZ') || ' ' || coalesce(w.event_name, '?')
                         || coalesce(' ' || w.val, '') || ' by ' || w.grp
                         || CASE WHEN w.n > 1 THEN ' (x' || w.n || ')' ELSE '' END] ORDER BY w.event_time)[1:10],
                   min(w.event_time)
            FROM q JOIN w ON w.grp = q.grp
              AND w.event_time BETWEEN q.t_first - INTERVAL {corr.seconds} SECONDS AND q.t_last
            GROUP BY q.grp, q.t_first, q.t_last, q.peak
            """,
            [corr.meta.rule_id],
        ).fetchall()
        for grp, _first, last, peak, principal, account, region, n, ev, start in rows:
            meta = corr.meta
            if routine is not None and meta.severity in ROUTINE_SEVERITIES and _routine_burst(
                    con, corr, grp, start, last):
                routine[meta.rule_id] = routine.get(meta.rule_id, 0) + 1
                continue
            counted = f"{peak} distinct {corr.value_name}" if corr.value_name else f"{peak} matching events"
            span = _span(corr.seconds)
            group = ", ".join(f"{k}={v}" for k, v in zip(corr.group_names, str(grp).split("|"), strict=False))
            explanation = f"{meta.title}: {counted} within {span} for {group or 'the account'} (at {_ts(start)})."
            out.append(
                Alert(
                    rule_id=meta.rule_id, title=meta.title, severity=meta.severity, stage=meta.stage, kind="rule",
                    attack=meta.attack, principal=principal or "", resource="", account=account or "",
                    region=region or "", first_seen=start, last_seen=last, count=int(n),
                    score=min(100.0, SEVERITY_SCORE[meta.severity] + 5.0), explanation=explanation,
                    evidence=_evidence([(e[0], e[1]) for e in ev]),
                )
            )
    return out


def _ts(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _span(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


__all__ = ["BuiltinMeta", "correlation_alerts", "create_tables", "match_batch", "rule_alerts"]
