"""Behavioural baselines per principal, kept in DuckDB tables (a file with ``--state``).

What is remembered, per principal (IAM user, or role: sessions of one role share a baseline):
``api`` (service:Call), ``service``, ``region``, ``network`` (/24 or /48, or the AWS service name),
``agent`` (user-agent family) and ``key`` (long-term access key id), each with first/last seen and a count;
per account: ``api`` and ``network``, which make "rare for the account" and "never seen for this account";
hourly call counts per principal for the volume model. Entries not seen within the window expire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from ssrm.model import Severity, Stage
from ssrm.model.alert import Alert, Evidence

ACCOUNT_SCOPE = "account:"
DENIED = "('AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation', " \
    "'UnauthorizedAccess')"

NETWORK_SQL = (
    "CASE WHEN source_ip IS NULL THEN '?' "
    "WHEN contains(source_ip, ':') THEN array_to_string(string_split(source_ip, ':')[1:3], ':') || '::/48' "
    "WHEN source_ip[1] BETWEEN '0' AND '9' "
    "THEN left(source_ip, length(source_ip) - strpos(reverse(source_ip), '.')) || '.0/24' "
    "ELSE source_ip END"
)
AGENT_SQL = (
    "CASE WHEN user_agent IS NULL THEN '?' WHEN contains(user_agent, 'Terraform') THEN 'Terraform' "
    "ELSE coalesce(nullif(regexp_extract(user_agent, '^\\[?([A-Za-z][A-Za-z0-9_.-]*)', 1), ''), "
    "left(user_agent, 40)) END"
)

#: dimension -> (weight in the score, phrase)
WEIGHTS: dict[str, float] = {
    "api": 0.25,
    "service": 0.2,
    "region": 0.3,
    "network": 0.15,
    "agent": 0.1,
    "key": 0.2,
    "account_network": 0.3,
    "rare_api": 0.2,
    "write_api": 0.1,
}


@dataclass(frozen=True)
class BaselineConfig:
    window_days: int = 30
    min_events: int = 20  # a principal needs this much history before its novelties count
    min_history_hours: int = 24
    rare_count: int = 3  # an API called fewer times than this in the whole account is rare
    min_score: float = 30.0
    storm_denied: int = 20  # AccessDenied per 10 minutes
    volume_min: int = 200  # calls per hour below which no spike is reported
    volume_k: float = 6.0  # robust z threshold
    volume_history: int = 24  # active hours needed for a volume model

    def __post_init__(self) -> None:
        # these numbers are written into SQL: only plain positive integers get there
        if not isinstance(self.window_days, int) or self.window_days < 1:
            raise ValueError(f"baseline window must be a positive number of days, not {self.window_days!r}")


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS bl_seen (principal VARCHAR, dim VARCHAR, value VARCHAR, "
        "first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ, n BIGINT, PRIMARY KEY (principal, dim, value))"
    )
    con.execute(
        "CREATE TABLE IF NOT EXISTS bl_principal (principal VARCHAR PRIMARY KEY, account VARCHAR, "
        "first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ, n BIGINT, denied BIGINT)"
    )
    con.execute(
        "CREATE TABLE IF NOT EXISTS bl_volume (principal VARCHAR, hour TIMESTAMPTZ, n BIGINT, "
        "PRIMARY KEY (principal, hour))"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE novel (principal VARCHAR, account VARCHAR, dim VARCHAR, value VARCHAR, "
        "t0 TIMESTAMPTZ, t1 TIMESTAMPTZ, n BIGINT, eid VARCHAR, summary VARCHAR, acct_n BIGINT)"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE vol_touched (principal VARCHAR, hour TIMESTAMPTZ)")
    # per principal and 10-minute bucket with a denied call: its calls, summed over batches at alert time
    con.execute(
        "CREATE OR REPLACE TEMP TABLE denied_buckets (principal VARCHAR, account VARCHAR, bucket TIMESTAMPTZ, "
        "denied BIGINT, total BIGINT, apis VARCHAR[], eids STRUCT(t TIMESTAMPTZ, id VARCHAR)[])"
    )


def observe(con: duckdb.DuckDBPyConnection, cfg: BaselineConfig, learn_only: bool = False) -> None:
    """Compare the batch in ``ct`` with the baseline, record novelties, then fold the batch in."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE prof AS
        SELECT principal, account, event_source, event_name, aws_region, {NETWORK_SQL} AS network, user_agent,
               CASE WHEN starts_with(ui_access_key_id, 'AKIA') THEN ui_access_key_id END AS akey,
               min(event_time) AS t0, max(event_time) AS t1, count(*) AS n,
               count(*) FILTER (WHERE error_code IN {DENIED}) AS denied,
               arg_min(event_id, event_time) AS eid
        FROM ct WHERE event_time IS NOT NULL GROUP BY ALL"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE dims AS
        WITH p AS (SELECT *, {AGENT_SQL} AS agent, split_part(event_source, '.', 1) || ':' || event_name AS api
                   FROM prof)
        SELECT principal, any_value(account) AS account, dim, value, min(t0) AS t0, max(t1) AS t1, sum(n) AS n,
               arg_min(eid, t0) AS eid FROM (
          SELECT principal, account, 'api' AS dim, api AS value, t0, t1, n, eid FROM p
          UNION ALL SELECT principal, account, 'service', event_source, t0, t1, n, eid FROM p
          UNION ALL SELECT principal, account, 'region', aws_region, t0, t1, n, eid FROM p WHERE aws_region IS NOT NULL
          UNION ALL SELECT principal, account, 'network', network, t0, t1, n, eid FROM p
          UNION ALL SELECT principal, account, 'agent', agent, t0, t1, n, eid FROM p
          UNION ALL SELECT principal, account, 'key', akey, t0, t1, n, eid FROM p WHERE akey IS NOT NULL
          UNION ALL SELECT '{ACCOUNT_SCOPE}' || account, account, 'api', api, t0, t1, n, eid FROM p
          UNION ALL SELECT '{ACCOUNT_SCOPE}' || account, account, 'network', network, t0, t1, n, eid FROM p
        ) WHERE value IS NOT NULL AND principal IS NOT NULL GROUP BY principal, dim, value"""
    )
    if not learn_only:
        _record_novelties(con, cfg)
        # Denied calls are rare: bucket them alone, then count all calls only in those buckets.
        con.execute(
            f"""INSERT INTO denied_buckets
            WITH d AS (
              SELECT principal, any_value(account) AS account, time_bucket(INTERVAL 10 MINUTES, event_time) AS b,
                     count(*) AS denied, list(DISTINCT event_name) AS apis,
                     list({{'t': event_time, 'id': event_id}} ORDER BY event_time)[1:10] AS eids
              FROM ct WHERE error_code IN {DENIED} AND event_time IS NOT NULL GROUP BY principal, b),
            t AS (
              SELECT ct.principal, time_bucket(INTERVAL 10 MINUTES, ct.event_time) AS b, count(*) AS total
              FROM ct WHERE ct.principal IN (SELECT principal FROM d) GROUP BY ALL)
            SELECT d.principal, d.account, d.b, d.denied, t.total, d.apis, d.eids
            FROM d JOIN t USING (principal, b)"""
        )
    con.execute(
        """INSERT INTO bl_seen SELECT principal, dim, value, t0, t1, n FROM dims
        ON CONFLICT (principal, dim, value) DO UPDATE SET first_seen = least(bl_seen.first_seen, excluded.first_seen),
          last_seen = greatest(bl_seen.last_seen, excluded.last_seen), n = bl_seen.n + excluded.n"""
    )
    con.execute(
        """INSERT INTO bl_principal SELECT principal, any_value(account), min(t0), max(t1), sum(n), sum(denied)
        FROM prof GROUP BY principal
        ON CONFLICT (principal) DO UPDATE SET first_seen = least(bl_principal.first_seen, excluded.first_seen),
          last_seen = greatest(bl_principal.last_seen, excluded.last_seen), n = bl_principal.n + excluded.n,
          denied = bl_principal.denied + excluded.denied"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE vol AS SELECT principal, date_trunc('hour', event_time) AS hour,
        count(*) AS n FROM ct WHERE event_time IS NOT NULL GROUP BY ALL"""
    )
    con.execute(
        """INSERT INTO bl_volume SELECT * FROM vol ON CONFLICT (principal, hour)
        DO UPDATE SET n = bl_volume.n + excluded.n"""
    )
    if not learn_only:
        con.execute("INSERT INTO vol_touched SELECT principal, hour FROM vol")


def _record_novelties(con: duckdb.DuckDBPyConnection, cfg: BaselineConfig) -> None:
    """Record the batch's first uses (``dims`` not in the baseline) that count as novel, judged in time order.

    Each first use is judged against the principal's history *before it*: the baseline of earlier batches plus
    the events of this batch that precede it, so a run finds the same novelties however its input is cut into
    batches. The principal needs ``min_events`` calls and ``min_history_hours`` of history before the first
    use; ``acct_n`` counts the account's calls of the same API (or from the same network) before it.
    """
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE bl_hist AS
        SELECT principal, min(event_time) AS first_t, min(event_time, {int(cfg.min_events)}) AS earliest
        FROM ct WHERE event_time IS NOT NULL GROUP BY principal"""
    )
    from ssrm.detect.matching import API_SQL

    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE bl_acct_api AS
        SELECT '{ACCOUNT_SCOPE}' || account AS principal, {API_SQL} AS value,
               min(event_time, {int(cfg.rare_count)}) AS earliest
        FROM ct WHERE event_time IS NOT NULL GROUP BY account, event_source, event_name"""
    )
    con.execute(
        f"""INSERT INTO novel
        SELECT d.principal, d.account, d.dim, d.value, d.t0, d.t1, d.n, d.eid, NULL,
               coalesce(sa.n, 0) + CASE
                 WHEN d.dim = 'api' THEN coalesce(len(list_filter(aa.earliest, lambda x: x < d.t0)), 0)
                 WHEN da.t0 < d.t0 THEN 1 ELSE 0 END
        FROM dims d JOIN bl_hist h ON h.principal = d.principal
        LEFT JOIN bl_principal bp ON bp.principal = d.principal
        LEFT JOIN bl_seen s ON s.principal = d.principal AND s.dim = d.dim AND s.value = d.value
        LEFT JOIN bl_seen sa ON sa.principal = '{ACCOUNT_SCOPE}' || d.account AND sa.dim = d.dim AND sa.value = d.value
        LEFT JOIN dims da ON da.principal = '{ACCOUNT_SCOPE}' || d.account AND da.dim = d.dim AND da.value = d.value
        LEFT JOIN bl_acct_api aa ON d.dim = 'api' AND aa.principal = '{ACCOUNT_SCOPE}' || d.account
                                 AND aa.value = d.value
        WHERE s.principal IS NULL AND NOT starts_with(d.principal, '{ACCOUNT_SCOPE}')
          AND d.t0 - least(coalesce(bp.first_seen, h.first_t), h.first_t) >= INTERVAL {int(cfg.min_history_hours)} HOURS
          AND (coalesce(bp.n, 0) >= {int(cfg.min_events)}
               OR h.earliest[{int(cfg.min_events)} - coalesce(bp.n, 0)] < d.t0)"""
    )


def expire(con: duckdb.DuckDBPyConnection, cfg: BaselineConfig) -> None:
    """Forget what was not seen within the window, counted back from the newest event seen."""
    latest = con.execute("SELECT max(last_seen) FROM bl_principal").fetchone()[0]  # type: ignore[index]  # an aggregate always returns one row
    if latest is None:
        return
    cut = f"TIMESTAMPTZ '{latest.isoformat()}' - INTERVAL {cfg.window_days} DAYS"
    con.execute(f"DELETE FROM bl_seen WHERE last_seen < {cut}")
    con.execute(f"DELETE FROM bl_volume WHERE hour < {cut}")
    con.execute(f"DELETE FROM bl_principal WHERE last_seen < {cut}")


def _combine(factors: list[float]) -> float:
    """Independent evidence: 1 - prod(1 - w)."""
    rest = 1.0
    for f in factors:
        rest *= 1.0 - f
    return round(100.0 * (1.0 - rest), 1)


def severity_for(score: float) -> Severity:
    if score >= 85:
        return Severity.HIGH
    if score >= 60:
        return Severity.MEDIUM
    if score >= 30:
        return Severity.LOW
    return Severity.INFO


def _principal_words(principal: str) -> str:
    if ":role/" in principal:
        return f"role {principal.rsplit('/', 1)[-1]}"
    if ":user/" in principal:
        return f"user {principal.rsplit('/', 1)[-1]}"
    return principal


def capture_evidence(con: duckdb.DuckDBPyConnection) -> None:
    """Fill summaries of this batch's novelty evidence while its events are still loaded."""
    from ssrm.detect.matching import SUMMARY_SQL

    pending = con.execute("SELECT count(*) FROM novel WHERE summary IS NULL").fetchone()
    if not pending or not pending[0]:
        return
    con.execute(
        f"UPDATE novel SET summary = s.summary FROM (SELECT event_id, {SUMMARY_SQL} AS summary FROM ct "
        "WHERE event_id IN (SELECT eid FROM novel WHERE summary IS NULL)) s "
        "WHERE novel.eid = s.event_id AND novel.summary IS NULL"
    )


