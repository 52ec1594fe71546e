"""The example rule's own test (run by the suite through tests/core/test_docs_examples.py)."""

from __future__ import annotations

from pathlib import Path

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.rules.custom import load_rules_dir


class Tagged(Resource):
    """Any resource: the rule only reads tags."""


def test_owner_tag_rule() -> None:
    rules, problems = load_rules_dir(Path(__file__).parent, taken=set())
    assert problems == []
    rule = next(r for r in rules if r.id == "custom_bucket_has_owner")
    inv = Inventory(account="1", regions=["us-east-1"])
    owned = Tagged(arn="arn:aws:s3:::a", id="a", tags={"team": "payments"})
    orphan = Tagged(arn="arn:aws:s3:::b", id="b")
    assert judge(rule, owned, inv).status is Status.PASS
    verdict = judge(rule, orphan, inv)
    assert verdict.status is Status.FAIL
    assert "nobody is accountable for b" in verdict.reason
