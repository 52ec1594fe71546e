from __future__ import annotations

from ssrm.assess.maturity import assess_maturity
from ssrm.model import Domain, Finding, Layer, Phase, Severity, Stage, Status


def finding(rule_id: str, status: Status, severity: Severity = Severity.HIGH, layer: Layer = Layer.CLOUD) -> Finding:
    return Finding(rule_id=rule_id, title=rule_id, status=status, severity=severity, layer=layer,
                   domain=Domain.IDENTITY, stage=Stage.INITIAL_ACCESS, resource_arn=f"arn:{rule_id}",
                   resource_id=rule_id, resource_type="AWS::Account", region="global", account="1", reason="r")


def test_score_is_severity_weighted_and_ignores_errors() -> None:
    findings = [
        finding("a", Status.PASS, Severity.CRITICAL),  # 8
        finding("b", Status.FAIL, Severity.LOW),  # 1
        finding("c", Status.ERROR, Severity.CRITICAL),  # left out
        finding("d", Status.NOT_APPLICABLE),
    ]
    m = assess_maturity(findings, {})
    cloud = m.layers[Layer.CLOUD]
    assert cloud.total.score == round(100 * 8 / 9, 1)
    assert cloud.as_dict()["error"] == 1
    assert m.layers[Layer.APPS].total.score is None


def test_phase_reached_only_when_every_control_of_it_passes() -> None:
    phases = {"qw": Phase.QUICK_WINS, "fd": Phase.FOUNDATIONAL, "ef": Phase.EFFICIENT}
    m = assess_maturity([finding("qw", Status.PASS), finding("fd", Status.FAIL), finding("ef", Status.PASS)], phases)
    layer = m.layers[Layer.CLOUD]
    assert layer.phase is Phase.QUICK_WINS
    assert layer.blocked_by == ["fd"]


def test_error_blocks_the_phase() -> None:
    m = assess_maturity([finding("qw", Status.ERROR)], {"qw": Phase.QUICK_WINS})
    assert m.layers[Layer.CLOUD].phase is None


def test_phase_without_controls_does_not_raise_level() -> None:
    m = assess_maturity([finding("qw", Status.PASS)], {"qw": Phase.QUICK_WINS})
    assert m.layers[Layer.CLOUD].phase is Phase.QUICK_WINS
