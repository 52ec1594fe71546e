"""One positive and one negative case per privilege-escalation method."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from ssrm.model import Resource
from ssrm.model.resources.apps.awslambda import LambdaFunction
from ssrm.paths import build_graph
from ssrm.paths.escalation import METHODS
from tests.builders import (
    ACCOUNT,
    REGION,
    allow,
    deny,
    group,
    instance,
    inventory,
    managed,
    profile_for,
    role,
    trust,
    user,
)

ADMIN = f"admin:{ACCOUNT}"
EVE = f"arn:aws:iam::{ACCOUNT}:user/eve"


def arn(kind: str, name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:{kind}/{name}"


@dataclass
class Case:
    statements: list[dict[str, Any]]
    target: str
    extra: list[Resource] = field(default_factory=list)
    groups: tuple[str, ...] = ()
    attached: tuple[str, ...] = ()


def has_edge(case: Case) -> float | None:
    eve = user("eve", *case.statements, groups=case.groups, attached=case.attached)
    graph = build_graph(inventory(eve, *case.extra), [])
    if not graph.digraph.has_edge(EVE, case.target):
        return None
    return graph.edge(EVE, case.target).ease


def policy_version(action: str, on: str) -> Case:
    tools = managed("eve-tools", allow("s3:ListAllMyBuckets"))
    return Case([allow(action, on)], ADMIN, [tools], attached=(tools.arn,))


def self_policy(action: str, on: str) -> Case:
    return Case([allow(action, on)], ADMIN)


def group_policy(action: str, on: str) -> Case:
    devs = group("devs", allow("s3:ListAllMyBuckets"), members=("eve",))
    return Case([allow(action, on)], ADMIN, [devs], groups=("devs",))


def role_policy(action: str, assume: bool) -> Case:
    helper = role("helper", trust())
    statements = [allow(action, helper.arn)] + ([allow("sts:AssumeRole", helper.arn)] if assume else [])
    return Case(statements, ADMIN, [helper])


def other_user(action: str, on: str, **victim_fields: Any) -> Case:
    victim = user("victim", **victim_fields)
    return Case([allow(action, on)], victim.arn, [victim])


PASS_ROLE_METHODS = [m for m in METHODS if m.service]


def pass_role_case(method_name: str, *, complete: bool, with_profile: bool = True) -> Case:
    method = next(m for m in METHODS if m.name == method_name)
    target = role("svc", trust(service=method.service), allow("s3:GetObject", "*"), profile=with_profile)
    actions = list(method.actions) if complete else list(method.actions[:-1])
    statements = [allow("iam:PassRole", target.arn)]  # permissions split over two policies
    if actions:
        statements.append(allow(actions))
    extra: list[Resource] = [target] + ([profile_for(target)] if with_profile else [])
    return Case(statements, target.arn, extra)


def on_instance(action: str, on: str) -> Case:
    app_role = role("app", trust(service="ec2.amazonaws.com"), allow("s3:GetObject"), profile=True)
    host = instance("i-app", profile=app_role.instance_profile_arns[0], public=False)
    return Case([allow(action, on)], host.arn, [app_role, profile_for(app_role), host])


def on_function(action: str, on: str) -> Case:
    fn_role = role("fn", trust(service="lambda.amazonaws.com"), allow("s3:GetObject"))
    function = LambdaFunction(arn=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:app", id="app", name="app",
                              account=ACCOUNT, region=REGION, role_arn=fn_role.arn)
    return Case([allow(action, on)], function.arn, [fn_role, function])


OTHER_FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:other"
OTHER_INSTANCE = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-other"

CASES: dict[str, tuple[Callable[[], Case], Callable[[], Case]]] = {
    "iam:CreatePolicyVersion": (lambda: policy_version("iam:CreatePolicyVersion", arn("policy", "eve-tools")),
                                lambda: policy_version("iam:CreatePolicyVersion", arn("policy", "other"))),
    "iam:SetDefaultPolicyVersion": (
        lambda: policy_version("iam:SetDefaultPolicyVersion", arn("policy", "eve-*")),
        lambda: policy_version("iam:SetDefaultPolicyVersion", arn("policy", "team-*"))),
    "iam:AttachUserPolicy": (lambda: self_policy("iam:AttachUserPolicy", EVE),
                             lambda: self_policy("iam:AttachUserPolicy", arn("user", "someone"))),
    "iam:PutUserPolicy": (lambda: self_policy("iam:PutUserPolicy", arn("user", "e*")),
                          lambda: self_policy("iam:PutUserPolicy", arn("user", "x*"))),
    "iam:AttachGroupPolicy": (lambda: group_policy("iam:AttachGroupPolicy", arn("group", "devs")),
                              lambda: group_policy("iam:AttachGroupPolicy", arn("group", "ops"))),
    "iam:PutGroupPolicy": (lambda: group_policy("iam:PutGroupPolicy", "*"),
                           lambda: group_policy("iam:PutRolePolicy", "*")),
    "iam:AttachRolePolicy": (lambda: role_policy("iam:AttachRolePolicy", assume=True),
                             lambda: role_policy("iam:AttachRolePolicy", assume=False)),
    "iam:PutRolePolicy": (lambda: role_policy("iam:PutRolePolicy", assume=True),
                          lambda: role_policy("iam:PutRolePolicy", assume=False)),
    "iam:CreateAccessKey": (lambda: other_user("iam:CreateAccessKey", arn("user", "victim")),
                            lambda: other_user("iam:CreateAccessKey", arn("user", "nobody"))),
    "iam:CreateLoginProfile": (lambda: other_user("iam:CreateLoginProfile", "*"),
                               lambda: other_user("iam:CreateLoginProfile", "*", password_enabled=True)),
    "iam:UpdateLoginProfile": (lambda: other_user("iam:UpdateLoginProfile", "*", password_enabled=True),
                               lambda: other_user("iam:UpdateLoginProfile", "*")),
    "ssm:SendCommand": (lambda: on_instance("ssm:SendCommand", f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/*"),
                        lambda: on_instance("ssm:SendCommand", OTHER_INSTANCE)),
    "ssm:StartSession": (lambda: on_instance("ssm:StartSession", "*"),
                         lambda: on_instance("ssm:StartSession", OTHER_INSTANCE)),
    "ec2-instance-connect:SendSSHPublicKey": (
        lambda: on_instance("ec2-instance-connect:SendSSHPublicKey", "*"),
        lambda: on_instance("ec2-instance-connect:SendSSHPublicKey", OTHER_INSTANCE)),
    "lambda:UpdateFunctionCode": (lambda: on_function("lambda:UpdateFunctionCode", "*"),
                                  lambda: on_function("lambda:UpdateFunctionCode", OTHER_FN)),
    "lambda:UpdateFunctionConfiguration": (lambda: on_function("lambda:UpdateFunctionConfiguration", "*"),
                                           lambda: on_function("lambda:UpdateFunctionConfiguration", OTHER_FN)),
}


@pytest.mark.parametrize("method", sorted(CASES))
def test_method_positive(method: str) -> None:
    assert has_edge(CASES[method][0]()), method


@pytest.mark.parametrize("method", sorted(CASES))
def test_method_negative(method: str) -> None:
    assert has_edge(CASES[method][1]()) is None, method


@pytest.mark.parametrize("method", [m.name for m in PASS_ROLE_METHODS])
def test_pass_role_positive(method: str) -> None:
    assert has_edge(pass_role_case(method, complete=True)), method


@pytest.mark.parametrize("method", [m.name for m in PASS_ROLE_METHODS])
def test_pass_role_negative_missing_action(method: str) -> None:
    assert has_edge(pass_role_case(method, complete=False)) is None, method


def test_every_method_is_tested() -> None:
    covered = set(CASES) | {m.name for m in PASS_ROLE_METHODS} | {"sts:AssumeRole", "iam:AddUserToGroup",
                                                                    "iam:UpdateAssumeRolePolicy"}
    assert {m.name for m in METHODS} <= covered


def test_run_instances_needs_an_instance_profile() -> None:
    assert has_edge(pass_role_case("ec2:RunInstances", complete=True, with_profile=False)) is None


def test_pass_role_needs_a_role_trusting_the_service() -> None:
    other = role("svc", trust(service="lambda.amazonaws.com"), profile=True)
    case = Case([allow(["iam:PassRole", "ec2:RunInstances"])], other.arn, [other, profile_for(other)])
    assert has_edge(case) is None


def test_assume_role_through_account_trust_needs_identity_permission() -> None:
    target = role("ops", trust())
    assert has_edge(Case([allow("sts:AssumeRole", target.arn)], target.arn, [target]))
    assert has_edge(Case([allow("s3:GetObject")], target.arn, [target])) is None


def test_assume_role_named_in_trust_needs_no_identity_permission() -> None:
    target = role("ops", trust(aws=EVE))
    assert has_edge(Case([allow("s3:GetObject")], target.arn, [target]))


def test_update_assume_role_policy_needs_both_permissions() -> None:
    target = role("locked", trust(service="ec2.amazonaws.com"))
    both = Case([allow("iam:UpdateAssumeRolePolicy", target.arn), allow("sts:AssumeRole", target.arn)],
                target.arn, [target])
    only_update = Case([allow("iam:UpdateAssumeRolePolicy", target.arn)], target.arn, [target])
    assert has_edge(both) and has_edge(only_update) is None


def test_add_user_to_group() -> None:
    admins = group("admins", allow("*"))
    others = group("others", allow("s3:GetObject"))
    assert has_edge(Case([allow("iam:AddUserToGroup", admins.arn)], admins.arn, [admins, others]))
    assert has_edge(Case([allow("iam:AddUserToGroup", others.arn)], admins.arn, [admins, others])) is None


def test_explicit_deny_removes_the_edge() -> None:
    victim = user("victim")
    case = Case([allow("iam:CreateAccessKey"), deny("iam:CreateAccessKey", victim.arn)], victim.arn, [victim])
    assert has_edge(case) is None


def test_undecided_condition_keeps_a_harder_edge() -> None:
    victim = user("victim")
    conditioned = allow("iam:CreateAccessKey", victim.arn, Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})
    ease = has_edge(Case([conditioned], victim.arn, [victim]))
    assert ease is not None and ease < 1.0


def test_permissions_boundary_cuts_the_edge() -> None:
    boundary = managed("boundary", allow("s3:*"))
    victim = user("victim")
    eve = user("eve", allow("iam:CreateAccessKey"), permissions_boundary_arn=boundary.arn)
    graph = build_graph(inventory(eve, victim, boundary), [])
    assert not graph.digraph.has_edge(eve.arn, victim.arn)


def test_escalation_reaches_admin_in_a_path() -> None:
    from ssrm.paths import find_paths

    admin_role = role("admin-role", trust(), allow("*"))
    eve = user("eve", allow("sts:AssumeRole", admin_role.arn), password_enabled=True)
    graph = build_graph(inventory(eve, admin_role), [])
    paths = find_paths(graph)
    assert [p.nodes for p in paths] == [("internet", eve.arn, admin_role.arn, ADMIN)]
