"""The store on SQLite and PostgreSQL: runs recorded whole or marked incomplete, lifecycle, alerts, prune."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from ssrm.model.resources.compute.network import PortRule
from ssrm.store import StoreError, open_store, record_run, recording
from ssrm.store.models import Run
from tests.store.world import assessment_doc, base_inventory, replace, snapshot


def test_a_run_is_stored_whole(store: Any) -> None:
    inv = base_inventory()
    doc = assessment_doc(inv)
    info = store.record(doc, snapshot(inv), source="live")
    assert info.status == "complete" and info.account == "111122223333"
    assert info.findings_total == len(doc["findings"]) and info.failures == sum(
        f["status"] == "FAIL" for f in doc["findings"])
    assert store.inventory(info.id)["resources"][0]["id"] == inv.resources[0].id
    stored = store.findings(info.id, status="FAIL")
    assert {f["rule_id"] for f in stored} == {f["rule_id"] for f in doc["findings"] if f["status"] == "FAIL"}
    detail = store.run_detail(info.id)
    assert set(detail["layers"]) == set(doc["layers"])
    assert store.scores([info.id])[info.id].keys() == doc["layers"].keys()


def test_a_run_that_raises_is_failed_not_clean(store_url: str) -> None:
    with pytest.raises(RuntimeError), recording(store_url, source="live") as rec:
        assert rec.run_id is not None
        raise RuntimeError("collector exploded")
    store = open_store(store_url)
    [run] = store.runs()
    assert run.status == "failed" and "collector exploded" in run.error
    assert store.runs(finished_only=True) == []


def test_a_killed_writer_leaves_an_interrupted_run(store_url: str) -> None:
    code = ("import os; from ssrm.store import open_store; "
            f"s = open_store({store_url!r}); s.begin_run(source='live', account='1'); os._exit(9)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    [run] = open_store(store_url).runs()
    assert run.status == "interrupted" and not run.finished


def test_two_writers_at_once_do_not_corrupt_each_other(store_url: str) -> None:
    doc = assessment_doc(base_inventory())
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(3):
                record_run(store_url, doc, source="snapshot")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = open_store(store_url)
    runs = store.runs()
    assert len(runs) == 6 and all(r.status == "complete" for r in runs)
    assert all(len(store.findings(r.id)) == len(doc["findings"]) for r in runs)


def test_lifecycle_opens_keeps_closes_and_reopens(store: Any) -> None:
    inv = base_inventory()
    world_ssh = (PortRule(protocol="tcp", from_port=22, to_port=22, ipv4_ranges=("0.0.0.0/0",)),)
    bad = replace(inv, "sg-0ab", ingress=world_ssh)
    for version in (bad, bad, inv, bad):
        store.record(assessment_doc(version), snapshot(version), source="live")
    ssh = [lc for lc in store.lifecycles() if lc["resource_arn"].endswith("sg-0ab")]
    assert ssh, "the world-open SSH finding has a lifecycle"
    lc = ssh[0]
    assert lc["open"] and lc["reopened"] == 1 and lc["fixes"] == 1 and lc["fixed_seconds"] >= 0


def test_an_unreadable_finding_is_never_a_fix(store: Any) -> None:
    inv = base_inventory()
    store.record(assessment_doc(inv), snapshot(inv), source="live")
    open_before = {lc["fingerprint"] for lc in store.lifecycles(open_only=True)}
    unknown = replace(inv, "shop-logs", unknown={"public_access_block": "AccessDenied"})
    store.record(assessment_doc(unknown), snapshot(unknown), source="live")
    still_open = {lc["fingerprint"] for lc in store.lifecycles(open_only=True)}
    logs = {lc["fingerprint"] for lc in store.lifecycles() if lc["resource_arn"].endswith("shop-logs")}
    assert logs & open_before and logs & open_before <= still_open


def test_alerts_are_deduplicated(store: Any) -> None:
    alert = {"rule_id": "ct_root_login", "title": "Root signed in", "severity": "high", "kind": "rule",
             "principal": "root", "resource": "", "account": "1", "region": "us-east-1",
             "first_seen": "2026-01-01T00:00:00+00:00", "last_seen": "2026-01-01T00:05:00+00:00", "count": 2}
    assert store.record_alerts([alert]) == (1, 0)
    later = {**alert, "first_seen": "2026-01-02T00:00:00+00:00", "last_seen": "2026-01-02T00:01:00+00:00"}
    assert store.record_alerts([later]) == (0, 1)
    [row] = store.alerts()
    assert row["count"] == 4
    assert row["first_seen"].startswith("2026-01-01") and row["last_seen"].startswith("2026-01-02")


def test_prune_keeps_the_newest_finished_run(store: Any) -> None:
    doc = assessment_doc(base_inventory())
    ids = [store.record(doc, source="live").id for _ in range(3)]
    with store.session() as s:
        s.execute(update(Run).values(created_at=datetime.now(UTC) - timedelta(days=200)))
    assert store.prune(timedelta(days=90), dry_run=True) == ids[:2]
    assert store.prune(timedelta(days=90)) == ids[:2]
    assert [r.id for r in store.runs()] == [ids[2]]
    assert store.findings(ids[0]) == []


def test_bad_store_urls_are_one_line_errors(tmp_path: Any) -> None:
    with pytest.raises(StoreError, match="unsupported store"):
        open_store("mysql://x@localhost/db")
    with pytest.raises(StoreError, match="cannot"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    try:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    except StoreError as exc:
        assert "secret" not in str(exc)
