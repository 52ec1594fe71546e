"""Drive the real CLI against moto's HTTP server with the demo company planted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ssrm.demo.world import DemoWorld
from ssrm.model.snapshot import inventory_to_dict, load_inventory
from tests.cli_runner import run_ssrm

FINDING_KEYS = {"rule_id", "title", "status", "severity", "layer", "stage", "resource_arn", "resource_type",
                "region", "reason", "remediation"}


def test_json_contract(scanned: tuple[dict[str, Any], Path]) -> None:
    doc, _ = scanned
    for key in ("schema_version", "account", "regions", "started_at", "finished_at", "stats", "gaps", "layers",
                "findings"):
        assert key in doc, key
    assert doc["account"] == "123456789012"
    assert doc["regions"] == ["us-east-1", "eu-west-1"]
    assert set(doc["layers"]) == {"apps", "hosts", "networks", "cloud"}
    for layer in doc["layers"].values():
        assert {"score", "phase", "pass", "fail", "error"} <= set(layer)
    assert doc["stats"]["calls_by_service"], "API calls are counted per service"
    assert doc["findings"], "a planted account yields findings"
    for f in doc["findings"]:
        assert set(f) >= FINDING_KEYS
        assert f["reason"]
    statuses = {f["status"] for f in doc["findings"]}
    assert {"PASS", "FAIL"} <= statuses


def test_every_layer_is_judged(scanned: tuple[dict[str, Any], Path]) -> None:
    doc, _ = scanned
    for name, layer in doc["layers"].items():
        assert layer["pass"] + layer["fail"] > 0, f"layer {name} has no evaluated rule"


def test_no_failure_on_aws_managed_things(scanned: tuple[dict[str, Any], Path]) -> None:
    doc, _ = scanned
    for f in doc["findings"]:
        if f["status"] != "FAIL":
            continue
        assert ":iam::aws:policy/" not in f["resource_arn"], f
        assert "/aws-service-role/" not in f["resource_arn"], f


def test_snapshot_round_trips_and_assesses_the_same(scanned: tuple[dict[str, Any], Path], tmp_path: Path) -> None:
    doc, snapshot = scanned
    inventory = load_inventory(snapshot)
    assert json.loads(snapshot.read_text()) == json.loads(json.dumps(inventory_to_dict(inventory)))
    offline = json.loads(run_ssrm("assess", str(snapshot), "--format", "json").stdout)

    def verdicts(d: dict[str, Any]) -> set[tuple[str, str, str]]:
        return {(f["rule_id"], f["resource_arn"], f["status"]) for f in d["findings"]}

    assert verdicts(offline) == verdicts(doc)


def test_text_summary_and_report_files(env: dict[str, str], tmp_path: Path) -> None:
    proc = run_ssrm("scan", "--regions", "us-east-1", "--services", "s3,ec2", "--output", str(tmp_path / "out"),
                    "--stats", env=env)
    assert "Your side of the shared responsibility model" in proc.stdout
    assert "API calls by service" in proc.stdout
    assert (tmp_path / "out" / "assessment.json").is_file()


# What the demo company plants, as a user reads it: (rule, resource name) -> expected status.
PLANTED = {
    ("s3_bucket_public_policy", "acme-shop-assets"): "FAIL",
    ("s3_bucket_public_access_block", "acme-shop-backups"): "PASS",
    ("s3_bucket_tls_enforced", "acme-shop-customer-data"): "FAIL",
    ("s3_bucket_sensitive_kms_encryption", "acme-shop-customer-data"): "FAIL",
    ("ec2_instance_imdsv1_allowed", "web-1"): "FAIL",
    ("ec2_instance_imdsv1_allowed", "worker-1"): "PASS",
    ("ec2_instance_public_admin_ports", "web-1"): "FAIL",
    ("ec2_instance_public_admin_ports", "worker-1"): "PASS",
    ("ec2_instance_user_data_secrets", "worker-1"): "FAIL",
    ("ec2_instance_user_data_secrets", "web-1"): "PASS",
    ("ec2_security_group_open_ssh", "web-sg"): "FAIL",
    ("iam_user_console_mfa", "bob"): "FAIL",
    ("iam_user_console_mfa", "alice"): "PASS",
    ("iam_user_admin_attached_directly", "bob"): "FAIL",
    ("iam_user_multiple_active_keys", "ci-deploy"): "FAIL",
    ("iam_user_inline_full_admin", "ci-deploy"): "FAIL",
    ("iam_role_cross_account_external_id", "vendor-audit"): "FAIL",
    ("iam_role_cross_account_external_id", "partner-sync"): "PASS",
    ("rds_instance_public", "analytics-db"): "FAIL",
    ("rds_instance_public", "shop-db"): "PASS",
    ("rds_instance_storage_encrypted", "analytics-db"): "FAIL",
    ("rds_instance_backups", "shop-db"): "PASS",
    ("lambda_function_deprecated_runtime", "thumbnailer"): "FAIL",
    ("lambda_function_env_secrets", "orders-api"): "FAIL",
    ("lambda_function_public_policy", "thumbnailer"): "FAIL",
    ("ecr_repository_public_policy", "legacy-images"): "FAIL",
    ("ecr_repository_scan_on_push", "shop-web"): "PASS",
}


def test_planted_weaknesses_and_good_practice_are_judged(scanned: tuple[dict[str, Any], Path]) -> None:
    doc, _ = scanned
    seen = {(f["rule_id"], f["resource_name"] or f["resource_id"]): f["status"] for f in doc["findings"]}
    wrong = {key: (want, seen.get(key)) for key, want in PLANTED.items() if seen.get(key) != want}
    assert not wrong, wrong


def test_secrets_are_never_written(scanned: tuple[dict[str, Any], Path]) -> None:
    doc, snapshot = scanned
    from ssrm.demo import apps, compute

    # The secret key the demo hides in worker-1's user data, and the password in orders-api's environment.
    for planted, module in (("acmeDEMOonlyNotARealSecretKey", compute), ("Orders-2024-Pr0d!", apps)):
        assert planted in Path(module.__file__).read_text()
        assert planted not in json.dumps(doc)
        assert planted not in snapshot.read_text()


def test_per_service_endpoint_variables_are_respected(planted: DemoWorld) -> None:
    """No AWS_ENDPOINT_URL: each client finds the emulator through its own AWS_ENDPOINT_URL_<SERVICE>."""
    from ssrm.demo.server import DEMO_ENV

    services = ("STS", "EC2", "S3", "S3_CONTROL", "RESOURCE_GROUPS_TAGGING_API")
    env = {**DEMO_ENV, **{f"AWS_ENDPOINT_URL_{s}": planted.endpoint for s in services}}
    proc = run_ssrm("scan", "--regions", "us-east-1", "--services", "s3", "-f", "json", "-q", env=env)
    doc = json.loads(proc.stdout)
    assert doc["gaps"] == [] and doc["emulated"] is True
    assert "acme-shop-customer-data" in {f["resource_id"] for f in doc["findings"]}


def test_scan_in_worker_processes_judges_as_the_threaded_scan(env: dict[str, str]) -> None:
    """``python -m ssrm scan --processes 2``: the workers start by spawn (which imports ``ssrm.__main__``
    again) and the verdicts are the threaded scan's."""

    def verdicts(*extra: str) -> dict[tuple[str, str], str]:
        proc = run_ssrm("scan", "--regions", "us-east-1", "--services", "s3,kms", "-f", "json", "-q", *extra,
                        env=env)
        return {(f["rule_id"], f["resource_arn"]): f["status"] for f in json.loads(proc.stdout)["findings"]}

    threaded = verdicts()
    assert len(threaded) > 20
    assert verdicts("--processes", "2") == threaded