def anomaly_alerts(con: duckdb.DuckDBPyConnection, cfg: BaselineConfig) -> list[Alert]:
    out: list[Alert] = []
    rows = con.execute(
        """SELECT principal, any_value(account), min(t0), max(t1),
                  list([dim, value, CAST(coalesce(acct_n, 0) AS VARCHAR), eid, coalesce(summary, '')] ORDER BY t0)
           FROM novel GROUP BY principal"""
    ).fetchall()
    window = cfg.window_days
    for principal, account, first, last, items in rows:
        new: dict[str, list[str]] = {}
        acct_counts: dict[tuple[str, str], int] = {}
        evidence: dict[str, str] = {}
        for dim, value, acct_n, eid, summary in items:
            new.setdefault(dim, [])
            if value not in new[dim]:
                new[dim].append(value)
            acct_counts[(dim, value)] = int(acct_n)
            if len(evidence) < 10:
                evidence.setdefault(eid, summary)
        factors: list[float] = []
        phrases: list[str] = []
        apis = new.get("api", [])
        if apis:
            factors.append(WEIGHTS["api"])
            shown = ", ".join(apis[:5]) + (f" and {len(apis) - 5} more" if len(apis) > 5 else "")
            phrases.append(f"called {shown} for the first time in {window} days")
            rare = [a for a in apis if acct_counts.get(("api", a), 0) < cfg.rare_count]
            if rare:
                factors.append(WEIGHTS["rare_api"])
                phrases.append(f"{', '.join(rare[:3])} {'is' if len(rare) == 1 else 'are'} rare for the account "
                               f"(fewer than {cfg.rare_count} calls by anyone before)")
            if any(not a.split(":", 1)[-1].startswith(("Get", "List", "Describe", "Head")) for a in apis):
                factors.append(WEIGHTS["write_api"])
        if new.get("service"):
            factors.append(WEIGHTS["service"])
            phrases.append(f"used service(s) {', '.join(s.split('.')[0] for s in new['service'][:4])} never used by it")
        if new.get("region"):
            factors.append(WEIGHTS["region"])
            phrases.append(f"acted in region(s) {', '.join(new['region'][:4])} never used by it")
        if new.get("network"):
            nets = new["network"]
            unseen_acct = [n for n in nets if acct_counts.get(("network", n), 0) == 0]
            factors.append(WEIGHTS["network"])
            if unseen_acct:
                factors.append(WEIGHTS["account_network"])
                phrases.append(f"from network {', '.join(unseen_acct[:3])} never seen for this account")
            else:
                phrases.append(f"from network {', '.join(nets[:3])} new for this principal")
        if new.get("agent"):
            factors.append(WEIGHTS["agent"])
            phrases.append(f"with user agent {', '.join(repr(a) for a in new['agent'][:3])} never used by it")
        if new.get("key"):
            factors.append(WEIGHTS["key"])
            phrases.append(f"with access key {', '.join(new['key'][:2])} never used before")
        score = _combine(factors)
        if score < cfg.min_score:
            continue
        explanation = f"{_principal_words(principal)} " + "; ".join(phrases) + "."
        stage = Stage.DISCOVER_SPREAD if apis else Stage.INITIAL_ACCESS
        out.append(
            Alert(
                rule_id="ssrm_anomaly_first_seen", title="Behaviour never seen before for this principal",
                severity=severity_for(score), stage=stage, kind="anomaly",
                attack=("T1078.004",), principal=principal, account=account or "",
                region=(new.get("region") or [""])[0], first_seen=first, last_seen=last,
                count=len(items), score=score, explanation=explanation,
                evidence=tuple(Evidence(event_id=e, summary=s) for e, s in evidence.items()),
            )
        )
    out.extend(_storm_alerts(con, cfg))
    out.extend(_volume_alerts(con, cfg))
    return out


