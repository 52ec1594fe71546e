"""``ssrm scan --org --store``: the merged run is kept under the organization's id and each assessed member
account as its own run, so ``ssrm history`` and ``ssrm diff`` work for the whole organization or one account."""

from __future__ import annotations

import json
from pathlib import Path

from ssrm.demo.org import PlantedOrg
from tests.cli_runner import run_ssrm
from tests.org.test_org_scan import org_scan


def test_org_scans_are_kept_per_organization_and_per_account(org: PlantedOrg, tmp_path: Path) -> None:
    store = tmp_path / "history.db"
    first = json.loads(org_scan(org, tmp_path, "--store", str(store)).stdout)
    org_scan(org, tmp_path, "--store", str(store))
    runs = json.loads(run_ssrm("history", "list", "-f", "json", "--limit", "100", "--store", str(store)).stdout)
    org_id = first["organization"]["organization"]
    merged = [r for r in runs if r["source"] == "org"]
    assert [r["account"] for r in merged] == [org_id, org_id] and all(r["status"] in ("complete", "partial")
                                                                       for r in merged)
    assessed = {a["account"] for a in first["organization"]["accounts"] if a["status"] == "assessed"}
    members = [r for r in runs if r["source"] == "live"]
    assert {r["account"] for r in members} == assessed and len(members) == 2 * len(assessed)
    assert all(r["target"] == f"organization {org_id}, run {merged[0]['id']}" for r in members[:len(assessed)])
    whole = json.loads(run_ssrm("diff", "--account", org_id, "-f", "json", "--store", str(store)).stdout)
    assert whole["head"]["id"] == merged[0]["id"] and whole["counts"]["new"] == 0
    one = sorted(assessed)[0]
    per_account = json.loads(run_ssrm("diff", "--account", one, "-f", "json", "--store", str(store)).stdout)
    assert per_account["head"]["account"] == one and per_account["base"]["account"] == one
    assert per_account["counts"]["unchanged"] > 0 and per_account["counts"]["new"] == 0
