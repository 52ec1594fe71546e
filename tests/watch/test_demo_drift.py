"""Drift on the demo account: scan, change five things through boto3, scan again; the diff names exactly them.

Five changes: a port opened to the world, a bucket made public, a policy attached, a finding fixed
(IMDSv2 required on the web host), a resource deleted (a queue). Attaching AdministratorAccess also raises
that managed policy's attachment count, which the diff reports as what it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ssrm.demo.world import DemoWorld
from tests.cli_runner import run_ssrm
from tests.conftest import emulator_env

REGIONS = "us-east-1,eu-west-1"


def _scan(store: Path, world: DemoWorld) -> None:
    run_ssrm("scan", "--regions", REGIONS, "--quiet", "--format", "json", "--store", str(store),
             env=emulator_env(world))


def change_five_things(world: DemoWorld) -> dict[str, str]:
    ec2, s3, iam, sqs = (world.client(n) for n in ("ec2", "s3", "iam", "sqs"))
    worker_sg = world.refs["worker_sg_id"]
    ec2.authorize_security_group_ingress(GroupId=worker_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    bucket = next(b["Name"] for b in s3.list_buckets()["Buckets"] if "customer" in b["Name"])
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{bucket}/*"}]}))
    iam.attach_role_policy(RoleName="worker-role", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    web = world.refs["web_instance_id"]
    ec2.modify_instance_metadata_options(InstanceId=web, HttpTokens="required", HttpEndpoint="enabled")
    queue = sqs.get_queue_url(QueueName="webhooks-dlq")["QueueUrl"]
    sqs.delete_queue(QueueUrl=queue)
    return {"sg": worker_sg, "bucket": bucket, "instance": web}


@pytest.fixture(scope="module")
def drift(own_world: DemoWorld, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, str],
                                                                                   Path]:
    return _drift(own_world, tmp_path_factory)


def _drift(planted: DemoWorld, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, str],
                                                                                  Path]:
    store = tmp_path_factory.mktemp("drift") / "history.db"
    _scan(store, planted)
    ids = change_five_things(planted)
    _scan(store, planted)
    proc = run_ssrm("diff", "--format", "json", "--store", str(store))
    return json.loads(proc.stdout), ids, store


def test_the_diff_names_exactly_the_five_changes(drift: tuple[dict[str, Any], dict[str, str], Path]) -> None:
    diff, ids, _ = drift
    resources = diff["resources"]
    assert resources["added"] == []
    assert [r["id"] for r in resources["removed"]] == ["webhooks-dlq"]
    changed = {c["id"]: c["changes"] for c in resources["changed"]}
    assert set(changed) == {ids["sg"], ids["bucket"], "worker-role", ids["instance"],
                            "arn:aws:iam::aws:policy/AdministratorAccess"} or set(changed) == {
        ids["sg"], ids["bucket"], "worker-role", ids["instance"], "AdministratorAccess"}, changed
    assert changed[ids["sg"]] == [f"{ids['sg']} ingress gained tcp/22 from 0.0.0.0/0"]
    assert f"{ids['bucket']} policy statement PublicRead added" in changed[ids["bucket"]]
    assert f"{ids['bucket']} public access block removed" in changed[ids["bucket"]]
    assert any("gained arn:aws:iam::aws:policy/AdministratorAccess" in c for c in changed["worker-role"])
    assert any("http tokens: optional → required" in c for c in changed[ids["instance"]])


def test_findings_follow_the_changes(drift: tuple[dict[str, Any], dict[str, str], Path]) -> None:
    diff, ids, _ = drift
    new_on = {f["resource_id"] for f in diff["findings"]["new"]}
    assert new_on == {ids["sg"], ids["bucket"]}
    resolved = diff["findings"]["resolved"]
    assert any(f["resource_id"] == ids["instance"] and f["after"] == "PASS" for f in resolved)
    assert any("webhooks-dlq" in f["resource_arn"] and f["after"] is None for f in resolved)
    assert not diff["findings"]["regressed"]
    touched = {ids["sg"], ids["bucket"], ids["instance"], "worker-role", "webhooks-dlq"}
    stray = [f for f in diff["findings"]["new"] + resolved
             if not any(t in f["resource_arn"] or t == f["resource_id"] for t in touched)]
    assert stray == [], "findings changed on resources nobody touched"


def test_history_and_text_diff(drift: tuple[dict[str, Any], dict[str, str], Path]) -> None:
    _, ids, store = drift
    runs = json.loads(run_ssrm("history", "--format", "json", "--store", str(store)).stdout)
    assert len(runs) == 2 and all(r["status"] in ("complete", "partial") for r in runs)
    text = run_ssrm("diff", "--store", str(store)).stdout
    assert f"{ids['sg']} ingress gained tcp/22 from 0.0.0.0/0" in text
