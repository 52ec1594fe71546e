"""Checkpoints: whole files only, found again by run id, older than --max-age treated as missing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ssrm.org.checkpoint import CheckpointError, RunStore, parse_age
from ssrm.org.units import WorkUnit


def test_units_round_trip_and_expire(tmp_path: Path) -> None:
    store = RunStore.create(tmp_path)
    store.save_run({"run_id": store.run_id})
    unit = WorkUnit("111111111111", "us-east-1", "data")
    old = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
    store.save_unit(unit, {"unit": unit.key, "resources": [], "finished_at": old})
    again = RunStore.open(tmp_path, store.run_id)
    assert again.load_unit(unit, None) == {"unit": unit.key, "resources": [], "finished_at": old}
    assert again.load_unit(unit, timedelta(hours=4)) is not None
    assert again.load_unit(unit, timedelta(hours=2)) is None, "older than --max-age: collected again"
    assert RunStore.open(tmp_path, str(store.path)).run_id == store.run_id, "a run directory path works too"
    assert not list(store.path.rglob("*.tmp")), "no temporary file is left behind"


def test_unknown_run_and_bad_age_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError, match="no checkpointed run 'nope'"):
        RunStore.open(tmp_path, "nope")
    assert parse_age("90m") == timedelta(minutes=90) and parse_age("7d") == timedelta(days=7)
    with pytest.raises(CheckpointError, match="--max-age"):
        parse_age("soon")


def test_damaged_unit_is_collected_again_damaged_run_is_reported(tmp_path: Path) -> None:
    store = RunStore.create(tmp_path)
    unit = WorkUnit("111111111111", "us-east-1", "data")
    path = store.path / "units" / f"{unit.key}.json"
    path.parent.mkdir(parents=True)
    path.write_text("{truncated")
    assert store.load_unit(unit, None) is None
    (store.path / "run.json").write_text("{truncated")
    with pytest.raises(CheckpointError, match="unreadable"):
        store.load_run()


def test_checkpoints_in_the_store_round_trip_expire_and_name_unknown_runs(tmp_path: Path) -> None:
    from ssrm.org.checkpoint_store import StoreCheckpoints

    url = str(tmp_path / "history.db")
    store = StoreCheckpoints.create(url)
    store.save_run({"run_id": store.run_id, "accounts": []})
    store.save_listing({"organization": {"id": "o-1"}})
    unit = WorkUnit("111111111111", "us-east-1", "data")
    old = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
    store.save_unit(unit, {"unit": unit.key, "resources": [], "finished_at": old})
    store.save_unit(unit, {"unit": unit.key, "resources": [{"id": "b"}], "finished_at": old})  # saved again
    store.save_plan("111111111111", {"account": "111111111111", "regions": ["us-east-1"]})
    store.close()
    again = StoreCheckpoints.open(url, store.run_id)
    assert again.load_run()["run_id"] == store.run_id
    assert again.load_listing() == {"organization": {"id": "o-1"}}
    assert again.load_unit(unit, None) == {"unit": unit.key, "resources": [{"id": "b"}], "finished_at": old}
    assert again.load_unit(unit, timedelta(hours=2)) is None, "older than --max-age: collected again"
    assert again.load_unit(WorkUnit("111111111111", "eu-west-1", "data"), None) is None
    assert again.load_plan("111111111111", timedelta(hours=1)) is not None
    assert again.units_saved() == [unit.key]
    again.close()
    with pytest.raises(CheckpointError, match=f"no checkpointed run 'nope' in the store .*{tmp_path.name}"):
        StoreCheckpoints.open(url, "nope")
    assert not (tmp_path / ".ssrm").exists(), "no run directory when a store is named"
