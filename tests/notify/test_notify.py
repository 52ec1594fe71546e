"""Notifications end to end: a local HTTP receiver (webhook, Slack), aiosmtpd (e-mail), SNS in moto."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ssrm.notify import ConfigError, Event, Notifier, configured_channels, events_from_diff, messages
from ssrm.notify.channels import Email, Slack, Sns, Webhook
from ssrm.store import open_store
from tests.notify.receiver import receiver

SECRET_PATH = "/services/T000/B000/s3cr3t-t0ken"
HIGH = Event("finding.new", "high", "SSH open to the world", "sg-0ab", "rule ec2_sg in eu-west-1")
LOW = Event("finding.new", "low", "Tag missing", "vol-1")


def _ssrm(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SSRM_NOTIFY_")}
    return subprocess.run([sys.executable, "-m", "ssrm", *args], capture_output=True, text=True,
                          env={**clean, **env}, timeout=120)


def test_webhook_and_slack_receive_their_bodies() -> None:
    with receiver() as r:
        n = Notifier([Webhook(r.url + "/hook"), Slack(r.url + SECRET_PATH)], digest=True, sleep=lambda s: None)
        outcome = n.send([LOW, HIGH])
    assert outcome.sent == 2
    generic, slack = sorted(zip(r.paths, r.bodies, strict=True), key=lambda pb: pb[0] != "/hook")
    assert generic[1]["source"] == "ssrm" and [e["severity"] for e in generic[1]["events"]] == ["high", "low"]
    assert slack[1]["text"].startswith("ssrm: 2 changes") and "SSH open to the world" in json.dumps(slack[1]["blocks"])


def test_one_message_each_without_digest() -> None:
    assert len(messages([HIGH, LOW], digest=False)) == 2 and len(messages([HIGH, LOW], digest=True)) == 1


def test_a_failed_delivery_is_retried_with_backoff_then_kept_and_sent_later(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "h.db"))
    waits: list[float] = []
    with receiver() as r:
        r.fail_next = 10
        n = Notifier([Slack(r.url + SECRET_PATH)], store=store, attempts=3, backoff=0.5, sleep=waits.append)
        outcome = n.send([HIGH])
        assert (outcome.sent, outcome.queued) == (0, 1) and waits == [0.5, 1.0]
        [kept] = store.pending_deliveries()
        assert kept["channel"] == "slack" and "503" in kept["last_error"] and "s3cr3t" not in json.dumps(kept)
        r.fail_next = 0
        later = Notifier([Slack(r.url + SECRET_PATH)], store=store, sleep=waits.append).retry_pending()
    assert later.retried == 1 and store.pending_deliveries() == []
    assert "SSH open to the world" in json.dumps(r.bodies[0])


def test_cli_test_message_dry_run_and_secrets_never_printed(tmp_path: Path) -> None:
    secret_file = tmp_path / "slack-url"
    with receiver() as r:
        secret_file.write_text(r.url + SECRET_PATH + "\n")
        env = {"SSRM_NOTIFY_SLACK_URL_FILE": str(secret_file), "SSRM_STORE": str(tmp_path / "h.db")}
        dry = _ssrm("notify", "test", "--dry-run", "-f", "json", env=env)
        assert dry.returncode == 0, dry.stderr
        assert json.loads(dry.stdout)["dry_run"][0]["channel"] == "slack" and r.bodies == []
        sent = _ssrm("notify", "test", env=env)
        assert sent.returncode == 0, sent.stderr
        assert r.paths == [SECRET_PATH] and "ssrm notification test" in json.dumps(r.bodies[0])
        r.fail_next = 100
        failed = _ssrm("notify", "test", env=env)
    assert failed.returncode == 1 and "kept for retry 1" in failed.stdout
    for proc in (dry, sent, failed):
        assert "s3cr3t" not in proc.stdout + proc.stderr
    listed = _ssrm("notify", "channels", env=env)
    assert listed.stdout.strip() == "slack" and "s3cr3t" not in listed.stdout
    none = _ssrm("notify", "test", env={"SSRM_STORE": str(tmp_path / "h.db")})
    assert none.returncode == 2 and "no notification channel configured" in none.stderr


def test_email_reaches_a_local_smtp_server() -> None:
    controller_mod = pytest.importorskip("aiosmtpd.controller")
    from aiosmtpd.handlers import Message

    received: list[Any] = []

    class Collect(Message):
        def handle_message(self, message: Any) -> None:
            received.append(message)

    from ssrm.demo.server import free_port

    port = free_port()
    controller = controller_mod.Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = {"SSRM_NOTIFY_SMTP_URL": f"smtp://127.0.0.1:{port}", "SSRM_NOTIFY_EMAIL_FROM": "ssrm@example.com",
               "SSRM_NOTIFY_EMAIL_TO": "sec@example.com, ops@example.com"}
        [channel] = configured_channels(env)
        assert isinstance(channel, Email)
        assert Notifier([channel]).send([HIGH, LOW]).sent == 1
    finally:
        controller.stop()
    [mail] = received
    assert mail["To"] == "sec@example.com, ops@example.com" and mail["Subject"].startswith("ssrm: 2 changes")
    assert "SSH open to the world" in mail.get_payload()


def test_sns_publishes_to_the_topic() -> None:
    moto = pytest.importorskip("moto")
    import boto3

    with moto.mock_aws():
        sns, sqs = boto3.client("sns", region_name="eu-west-1"), boto3.client("sqs", region_name="eu-west-1")
        topic = sns.create_topic(Name="ssrm-alerts")["TopicArn"]
        queue = sqs.create_queue(QueueName="inbox")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
        [channel] = configured_channels({"SSRM_NOTIFY_SNS_TOPIC_ARN": topic})
        assert isinstance(channel, Sns)
        assert Notifier([channel]).send([HIGH]).sent == 1
        [msg] = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=5)["Messages"]
    envelope = json.loads(msg["Body"])
    assert envelope["Subject"].startswith("ssrm: [HIGH] New: SSH open")
    assert json.loads(envelope["Message"])["events"][0]["subject"] == "sg-0ab"


def test_bad_configuration_is_refused_without_echoing_secrets(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="must not carry the password"):
        configured_channels({"SSRM_NOTIFY_SMTP_URL": "smtp://u:hunter2@mail", "SSRM_NOTIFY_EMAIL_FROM": "a@b",
                             "SSRM_NOTIFY_EMAIL_TO": "c@d"})
    try:
        configured_channels({"SSRM_NOTIFY_SMTP_URL": "smtp://u:hunter2@mail"})
    except ConfigError as exc:
        assert "hunter2" not in str(exc)
    with pytest.raises(ConfigError, match="cannot read"):
        configured_channels({"SSRM_NOTIFY_SLACK_URL_FILE": str(tmp_path / "missing")})


def test_events_from_a_diff_respect_the_severity_floor(store: Any) -> None:
    from ssrm.drift import diff_runs, pick_runs
    from tests.store.test_drift import WORLD_SSH
    from tests.store.world import assessment_doc, base_inventory, replace, snapshot

    inv = base_inventory()
    for version in (inv, replace(inv, "sg-0ab", ingress=(WORLD_SSH,))):
        store.record(assessment_doc(version), snapshot(version), source="live")
    diff = diff_runs(store, *pick_runs(store, None, None))
    high = events_from_diff(diff, "high")
    assert high and all(e.severity in ("critical", "high") for e in high)
    assert {e.subject for e in high} == {"sg-0ab"}
    assert len(events_from_diff(diff, "info")) >= len(high)
