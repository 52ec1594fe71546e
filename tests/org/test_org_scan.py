"""``ssrm scan --org`` end to end on 20 planted accounts: the local pool, a Dask cluster, and a resumed run.

Each scan runs the real CLI in a child process with the auditor's keys; the emulator enforces IAM, so the
quarantined account's member role is really refused.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ssrm
from ssrm.demo.org import KNOWN_VENDOR, UNKNOWN_PARTNER, PlantedOrg
from tests.cli_runner import SSRM, run_ssrm
from tests.org.conftest import ORG_REGIONS, ORG_SERVICES


def auditor_env(org: PlantedOrg) -> dict[str, str]:
    """This process's environment with the auditor's keys as the only AWS credentials, and the ssrm under
    test first on the path (a worker pool may have been started with another environment)."""
    source = str(Path(ssrm.__file__).resolve().parents[1])
    path = os.pathsep.join([source, *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]])
    return {**{k: v for k, v in os.environ.items() if not k.startswith("AWS_")}, **org.env(), "PYTHONPATH": path}


def org_scan(org: PlantedOrg, workdir: Path, *extra: str, env: dict[str, str] | None = None,
             check: bool = True) -> subprocess.CompletedProcess[str]:
    args = ["scan", "--org", "--regions", ORG_REGIONS, "--services", ORG_SERVICES, "--format", "json", "--quiet",
            "--checkpoint-dir", str(workdir / "runs"), "--save", str(workdir / "inventory.json"), *extra]
    proc = subprocess.run([*SSRM, *args], capture_output=True, text=True, env={**auditor_env(org), **(env or {})},
                          timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"ssrm {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def local(org: PlantedOrg, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    workdir = tmp_path_factory.mktemp("local")
    return json.loads(org_scan(org, workdir).stdout), workdir


@pytest.fixture(scope="module")
def dask_address(org: PlantedOrg) -> Iterator[str]:
    """Two worker processes with the auditor's credentials as their own (workers never receive any)."""
    distributed = pytest.importorskip("distributed")
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(auditor_env(org))
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=4, processes=True, dashboard_address=None,
                                      silence_logs=40) as cluster:
            yield cluster.scheduler_address
    finally:
        os.environ.clear()
        os.environ.update(saved)


