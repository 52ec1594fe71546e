from __future__ import annotations

from pathlib import Path

import pytest

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.account import Region
from ssrm.rules.custom import RulesDirError, load_rules_dir

GOOD = '''
from ssrm.model import Domain, Layer, Severity, Stage
from ssrm.rules import failed, passed, rule


@rule(id="custom_region_is_approved", title="Only approved regions are used", resource_type="AWS::Region",
      layer=Layer.CLOUD, domain=Domain.GOVERNANCE, severity=Severity.MEDIUM, stage=Stage.RECON)
def approved_region(region, inventory):
    if region.id in {"us-east-1", "eu-west-1"}:
        return passed(f"{region.id} is approved")
    return failed(f"{region.id} is not on the approved list")
'''

BROKEN = '''
from ssrm.rules import rule

x = 1
raise RuntimeError("oops")
'''


def test_custom_rules_load_and_broken_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "regions.py").write_text(GOOD)
    (tmp_path / "broken.py").write_text(BROKEN)
    (tmp_path / "syntax.py").write_text("def (:\n")
    rules, problems = load_rules_dir(tmp_path, taken=set())
    assert [r.id for r in rules] == ["custom_region_is_approved"]
    assert rules[0].source.endswith("regions.py")
    assert any(p.startswith(f"{tmp_path / 'broken.py'}:5: RuntimeError") for p in problems), problems
    assert any(p.startswith(f"{tmp_path / 'syntax.py'}:1: SyntaxError") for p in problems), problems
    inv = Inventory(account="1", regions=["us-east-1", "ap-south-1"])
    inv.add(Region(arn=f"arn:aws:ec2:{r}:1:region/{r}", id=r, region=r, account="1") for r in inv.regions)
    assert [f.status for f in evaluate(inv, rules)] == [Status.PASS, Status.FAIL]


def test_clashing_id_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "regions.py").write_text(GOOD)
    rules, problems = load_rules_dir(tmp_path, taken={"custom_region_is_approved"})
    assert rules == []
    assert "already taken" in problems[0]


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(RulesDirError, match="not found"):
        load_rules_dir(tmp_path / "nope", taken=set())