def _storm_alerts(con: duckdb.DuckDBPyConnection, cfg: BaselineConfig) -> list[Alert]:
    rows = con.execute(
        f"""WITH storms AS (
              SELECT principal, any_value(account) AS account, bucket, sum(denied) AS denied, sum(total) AS total,
                     len(list_distinct(flatten(list(apis)))) AS apis, flatten(list(eids)) AS eids
              FROM denied_buckets GROUP BY principal, bucket HAVING sum(denied) >= {int(cfg.storm_denied)})
           SELECT s.principal, any_value(s.account), min(s.bucket), max(s.bucket), sum(s.denied), sum(s.total),
                  max(s.apis), list_transform(list_sort(flatten(list(s.eids))), lambda e: e.id)[1:10],
                  any_value(bp.n), any_value(bp.denied)
           FROM storms s LEFT JOIN bl_principal bp ON bp.principal = s.principal GROUP BY s.principal"""
    ).fetchall()
    out = []
    for principal, account, first, last, denied, total, apis, eids, hist_n, hist_denied in rows:
        ratio = denied / max(total, 1)
        usual = ""
        if hist_n:
            usual = f"; normally {100.0 * (hist_denied or 0) / hist_n:.1f}% of its calls are denied"
        score = min(100.0, 40.0 + 40.0 * ratio + min(20.0, apis))
        out.append(
            Alert(
                rule_id="ssrm_anomaly_access_denied_storm", title="AccessDenied storm (permission enumeration)",
                severity=severity_for(score), stage=Stage.DISCOVER_SPREAD, kind="anomaly",
                attack=("T1087.004", "T1069.003"), principal=principal, account=account or "",
                first_seen=first, last_seen=last, count=int(denied), score=round(score, 1),
                explanation=(f"{_principal_words(principal)} was denied {denied} times on {apis} distinct APIs "
                             f"within 10-minute windows ({100 * ratio:.0f}% of its calls then){usual}."),
                evidence=tuple(Evidence(event_id=e, summary="denied call") for e in eids or []),
            )
        )
    return out