def verdicts(doc: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    return sorted((f["account"], f["rule_id"], f["resource_arn"], f["status"], f["reason"]) for f in doc["findings"])


MOVING = {"last_used", "latest_delivery"}


def _without_last_use(value: Any) -> Any:
    """Times that move between two scans of an unchanged organization: the scan itself uses the member role
    and the auditor's key ("last used"), and the organization trail keeps delivering."""
    if isinstance(value, dict):
        return {k: _without_last_use(v) for k, v in value.items() if k not in MOVING}
    if isinstance(value, list):
        return [_without_last_use(v) for v in value]
    return value


def inventory_records(path: Path) -> list[tuple[str, str]]:
    data = json.loads(path.read_text())
    return sorted((r["type"], json.dumps(_without_last_use(r), sort_keys=True)) for r in data["resources"])


def test_every_account_is_listed_and_scanned(local: tuple[dict[str, Any], Path], org: PlantedOrg) -> None:
    doc, _ = local
    breakdown = doc["organization"]
    assert breakdown["accounts_listed"] == 21 and breakdown["accounts_selected"] == 21
    rows = {r["account"]: r for r in breakdown["accounts"]}
    assert set(org.accounts.values()) | {org.management} == set(rows)
    assessed = [r for r in rows.values() if r["status"] == "assessed"]
    assert len(assessed) == 20 and all(r["overall"] is not None for r in assessed)
    scores = [r["overall"] for r in breakdown["accounts"] if r["status"] == "assessed"]
    assert scores == sorted(scores), "worst account first"


def test_denied_account_is_a_gap_of_that_account(local: tuple[dict[str, Any], Path], org: PlantedOrg) -> None:
    doc, _ = local
    row = next(r for r in doc["organization"]["accounts"] if r["account"] == org.denied)
    assert row["status"] == "not assessed" and "AccessDenied" in row["reason"]
    assert doc["organization"]["accounts"][0]["account"] == org.denied, "unassessed accounts lead the list"
    assert any(g.get("account") == org.denied and g["error"] == "AccessDenied" for g in doc["gaps"])
    assert not [f for f in doc["findings"] if f["account"] == org.denied and f["status"] in ("PASS", "FAIL")
                and not f["rule_id"].startswith("organizations_")]


def test_regions_denied_by_scp_are_told_apart(local: tuple[dict[str, Any], Path], org: PlantedOrg) -> None:
    doc, _ = local
    rows = {r["account"]: r for r in doc["organization"]["accounts"]}
    sandbox = rows[org.accounts["sandbox-lab"]]
    assert sandbox["scp_denied_regions"] == ["eu-west-1"] and sandbox["regions"] == ["us-east-1"]
    assert sandbox["disabled_regions"] == []
    prod = rows[org.prod]
    assert prod["regions"] == ["us-east-1", "eu-west-1"] and prod["scp_denied_regions"] == []


def test_cross_account_path_from_dev_host_to_prod_bucket(local: tuple[dict[str, Any], Path], org: PlantedOrg) -> None:
    doc, _ = local
    crossing = [p for p in doc["paths"] if org.dev in p["accounts"] and org.prod in p["accounts"]
                and p["target"] == f"arn:aws:s3:::prod-customers-{org.prod}"]
    assert crossing, [p["accounts"] for p in doc["paths"]]
    path = min(crossing, key=lambda p: p["length"])
    assert path["steps"][0]["from"] == "internet"
    assert any("assumes role prod-deployer" in s["sentence"] for s in path["steps"])
    cut = [s for s in doc["plan"] if path["id"] in s["paths_broken"]]
    assert cut, "the plan cuts the cross-account path"


def test_integrations_name_vendor_github_and_unknown(local: tuple[dict[str, Any], Path], org: PlantedOrg) -> None:
    doc, workdir = local
    found = doc["integrations"]["integrations"]
    vendor = next(i for i in found if i["party"] == KNOWN_VENDOR)
    assert vendor["party_name"] == "Datadog" and vendor["known"] and not vendor["locked"]
    assert vendor["guard"] == "no sts:ExternalId"
    github = next(i for i in found if i["kind"] == "oidc")
    assert github["severity"] == "critical" and "no sub condition" in github["guard"]
    partner = next(i for i in found if i["party"] == UNKNOWN_PARTNER)
    assert partner["party_name"] == "unknown account" and partner["locked"]
    assert UNKNOWN_PARTNER in doc["integrations"]["unknown_accounts"]
    assert org.management not in doc["integrations"]["parties"], "organization accounts are insiders"
    csv_text = run_ssrm("integrations", str(workdir / "inventory.json"), "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("severity,kind,party")
    assert any(KNOWN_VENDOR in line and "Datadog" in line for line in csv_text.splitlines())


def test_dask_cluster_gives_the_same_assessment(local: tuple[dict[str, Any], Path], org: PlantedOrg,
                                                dask_address: str, tmp_path: Path) -> None:
    doc, workdir = local
    distributed = json.loads(org_scan(org, tmp_path, "--cluster", dask_address).stdout)
    assert distributed["organization"]["executor"] == "dask" and distributed["organization"]["workers"] == 2
    assert verdicts(distributed) == verdicts(doc)
    assert inventory_records(tmp_path / "inventory.json") == inventory_records(workdir / "inventory.json")
    assert [(r["account"], r["layers"]) for r in distributed["organization"]["accounts"]] == \
           [(r["account"], r["layers"]) for r in doc["organization"]["accounts"]]
    assert [p["id"] for p in distributed["paths"]] == [p["id"] for p in doc["paths"]]


def test_bad_selection_is_one_line_and_exit_2(org: PlantedOrg, tmp_path: Path) -> None:
    proc = org_scan(org, tmp_path, "--ous", "NoSuchOU", check=False)
    assert proc.returncode == 2
    assert "no account or OU named 'NoSuchOU'" in proc.stderr and "Traceback" not in proc.stderr


def test_permissions_org_names_both_policies() -> None:
    policy = json.loads(run_ssrm("permissions", "--org").stdout)
    assert "organizations:ListAccountsForParent" in policy["management"]["Statement"][0]["Action"]
    assert policy["member_role"]["name"] == "OrganizationAccountAccessRole"
    assert "s3:GetBucketPolicy" in policy["member_role"]["policy"]["Statement"][0]["Action"]


def test_resume_after_a_kill_gives_the_same_inventory_and_verdicts(local: tuple[dict[str, Any], Path],
                                                                   org: PlantedOrg, tmp_path: Path) -> None:
    doc, workdir = local
    total = doc["organization"]["units"]
    killed = org_scan(org, tmp_path, env={"SSRM_ORG_STOP_AFTER_UNITS": str(total // 2)}, check=False)
    assert killed.returncode == 75
    runs = list((tmp_path / "runs").iterdir())
    assert len(runs) == 1
    saved = list((runs[0] / "units").rglob("*.json"))
    assert len(saved) == total // 2
    resumed = json.loads(org_scan(org, tmp_path, "--resume", runs[0].name).stdout)
    assert resumed["organization"]["units_resumed"] == total // 2
    assert resumed["organization"]["run_id"] == runs[0].name
    assert verdicts(resumed) == verdicts(doc)
    assert inventory_records(tmp_path / "inventory.json") == inventory_records(workdir / "inventory.json")


def test_resume_from_checkpoints_in_the_store(local: tuple[dict[str, Any], Path], org: PlantedOrg,
                                              tmp_path: Path) -> None:
    from ssrm.org.checkpoint_store import StoreCheckpoints
    from ssrm.store import open_store

    doc, workdir = local
    total = doc["organization"]["units"]
    url = str(tmp_path / "history.db")
    killed = org_scan(org, tmp_path, "--store", url, env={"SSRM_ORG_STOP_AFTER_UNITS": str(total // 2)},
                      check=False)
    assert killed.returncode == 75, killed.stderr
    assert not (tmp_path / "runs").exists(), "with a store, nothing is checkpointed in a directory"
    store = open_store(url, readonly=True)
    with store.engine.connect() as conn:
        runs = [r for (r,) in conn.exec_driver_sql("SELECT DISTINCT run_id FROM org_checkpoints")]
    store.close()
    assert len(runs) == 1
    saved = StoreCheckpoints.open(url, runs[0])
    assert len(saved.units_saved()) == total // 2
    saved.close()
    resumed = json.loads(org_scan(org, tmp_path, "--store", url, "--resume", runs[0]).stdout)
    assert resumed["organization"]["units_resumed"] == total // 2
    assert resumed["organization"]["run_id"] == runs[0]
    assert verdicts(resumed) == verdicts(doc)
    assert inventory_records(tmp_path / "inventory.json") == inventory_records(workdir / "inventory.json")
