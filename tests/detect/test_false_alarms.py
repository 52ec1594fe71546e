"""False alarms on a realistic benign day: at most 1 % of alerts without attack evidence.

Three benign days are learned (as ``--learn`` over past days would), then a fourth benign day is judged with
attacks mixed in: every bundled rule's matching examples, replayed by an intruder, plus stolen instance
credentials used from outside AWS. Every alert must point at attack evidence; the benign traffic alone (CI
deploys, Terraform, console users, a scheduled Lambda, instances, ssrm's own audit) must raise almost nothing.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ssrm.detect import awsranges, synthetic
from ssrm.detect.benign_day import INSTANCE_EGRESS, benign_day
from ssrm.detect.engine import Detector, Options
from ssrm.detect.instance_creds import InstanceCredentialConfig
from ssrm.detect.ruleset import load_ruleset
from ssrm.detect.sources import list_objects
from tests.detect.test_rules import _examples

DAY = datetime(2026, 11, 1)
RANGES = {"createDate": "2026-08-22-00-00-00", "prefixes": [{"ip_prefix": "198.51.100.0/24"}], "ipv6_prefixes": []}
INTRUDER = {"type": "IAMUser", "principalId": "AIDAINTRUDER", "arn": f"arn:aws:iam::{synthetic.ACCOUNT}:user/ops-old",
            "accountId": synthetic.ACCOUNT, "accessKeyId": "AKIAINTRUDER0000001", "userName": "ops-old"}


def _attacks(when: datetime) -> list[dict[str, Any]]:
    emitting = {r.meta.rule_id for r in load_ruleset().rules if r.emit}
    out = []
    for i, (name, kind, ex) in enumerate(_examples()):
        if kind != "match" or name not in emitting:
            continue
        rec = {"eventVersion": "1.09", "userIdentity": dict(INTRUDER), "eventSource": "sts.amazonaws.com",
               "eventName": "GetCallerIdentity", "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.66",
               "userAgent": "python-requests/2.31", "recipientAccountId": synthetic.ACCOUNT}
        for key, value in ex.items():
            rec[key] = {**rec[key], **value} if key == "userIdentity" else value
        rec["eventTime"] = (when + timedelta(seconds=7 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        rec["eventID"] = f"attack-{uuid.uuid4()}"
        out.append(rec)
    session = f"i-0{uuid.uuid5(uuid.NAMESPACE_DNS, INSTANCE_EGRESS[0]).hex[:16]}"
    stolen = {"type": "AssumedRole", "arn": f"arn:aws:sts::{synthetic.ACCOUNT}:assumed-role/web-app/{session}",
              "accountId": synthetic.ACCOUNT, "accessKeyId": "ASIASTOLEN00000001"}
    out.append({**out[0], "userIdentity": stolen, "eventSource": "s3.amazonaws.com", "eventName": "ListBuckets",
                "eventID": f"attack-{uuid.uuid4()}", "requestParameters": None})
    return out


def _judge(folder: Path, state: Path | None, learn: bool = False) -> list[Any]:
    cfg = InstanceCredentialConfig(ranges=awsranges.from_document(RANGES, "test"))
    det = Detector(load_ruleset(), Options(threads=1, learn_only=learn, instance=cfg), state=state)
    try:
        det.run(list_objects([str(folder)]))
        return det.alerts()
    finally:
        det.close()


@pytest.fixture(scope="module")
def trail(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    root = tmp_path_factory.mktemp("benign")
    history = [r for d in range(3) for r in benign_day(DAY + timedelta(days=d), seed=d)]
    synthetic.write_trail(root / "history", history, per_file=2000)
    today = benign_day(DAY + timedelta(days=3), seed=3) + _attacks(DAY + timedelta(days=3, hours=13))
    today.sort(key=lambda r: r["eventTime"])
    synthetic.write_trail(root / "today", today, per_file=2000)
    return root, root / "state.duckdb", len(today)


def test_benign_day_raises_at_most_one_percent_of_alerts_without_attack_evidence(trail) -> None:
    root, state, n_today = trail
    _judge(root / "history", state, learn=True)
    alerts = _judge(root / "today", state)
    false = [a for a in alerts if not any(e.event_id.startswith("attack-") for e in a.evidence)]
    shown = json.dumps([(a.rule_id, a.principal, a.explanation[:120]) for a in false], indent=1)
    assert len(alerts) >= 50, len(alerts)
    assert len(false) <= 0.01 * len(alerts), f"{len(false)} of {len(alerts)} alerts without attack evidence: {shown}"
    assert any(a.rule_id == "ssrm_instance_credentials_outside_aws" for a in alerts)
    assert n_today > 3000
