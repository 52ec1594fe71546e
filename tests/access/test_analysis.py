"""Effective access from every principal: reverse reachability to administrator access and to every store."""

from __future__ import annotations

from ssrm.access.analysis import analyze
from tests.builders import ACCOUNT, allow, bucket, deny, inventory, role, trust, user

ADMIN_ROLE = role("admin-role", trust("lambda.amazonaws.com"), allow("*"))
CI_ROLE = role("ci", trust(aws=f"arn:aws:iam::{ACCOUNT}:user/dev"),
               allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]))


def _world(*extra):  # type: ignore[no-untyped-def]
    return inventory(ADMIN_ROLE, CI_ROLE, user("dev", allow("sts:AssumeRole", CI_ROLE.arn)),
                     user("reader", allow("s3:GetObject", "arn:aws:s3:::payroll/*")),
                     user("nobody", allow("ec2:Describe*")), bucket("payroll"), bucket("logs"), *extra)


def test_escalation_chain_through_role_and_passrole() -> None:
    analysis = analyze(_world())
    by_principal = {r.principal.rsplit("/", 1)[-1]: r for r in analysis.escalations()}
    assert set(by_principal) == {"dev", "ci"}
    dev = by_principal["dev"]
    assert [s.method for s in dev.steps] == ["sts:AssumeRole", "lambda:CreateFunction+InvokeFunction", "*:*"]
    assert dev.escalates and not dev.conditional
    assert analysis.is_admin(ADMIN_ROLE.arn)
    assert analysis.admin_reach(f"arn:aws:iam::{ACCOUNT}:user/nobody") is None


def test_store_reach_every_store_not_only_jewels() -> None:
    analysis = analyze(_world())
    reader = f"arn:aws:iam::{ACCOUNT}:user/reader"
    reached = analysis.stores_of(reader)
    assert [r.target for r in reached] == ["arn:aws:s3:::payroll"]
    assert reached[0].access == "read" and not reached[0].escalates
    who = {r.principal.rsplit("/", 1)[-1] for r in analysis.reaching_store("arn:aws:s3:::payroll")}
    assert who == {"reader"}


def test_deny_in_another_policy_removes_the_escalation() -> None:
    blocked = role("ci", trust(aws=f"arn:aws:iam::{ACCOUNT}:user/dev"),
                   allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]), deny("iam:PassRole"))
    analysis = analyze(inventory(ADMIN_ROLE, blocked, user("dev", allow("sts:AssumeRole", blocked.arn))))
    assert analysis.escalations() == []


def test_rules_fail_pass_and_error() -> None:
    from ssrm.engine import evaluate
    from ssrm.model import Status
    from ssrm.rules.catalog import builtin_rules

    rules = [r for r in builtin_rules() if r.id.endswith(("_privilege_escalation", "_crown_jewel_via_escalation"))]
    assert len(rules) == 6
    unread = user("unread", attached=(f"arn:aws:iam::{ACCOUNT}:policy/gone",))
    findings = evaluate(_world(bucket("customer-secrets"), unread), rules)
    status = {(f.rule_id, f.resource_name): f for f in findings}
    dev = status[("iam_user_privilege_escalation", "dev")]
    assert dev.status is Status.FAIL and "sts:AssumeRole" in dev.reason and "admin-role" in dev.reason
    assert status[("iam_role_privilege_escalation", "ci")].status is Status.FAIL
    assert status[("iam_user_privilege_escalation", "reader")].status is Status.PASS
    assert status[("iam_role_privilege_escalation", "admin-role")].status is Status.NOT_APPLICABLE
    assert status[("iam_user_privilege_escalation", "unread")].status is Status.ERROR
    jewel = status[("iam_user_crown_jewel_via_escalation", "dev")]
    assert jewel.status is Status.FAIL and "customer-secrets" in jewel.reason
    assert status[("iam_user_crown_jewel_via_escalation", "reader")].status is Status.PASS


def test_what_can_lists_writes_through_role_chains() -> None:
    from ssrm.access.queries import what_can

    writer = role("writer", trust(aws=f"arn:aws:iam::{ACCOUNT}:user/dev"), allow("s3:PutObject", "arn:aws:s3:::logs/*"))
    inv = _world(writer)
    answer = what_can(analyze(inv), "dev", inv)
    writes = {(r.target_label, r.via) for r in answer.stores if r.access == "write"}
    assert ("logs", "role-chain") in writes
    assert answer.admin is not None and not answer.is_admin


def test_resource_policies_that_name_a_principal_grant_it() -> None:
    from ssrm.model.resources.apps.awslambda import LambdaFunction
    from ssrm.model.resources.data.sqs import SqsQueue
    from tests.builders import REGION, doc

    partner = user("partner")
    grant = {"Effect": "Allow", "Principal": {"AWS": partner.arn}, "Resource": "*"}
    shared = bucket("shared", policy=doc({**grant, "Action": "s3:GetObject",
                                          "Resource": "arn:aws:s3:::shared/*"}))
    queue = SqsQueue(arn=f"arn:aws:sqs:{REGION}:{ACCOUNT}:jobs", id="jobs", name="jobs", account=ACCOUNT,
                     region=REGION, policy=doc({**grant, "Action": "sqs:ReceiveMessage"}))
    function = LambdaFunction(arn=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:ops", id="ops", name="ops",
                              account=ACCOUNT, region=REGION, role_arn=ADMIN_ROLE.arn,
                              policy=doc({**grant, "Action": "lambda:UpdateFunctionCode"}))
    analysis = analyze(inventory(ADMIN_ROLE, partner, shared, queue, function, bucket("private")))
    reached = {r.target for r in analysis.stores_of(partner.arn)}
    assert reached == {shared.arn, queue.arn}
    reach = analysis.admin_reach(partner.arn)
    assert reach is not None and reach.methods == ["lambda:UpdateFunctionCode"]
