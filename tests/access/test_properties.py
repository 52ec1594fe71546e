"""Properties of the evaluator and of effective access: a Deny never adds access, removing an Allow never
adds access (for one request, and for every principal's reach to administrator and to stores)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ssrm.access.analysis import analyze
from ssrm.iam import Principal, can, parse_policy
from tests.builders import ACCOUNT, bucket, inventory, role, trust, user

ACTIONS = ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction", "iam:AttachUserPolicy",
           "iam:CreateAccessKey", "s3:GetObject", "sts:AssumeRole", "iam:*", "lambda:*", "s3:*", "*"]
RESOURCES = ["*", f"arn:aws:iam::{ACCOUNT}:role/admin", f"arn:aws:iam::{ACCOUNT}:role/other",
             f"arn:aws:iam::{ACCOUNT}:user/*", "arn:aws:s3:::payroll/*", "arn:aws:s3:::logs/*"]
CONDITIONS = [None, {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}},
              {"DateLessThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}}]


@st.composite
def statements(draw: st.DrawFn, effect: str | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": effect or draw(st.sampled_from(["Allow", "Deny"]))}
    actions = draw(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=3, unique=True))
    statement["NotAction" if draw(st.booleans()) and len(actions) < 3 else "Action"] = actions
    resources = draw(st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2, unique=True))
    statement["NotResource" if draw(st.integers(0, 5)) == 0 else "Resource"] = resources
    condition = draw(st.sampled_from(CONDITIONS))
    if condition:
        statement["Condition"] = condition
    return statement


def _doc(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": items}


def _decide(items: list[dict[str, Any]], action: str, resource: str) -> int:
    """0 denied, 1 allowed under an undecided condition, 2 allowed."""
    if not items:
        return 0
    principal = Principal(arn=f"arn:aws:iam::{ACCOUNT}:user/p", identity_policies=(
        parse_policy(_doc(items), "identity", "p"),))
    decision = can(principal, action, resource)
    return 0 if not decision.allowed else 1 if decision.conditional else 2


REQUESTS = st.tuples(st.sampled_from([a for a in ACTIONS if "*" not in a]), st.sampled_from(RESOURCES[1:]))


@settings(max_examples=300, deadline=None)
@given(st.lists(statements(), max_size=4), statements(effect="Deny"), REQUESTS)
def test_adding_a_deny_never_adds_access(items: list[dict[str, Any]], extra: dict[str, Any],
                                         request: tuple[str, str]) -> None:
    assert _decide([*items, extra], *request) <= _decide(items, *request)


@settings(max_examples=300, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=4), st.data(), REQUESTS)
def test_removing_an_allow_never_adds_access(items: list[dict[str, Any]], data: st.DataObject,
                                             request: tuple[str, str]) -> None:
    allows = [i for i, item in enumerate(items) if item["Effect"] == "Allow"]
    if not allows:
        return
    gone = data.draw(st.sampled_from(allows))
    assert _decide(items[:gone] + items[gone + 1:], *request) <= _decide(items, *request)


def _reach(items: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """Who reaches administrator access, and which (principal, store) pairs are reachable, with ``items`` as
    the inline policy of user p in a small account with an admin role Lambda can use."""
    principal = user("p", *items) if items else user("p")
    inv = inventory(principal, role("admin", trust("lambda.amazonaws.com"), {"Effect": "Allow", "Action": "*",
                                                                            "Resource": "*"}),
                    role("other", trust(aws=f"arn:aws:iam::{ACCOUNT}:user/p"), {"Effect": "Allow",
                                                                                 "Action": "s3:GetObject",
                                                                                 "Resource": "arn:aws:s3:::logs/*"}),
                    user("victim", {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}),
                    bucket("payroll"), bucket("logs"))
    analysis = analyze(inv)
    # Reaching administrator access (being one included) reaches every store.
    admins = {p.id for p in analysis.principals() if analysis.admin_reach(p.id) is not None}
    if principal.arn in admins:
        return admins, {f"{principal.arn}>{s.id}" for s in analysis.stores()}
    return admins, {f"{principal.arn}>{r.target}" for r in analysis.stores_of(principal.arn)}


@settings(max_examples=60, deadline=None)
@given(st.lists(statements(), max_size=3), statements(effect="Deny"))
def test_a_deny_never_adds_reach(items: list[dict[str, Any]], extra: dict[str, Any]) -> None:
    admins, stores = _reach(items)
    admins_after, stores_after = _reach([*items, extra])
    assert admins_after <= admins
    assert stores_after <= stores


@settings(max_examples=60, deadline=None)
@given(st.lists(statements(effect="Allow"), min_size=1, max_size=3), st.data())
def test_removing_an_allow_never_adds_reach(items: list[dict[str, Any]], data: st.DataObject) -> None:
    gone = data.draw(st.integers(0, len(items) - 1))
    admins, stores = _reach(items)
    admins_after, stores_after = _reach(items[:gone] + items[gone + 1:])
    assert admins_after <= admins
    assert stores_after <= stores