def _volume_alerts(con: duckdb.DuckDBPyConnection, cfg: BaselineConfig) -> list[Alert]:
    rows = con.execute(
        f"""WITH h AS (SELECT principal, median(n) AS med, count(*) AS k FROM bl_volume GROUP BY principal),
        m AS (SELECT v.principal, median(abs(v.n - h.med)) AS mad FROM bl_volume v JOIN h USING (principal)
              GROUP BY v.principal)
        SELECT t.principal, t.hour, v.n, h.med, m.mad, h.k, bp.account
        FROM (SELECT DISTINCT principal, hour FROM vol_touched) t
        JOIN bl_volume v USING (principal, hour) JOIN h USING (principal) JOIN m USING (principal)
        LEFT JOIN bl_principal bp ON bp.principal = t.principal
        WHERE h.k >= {cfg.volume_history} AND v.n >= {cfg.volume_min}
          AND v.n > h.med + {cfg.volume_k} * greatest(1.4826 * m.mad, 1.0)
        ORDER BY t.principal, t.hour"""
    ).fetchall()
    out = []
    for principal, hour, n, med, mad, k, account in rows:
        z = (n - med) / max(1.4826 * mad, 1.0)
        score = min(100.0, 35.0 + 10.0 * (z / cfg.volume_k))
        out.append(
            Alert(
                rule_id="ssrm_anomaly_volume_spike", title="Call volume spike", severity=severity_for(score),
                stage=Stage.DISCOVER_SPREAD, kind="anomaly", attack=("T1580",), principal=principal,
                account=account or "", first_seen=hour, last_seen=hour, count=int(n), score=round(score, 1),
                explanation=(f"{_principal_words(principal)} made {n} calls in the hour from {_ts(hour)}; its "
                             f"median over {k} active hours is {med:.0f} (robust z = {z:.1f})."),
            )
        )
    return out


def _ts(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%MZ")


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    p = con.execute("SELECT count(*), min(first_seen), max(last_seen), sum(n) FROM bl_principal").fetchone()
    s = con.execute("SELECT dim, count(*) FROM bl_seen GROUP BY dim ORDER BY dim").fetchall()
    assert p is not None
    return {
        "principals": p[0], "from": p[1].isoformat() if p[1] else None, "to": p[2].isoformat() if p[2] else None,
        "events": int(p[3] or 0), "entries": {d: n for d, n in s},
    }
