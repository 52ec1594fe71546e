"""The alerts of a run do not depend on how its input is cut into batches.

A run reads its files in batches (``--batch-mb``) and a follow session in polls; both must judge every event
as if the whole trail were read at once, in time order. The trail: three quiet days, then an intruder using
a role from a new network (novelty), a denied-call storm cut across two files, stolen instance credentials
used in one file and a person's address seen in another, and every correlation fed across files.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ssrm.detect import awsranges, synthetic
from ssrm.detect.engine import Detector, Options
from ssrm.detect.instance_creds import InstanceCredentialConfig
from ssrm.detect.ruleset import load_ruleset
from ssrm.detect.sources import list_objects

RANGES = {"createDate": "2026-08-22-00-00-00", "prefixes": [{"ip_prefix": "3.5.140.0/22"}], "ipv6_prefixes": []}
START = datetime(2026, 11, 1)


def _trail() -> list[dict[str, Any]]:
    people = synthetic.population(12)
    records = list(synthetic.stream(3000, START, timedelta(days=4), people=people))
    rnd = random.Random(11)
    role, user, instance = people[1], people[0], people[2]
    t = START + timedelta(days=3, hours=2)
    records += [synthetic.event(role, t + timedelta(seconds=i), rnd, call=("iam.amazonaws.com", "ListUsers"),
                                ip="203.0.113.7", agent="python-requests/2.31", region="ap-south-1")
                for i in range(3)]
    # 24 denied calls over 8 minutes of one 10-minute bucket: the files split them
    records += [synthetic.event(role, t + timedelta(minutes=20, seconds=20 * i), rnd,
                                call=("iam.amazonaws.com", f"Get{i}"), error="AccessDenied") for i in range(24)]
    # the instance's session called from a person's address, hours after the person used it
    records.append(synthetic.event(user, t - timedelta(hours=5), rnd, ip="3.5.141.200"))
    records.append(synthetic.event(instance, t + timedelta(minutes=40), rnd, ip="3.5.141.200"))
    return sorted(records, key=lambda r: r["eventTime"])


@pytest.fixture(scope="module")
def trail(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batching")
    synthetic.write_trail(root, _trail(), per_file=150)
    return root


def _alerts(root: Path, batch_bytes: int) -> tuple[set[tuple[Any, ...]], int]:
    cfg = InstanceCredentialConfig(ranges=awsranges.from_document(RANGES, "test"))
    det = Detector(load_ruleset(), Options(threads=1, batch_bytes=batch_bytes, instance=cfg))
    try:
        det.run(list_objects([str(root)]))
        alerts = det.alerts()
        return {(a.rule_id, a.principal, a.resource, a.count, a.first_seen, a.last_seen, a.severity)
                for a in alerts}, det.stats.batches
    finally:
        det.close()


def test_same_alerts_whatever_the_batches(trail: Path) -> None:
    whole, one_batch = _alerts(trail, 1 << 30)
    per_file, many = _alerts(trail, 1)
    assert one_batch == 1 and many > 20
    kinds = {key[0] for key in whole}
    # the cases the trail plants are all there, read at once
    assert {"ssrm_anomaly_first_seen", "ssrm_anomaly_access_denied_storm",
            "ssrm_instance_credentials_not_instance_address"} <= kinds, sorted(kinds)
    assert per_file == whole, (sorted(whole - per_file, key=str), sorted(per_file - whole, key=str))
