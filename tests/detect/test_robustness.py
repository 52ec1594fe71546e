"""One odd event never costs the run: every bundled rule's examples plus fuzzed variants, in one file.

The clean examples must still be judged exactly as alone (every ``match`` example fires its rule), whatever
malformed records, broken lines and wrongly typed fields sit next to them; what cannot be judged is counted.
"""

from __future__ import annotations

import copy
import gzip
import json
import uuid
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ssrm.detect.engine import Detector, Options
from ssrm.detect.ruleset import load_ruleset
from ssrm.detect.sources import list_objects
from tests.detect.helpers import at
from tests.detect.test_rules import _examples

ODD_VALUES = st.one_of(
    st.none(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.text(max_size=20),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["not a time", "2026-13-45T99:99:99Z", "", "1763632800", 1763632800, 1763632800123, "x\ud800y",
                     float("inf"), 10**30]),
)
FIELDS = ["eventTime", "eventName", "eventSource", "userIdentity", "requestParameters", "responseElements",
          "sourceIPAddress", "errorCode", "awsRegion", "recipientAccountId", "eventID", "userAgent",
          "additionalEventData", "resources"]
IDENTITY_FIELDS = ["type", "arn", "accountId", "accessKeyId", "userName", "sessionContext", "principalId"]


def _clean_records() -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Every example event; and, for rules that alert by themselves, which rule each match example must fire."""
    emitting = {r.meta.rule_id for r in load_ruleset().rules if r.emit}
    records, expected = [], {}
    for name, kind, ex in _examples():
        rec = at(**ex)
        rec["eventID"] = str(uuid.uuid4())
        records.append(rec)
        if kind == "match" and name in emitting:
            expected[rec["eventID"]] = name
    return records, expected


@st.composite
def mutation(draw: st.DrawFn, base: list[dict[str, Any]]) -> Any:
    """A fuzzed variant of a clean example: a field dropped or given an odd value, or not a record at all."""
    kind = draw(st.sampled_from(["drop", "odd", "identity", "not_a_record"]))
    if kind == "not_a_record":
        return draw(ODD_VALUES)
    rec = copy.deepcopy(draw(st.sampled_from(base)))
    rec["eventID"] = f"fuzz-{draw(st.integers(0, 10**9))}"
    if kind == "drop":
        rec.pop(draw(st.sampled_from(FIELDS)), None)
    elif kind == "odd":
        rec[draw(st.sampled_from(FIELDS))] = draw(ODD_VALUES)
    else:
        ident = rec.get("userIdentity")
        if isinstance(ident, dict):
            ident[draw(st.sampled_from(IDENTITY_FIELDS))] = draw(ODD_VALUES)
    return rec


CLEAN, EXPECTED = _clean_records()


def _run(folder: Path) -> tuple[set[tuple[str, str]], dict[str, Any]]:
    ruleset = load_ruleset()
    det = Detector(ruleset, Options(threads=1))
    try:
        det.run(list_objects([str(folder)]))
        hits = {(str(r), str(e)) for r, e in det.con.execute("SELECT rule_id, event_id FROM hits").fetchall()}
        det.alerts()  # alert building must not fail on what was loaded either
        return hits, det.stats.as_dict()
    finally:
        det.close()


@settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fuzz=st.lists(mutation(CLEAN), min_size=5, max_size=40),
       garbage=st.lists(st.text(max_size=30).filter(lambda t: "\n" not in t), max_size=5))
def test_examples_with_fuzzed_neighbours_are_all_judged(tmp_path_factory: Any, fuzz: list[Any],
                                                        garbage: list[str]) -> None:
    folder = tmp_path_factory.mktemp("robust")
    mixed = [*CLEAN[: len(CLEAN) // 2], *fuzz, *CLEAN[len(CLEAN) // 2 :]]
    (folder / "trail.json.gz").write_bytes(gzip.compress(json.dumps({"Records": mixed}).encode()))
    lines = [json.dumps(r) for r in CLEAN] + [json.dumps(f) for f in fuzz] + garbage
    lines.insert(len(lines) // 3, "{broken")
    (folder / "events.jsonl").write_text("\n".join(lines) + "\n")
    hits, stats = _run(folder)
    for event_id, rule in EXPECTED.items():
        assert (rule, event_id) in hits, f"{rule} lost its example {event_id} next to malformed records"
    assert stats["events"] >= 2 * len(CLEAN), stats
    assert sum(stats["skipped_events"].values()) >= 1  # at least the broken line is counted


def test_missing_fields_and_bad_times_are_counted(tmp_path: Path) -> None:
    good = at(eventSource="cloudtrail.amazonaws.com", eventName="StopLogging", requestParameters={"name": "t"})
    records = [
        good,
        {**good, "eventID": "epoch", "eventTime": 1763632800},
        {**good, "eventID": "words", "eventTime": "not a time"},
        {k: v for k, v in good.items() if k != "eventID"},
        {**good, "eventID": "odd-identity", "userIdentity": "weird"},
        {**good, "eventID": "null-name", "eventName": None, "eventSource": None},
    ]
    (tmp_path / "t.json").write_text(json.dumps({"Records": records}))
    hits, stats = _run(tmp_path)
    assert {e for r, e in hits if r == "ssrm_cloudtrail_stopped"} == {good["eventID"], "epoch", "odd-identity"}
    assert stats["skipped_events"] == {"no readable eventTime": 1, "no eventID": 1}
    assert stats["events"] == 4


def test_bad_numbers_are_one_line_errors(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ssrm.detect.cli import app

    (tmp_path / "t.json").write_text(json.dumps({"Records": [at()]}))
    for args in (["--window", "-5"], ["--window", "0"], ["--interval", "-1"], ["--batch-mb", "0"]):
        result = CliRunner().invoke(app, ["detect", str(tmp_path), *args])
        assert result.exit_code == 2, (args, result.output)
        assert "error:" in result.output and "Traceback" not in result.output


def test_bad_flow_lines_are_counted_and_the_rest_judged(tmp_path: Path) -> None:
    good = "2 111122223333 eni-1 203.0.113.5 10.0.0.5 4444 22 6 10 400 1763632800 1763632860 ACCEPT OK"
    lines = [good, good.replace("1763632800", "notanumber"), "2 111122223333 eni-1 203.0.113.5", "garbage"]
    (tmp_path / "flow.log").write_text("\n".join(lines) + "\n")
    det = Detector(load_ruleset(), Options(threads=1))
    try:
        det.run(list_objects([str(tmp_path)]))
        alerts = det.alerts()
    finally:
        det.close()
    assert det.stats.flow_records == 1
    assert any("3 flow record(s)" in p for p in det.stats.problems)
    assert [a.rule_id for a in alerts] == ["ssrm_flow_admin_port_internet"]
