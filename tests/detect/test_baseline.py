"""Baseline model details: volume spikes, window expiry, scoring."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ssrm.detect import baseline
from ssrm.detect.ingest import Loader
from tests.detect.helpers import at, write_trail


def _feed(con: duckdb.DuckDBPyConnection, tmp: Path, records: list[dict], cfg: baseline.BaselineConfig,
          learn_only: bool = False) -> None:
    path = write_trail(tmp, records, f"{len(list(tmp.rglob('*.gz')))}.json.gz")
    loader = Loader(con)
    loader.load([(str(path), path)])
    loader.close()
    baseline.observe(con, cfg, learn_only=learn_only)


def test_volume_spike_uses_robust_statistics(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    baseline.create_tables(con)
    cfg = baseline.BaselineConfig(volume_min=50, volume_history=24)
    quiet = [at(-60 * h - m, eventName="DescribeInstances", eventSource="ec2.amazonaws.com")
             for h in range(1, 31) for m in range(0, 60, 6)]  # 10 calls an hour for 30 hours
    _feed(con, tmp_path, quiet, cfg, learn_only=True)
    burst = [at(m * 0.1, eventName="DescribeInstances", eventSource="ec2.amazonaws.com") for m in range(300)]
    _feed(con, tmp_path, burst, cfg)
    alerts = [a for a in baseline.anomaly_alerts(con, cfg) if a.rule_id == "ssrm_anomaly_volume_spike"]
    assert len(alerts) == 1
    assert "made 300 calls" in alerts[0].explanation and "active hours is 10 " in alerts[0].explanation


def test_window_expiry_forgets_old_entries(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    baseline.create_tables(con)
    cfg = baseline.BaselineConfig(window_days=1)
    _feed(con, tmp_path, [at(-3 * 24 * 60, eventName="OldCall", eventSource="ec2.amazonaws.com"), at(0)], cfg, True)
    baseline.expire(con, cfg)
    apis = {r[0] for r in con.execute("SELECT value FROM bl_seen WHERE dim = 'api'").fetchall()}
    assert apis == {"sts:GetCallerIdentity"}


def test_score_combines_independent_factors() -> None:
    assert baseline._combine([]) == 0
    assert baseline._combine([0.5, 0.5]) == 75.0
    assert baseline.severity_for(90) == "high" and baseline.severity_for(10) == "info"


def test_network_and_agent_normalisation() -> None:
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT {baseline.NETWORK_SQL}, {baseline.AGENT_SQL} FROM (VALUES "
        "('203.0.113.77', 'aws-cli/2.17 md/x'), ('2001:db8:1:2::5', 'APN/1.0 HashiCorp/1.0 Terraform/1.9'), "
        "('ec2.amazonaws.com', NULL)) t(source_ip, user_agent)"
    ).fetchall()
    assert rows == [("203.0.113.0/24", "aws-cli"), ("2001:db8:1::/48", "Terraform"), ("ec2.amazonaws.com", "?")]
