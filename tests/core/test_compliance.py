from __future__ import annotations

from ssrm.model import Status
from ssrm.rules.catalog import builtin_rules
from ssrm.rules.compliance import evaluate_framework
from ssrm.rules.frameworks import Control, Framework, all_frameworks


def test_every_mapped_rule_exists_and_every_rule_maps_somewhere() -> None:
    ids = {r.id for r in builtin_rules()}
    mapped: set[str] = set()
    for framework in all_frameworks().values():
        unknown = framework.rule_ids() - ids
        assert not unknown, f"{framework.key} maps unknown rules {sorted(unknown)}"
        mapped |= framework.rule_ids()
    assert ids - mapped == set(), f"rules in no framework: {sorted(ids - mapped)}"


def test_frameworks_present() -> None:
    frameworks = all_frameworks()
    assert {"cis", "fsbp", "smm", "attack"} <= set(frameworks)
    assert len(frameworks["cis"].controls) == 70
    assert len(frameworks["fsbp"].controls) == 286


def test_control_status_rules() -> None:
    framework = Framework("t", "Test", "1", (
        Control("1", "all pass", ("a", "b")),
        Control("2", "one fails", ("a", "c")),
        Control("3", "error only", ("d",)),
        Control("4", "manual", (), manual=True),
        Control("5", "uncovered", ()),
        Control("6", "nothing in scope", ("zzz",)),
        Control("7", "accepted risk", ("m",)),
    ))
    results = [("a", Status.PASS), ("b", Status.PASS), ("c", Status.FAIL), ("c", Status.PASS),
               ("d", Status.ERROR), ("m", Status.MUTED)]
    view = evaluate_framework(framework, results)
    assert [c.status for c in view.controls] == ["PASS", "FAIL", "ERROR", "MANUAL", "NOT_COVERED",
                                                 "NOT_APPLICABLE", "MUTED"]
    assert view.score == 50.0  # one passed, one failed; the rest are not judged
