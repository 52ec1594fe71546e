"""Privilege escalation: every publicly documented way one principal becomes a more powerful one.

An edge needs both the permission (``ssrm.iam.can`` on the real target ARN, so resource-restricted
statements, conditions, boundaries and permissions split over several policies all count) and an existing
target: a policy attached to the caller, a role the service trusts (with an instance profile for EC2), an
instance or function that exists. Service-side prerequisites the model cannot see are stated in the edge.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ssrm.iam import PolicyError, ResourceRef, can, trusts
from ssrm.model import Resource, Stage
from ssrm.model.resources.apps.awslambda import LambdaFunction
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.devtools.codebuild import CodeBuildProject
from ssrm.model.resources.devtools.sagemaker import SageMakerNotebookInstance
from ssrm.model.resources.devtools.workloads import CloudFormationStack, GlueDevEndpoint
from ssrm.model.resources.identity.iam import IamGroup, IamManagedPolicy, IamRole, IamUser
from ssrm.paths.attacker import attacker_context
from ssrm.paths.context import BuildContext, rcp_levels
from ssrm.paths.fixes import Fix
from ssrm.paths.graph import Edge, Node, NodeKind
from ssrm.paths.principals import PrincipalRecord, may_allow

CONDITIONAL_EASE = 0.6  # allowed only if a condition ssrm cannot decide holds
HUB_FANOUT = 25  # more targets than this from one principal and one method go through a shared hub node


@dataclass(frozen=True)
class Move:
    target: str
    tail: str  # the sentence after the caller's name: "passes role x to ec2.amazonaws.com ..."
    ease: float = 1.0
    conditional: bool = False  # allowed only if a condition ssrm cannot decide holds


Finder = Callable[[BuildContext, PrincipalRecord, "Method"], Iterator[Move]]


@dataclass(frozen=True)
class Method:
    name: str  # e.g. "iam:CreatePolicyVersion"
    actions: tuple[str, ...]  # every one is needed (a cheap pre-filter before resource-aware checks)
    technique: str
    find: Finder
    service: str = ""  # for PassRole methods: the service principal the role must trust
    needs_profile: bool = False  # EC2: the role must sit in an instance profile


def _evaluate(record: PrincipalRecord, action: str, resource: str | ResourceRef) -> float:
    try:
        decision = can(record.principal, action, resource, attacker_context(action))
    except PolicyError:
        return 0.0
    if not decision.allowed:
        return 0.0
    return CONDITIONAL_EASE if decision.conditional else 1.0


def _allowed(ctx: BuildContext, record: PrincipalRecord, action: str, resource: str | ResourceRef, *,
             shared: bool = True) -> float:
    """1.0 allowed, CONDITIONAL_EASE allowed under undecided conditions, 0.0 denied.

    Principals with the same policies and no conditions or variables get the same answer on a resource
    without a resource policy (``shared``), so it is computed once per policy set.
    """
    principal = record.principal
    if not shared or principal.reads_context or not isinstance(resource, str):
        return _evaluate(record, action, resource)
    key = ("answer", id(principal.policy_set), action, resource)
    found = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = _evaluate(record, action, resource)
    return found


def _all_allowed(ctx: BuildContext, record: PrincipalRecord, checks: Iterable[tuple[str, str | ResourceRef]]) -> float:
    ease = 1.0
    for action, resource in checks:
        ease = min(ease, _allowed(ctx, record, action, resource))
        if not ease:
            return 0.0
    return ease


def _address_to_arn(ctx: BuildContext) -> dict[str, str]:
    """Infrastructure code names principals by address ("terraform:aws_iam_role.x") in trust policies; the
    evaluator sees them by the ARN they will have. Empty for a live account (addresses are ARNs there)."""
    found = ctx.memo.get("address-to-arn")
    if found is None:
        found = {r.arn: r.principal.arn for r in ctx.principals if r.arn != r.principal.arn}
        ctx.memo["address-to-arn"] = found
    return found


def _resolved(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        return [_resolved(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _resolved(v, names) for k, v in value.items()}
    return value


def trust_policy_of(ctx: BuildContext, role: IamRole) -> dict[str, Any]:
    names = _address_to_arn(ctx)
    return _resolved(role.trust_policy, names) if names else role.trust_policy


def _trust_ref(ctx: BuildContext, role: IamRole) -> ResourceRef:
    """The role as the target of sts:AssumeRole, with its trust policy parsed once."""
    key = ("trust-ref", role.arn)
    if key not in ctx.memo:
        record = ctx.principals.get(role.arn)
        rcps = rcp_levels(ctx, role.account or ctx.account)  # sts:AssumeRole is capped by the RCPs too
        if record is None:
            ctx.memo[key] = ResourceRef(role.arn, policy=trust_policy_of(ctx, role), rcps=rcps)
        else:  # the evaluator's ARN and account (code before deployment has a placeholder account)
            ctx.memo[key] = ResourceRef(record.principal.arn, account=record.principal.account,
                                        policy=trust_policy_of(ctx, role), rcps=rcps)
    return ctx.memo[key]  # type: ignore[no-any-return]  # the memo holds values of many kinds


# --- targets --------------------------------------------------------------------------------------------


def _attached_policies(ctx: BuildContext, record: PrincipalRecord) -> list[IamManagedPolicy]:
    arns = list(record.resource.attached_policy_arns)
    for group in ctx.principals.groups_of_user.get(record.arn, []):
        arns.extend(group.attached_policy_arns)
    found = (ctx.inventory.get(IamManagedPolicy, arn) for arn in dict.fromkeys(arns))
    return [p for p in found if p is not None and not p.aws_managed]


def assumable_roles(ctx: BuildContext, record: PrincipalRecord) -> list[str]:
    cache: dict[str, list[str]] = ctx.memo.setdefault("assumable", {})
    if record.arn not in cache:
        cache[record.arn] = [m.target for m in _assume_role(ctx, record, METHODS_BY_NAME["sts:AssumeRole"])]
    return cache[record.arn]


def _users_taken_over(ctx: BuildContext, record: PrincipalRecord) -> list[str]:
    """Other users whose credentials the caller can create (access key, console password): policies it can
    attach to them become its own (the role-side variant of attaching a policy to oneself)."""
    cache: dict[str, list[str]] = ctx.memo.setdefault("taken-over", {})
    if record.arn not in cache:
        found: list[str] = []
        for name in ("iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"):
            if may_allow(record, name):
                found.extend(m.target for m in _other_users(ctx, record, METHODS_BY_NAME[name]))
        cache[record.arn] = [arn for arn in dict.fromkeys(found) if arn != record.arn]
    return cache[record.arn]


def _self_and_assumable_roles(ctx: BuildContext, record: PrincipalRecord) -> list[str]:
    roles = [record.arn] if isinstance(record.resource, IamRole) else []
    return roles + assumable_roles(ctx, record)


# --- finders --------------------------------------------------------------------------------------------


def _policy_version(ctx: BuildContext, record: PrincipalRecord, method: Method) -> Iterator[Move]:
    for policy in _attached_policies(ctx, record):
        ease = _allowed(ctx, record, method.actions[0], policy.arn)
        if not ease:
            continue
        conditional = ease < 1.0
        if method.name == "iam:CreatePolicyVersion":
            how = f"writes a new default version of {policy.label} (attached to it) that allows everything"
        else:
            how = (f"switches {policy.label} (attached to it) back to an older version; any permissive version "
                   "becomes its grant (versions are not collected, so this is a possibility)")
            ease *= 0.5
        yield Move(ctx.admin_node, f"{how}.", ease, conditional)


def _attach_or_put(ctx: BuildContext, record: PrincipalRecord, method: Method) -> Iterator[Move]:
    action = method.actions[0]
    verb = "attaches AdministratorAccess to" if "Attach" in action else "writes an inline *:* policy into"
    if action.endswith(("UserPolicy",)):
        taken = _users_taken_over(ctx, record)
        targets = ([record.arn] if isinstance(record.resource, IamUser) else []) + taken
        words = "itself" if not taken else "itself or a user whose credentials it can create"
    elif action.endswith("GroupPolicy"):
        members = [record.arn, *_users_taken_over(ctx, record)]
        targets = list(dict.fromkeys(g.arn for m in members for g in ctx.principals.groups_of_user.get(m, [])))
        words = "a group it (or a user it can sign in as) belongs to"
    else:
        targets = _self_and_assumable_roles(ctx, record)
        words = "a role it is or can assume"
    for target in targets:
        ease = _allowed(ctx, record, action, target)
        if ease:
            label = ctx.graph.nodes[target].label if target in ctx.graph.nodes else target
            yield Move(ctx.admin_node, f"{verb} {label} ({words}) with {action}.", ease, ease < 1.0)


def _other_users(ctx: BuildContext, record: PrincipalRecord, method: Method) -> Iterator[Move]:
    action = method.actions[0]
    for user in ctx.inventory.of_type(IamUser):
        if user.arn not in ctx.graph.nodes:
            continue
        if action == "iam:CreateLoginProfile" and user.password_enabled:
            continue
        if action == "iam:UpdateLoginProfile" and not user.password_enabled:
            continue
        if action == "iam:CreateAccessKey" and len(user.active_keys) >= 2:
            continue  # AWS allows two keys per user
        ease = _allowed(ctx, record, action, user.arn)
        if ease:
            what = {"iam:CreateAccessKey": "creates a new access key for",
                    "iam:CreateLoginProfile": "sets a console password for",
                    "iam:UpdateLoginProfile": "resets the console password of"}[action]
            yield Move(user.arn, f"{what} {user.label} and signs in as {user.label}.", ease, ease < 1.0)


def _add_user_to_group(ctx: BuildContext, record: PrincipalRecord, method: Method) -> Iterator[Move]:
    if not isinstance(record.resource, IamUser):
        return
    own = {g.arn for g in ctx.principals.groups_of_user.get(record.arn, [])}
    for group in ctx.inventory.of_type(IamGroup):
        if group.arn in own or group.arn not in ctx.graph.nodes:
            continue
        ease = _allowed(ctx, record, method.actions[0], group.arn)
        if ease:
            yield Move(group.arn, f"adds itself to group {group.label} and gains its policies.", ease, ease < 1.0)


def _roles(ctx: BuildContext) -> list[IamRole]:
    return [r for r in ctx.inventory.of_type(IamRole) if r.arn in ctx.graph.nodes]


def _trusted_by(ctx: BuildContext) -> dict[str, list[tuple[IamRole, list[object]]]]:
    """Role trust, parsed once per graph: service name -> roles, and '' -> (role, AWS principal entries)."""
    cache = ctx.memo.get("trusted_by")
    if cache is None:
        cache = {}
        for role in _roles(ctx):
            try:
                entries = trusts(trust_policy_of(ctx, role), role.account or ctx.account) if role.trust_policy else []
            except PolicyError:
                entries = []
            for entry in entries:
                key = entry.value if entry.kind == "service" else ""
                cache.setdefault(key, []).append((role, entry))
        ctx.memo["trusted_by"] = cache
    return cache


def _assume_role(ctx: BuildContext, record: PrincipalRecord, method: Method) -> Iterator[Move]:
    """Roles whose trust names the caller itself, then roles trusting the account or anyone (those answers
    depend only on the caller's policies, so they are shared by its policy set)."""
    named: dict[str, list[IamRole]] = ctx.memo.get("trust-names") or {}
    if "trust-names" not in ctx.memo:
        for role, entry in _trusted_by(ctx).get("", []):
            if getattr(entry, "kind", "") == "aws" and not getattr(entry, "value", "").endswith(":root"):
                named.setdefault(getattr(entry, "value", ""), []).append(role)
        ctx.memo["trust-names"] = named
    for role in named.get(record.principal.arn, []):
        ease = _allowed(ctx, record, "sts:AssumeRole", _trust_ref(ctx, role), shared=False)
        if ease:
            yield Move(role.arn, f"assumes role {role.label} (its trust policy names it).", ease, ease < 1.0)
    may = may_allow(record, "sts:AssumeRole")
    key = ("assume-open", id(record.principal.policy_set))
    if not record.principal.reads_context and key in ctx.memo:
        yield from ctx.memo[key]
        return
    found: list[Move] = []
    seen: set[str] = set()
    for role, entry in _trusted_by(ctx).get("", []):
        kind = getattr(entry, "kind", "")
        root = kind == "account" or (kind == "aws" and getattr(entry, "value", "").endswith(":root"))
        if role.arn in seen or not (kind == "anyone" or (may and root)):
            continue
        ease = _evaluate(record, "sts:AssumeRole", _trust_ref(ctx, role))
        if ease:
            seen.add(role.arn)
            found.append(Move(role.arn, f"assumes role {role.label} (its trust policy admits its account).", ease,
                              ease < 1.0))
    if not record.principal.reads_context:
        ctx.memo[key] = found
    yield from found


def _update_trust(ctx: BuildContext, record: PrincipalRecord, method: Method) -> Iterator[Move]:
    for role in _roles(ctx):
        ease = _all_allowed(ctx, record, [("iam:UpdateAssumeRolePolicy", role.arn), ("sts:AssumeRole", role.arn)])
        if ease:
            yield Move(role.arn, f"rewrites {role.label}'s trust policy to admit itself, then "
                                 "assumes it.", ease, ease < 1.0)


def _pass_role(ctx: BuildContext, record: PrincipalRecord, method: Method) -> Iterator[Move]:
    for role, _ in _trusted_by(ctx).get(method.service, []):
        if method.needs_profile and not role.instance_profile_arns:
            continue
        ease = _all_allowed(ctx, record, [("iam:PassRole", role.arn), *((a, "*") for a in method.actions)])
        if ease:
            yield Move(role.arn, f"passes role {role.label} to {method.service} "
                                 f"({', '.join(method.actions)}) and runs its own code as {role.label}.", ease,
                       ease < 1.0)


def _on_instances(ctx: BuildContext, record: PrincipalRecord, method: Method) -> Iterator[Move]:
    for instance in ctx.inventory.of_type(Instance):
        if instance.arn not in ctx.graph.nodes or not instance.instance_profile_arn or instance.state != "running":
            continue
        ease = _allowed(ctx, record, method.actions[0], instance.arn)
        if ease:
            conditional = ease < 1.0
            for action in method.actions[1:]:
                more = _allowed(ctx, record, action, instance.arn)
                ease = min(ease, more)
                conditional = conditional or 0 < more < 1.0
            if not ease:
                continue
            how = {"ssm:SendCommand": "runs a shell command on", "ssm:StartSession": "opens a shell session on",
                   "ec2-instance-connect:SendSSHPublicKey": "pushes its own SSH key to and logs in to",
                   "ec2:ModifyInstanceAttribute": "stops, rewrites the user data of and restarts"}
            if "instance-connect" in method.name:
                ease *= 0.7  # the instance must also be reachable on port 22
            yield Move(instance.arn, f"{how[method.actions[0]]} {instance.label} "
                                     f"({', '.join(method.actions)}).", ease, conditional)


def _on_functions(ctx: BuildContext, record: PrincipalRecord, method: Method) -> Iterator[Move]:
    for function in ctx.inventory.of_type(LambdaFunction):
        if function.arn not in ctx.graph.nodes:
            continue
        # A function policy may grant the update to the caller (or its account) besides its own policies.
        target: str | ResourceRef = (ResourceRef(function.arn, account=function.account or None,
                                                 policy=function.policy) if function.policy else function.arn)
        ease = _allowed(ctx, record, method.actions[0], target)
        if ease:
            how = ("replaces the code of" if method.actions[0] == "lambda:UpdateFunctionCode"
                   else "adds its own layer to")
            yield Move(function.arn, f"{how} {function.label} ({method.actions[0]}), which then runs "
                                     f"the attacker's code as {function.role_arn.rsplit('/', 1)[-1]}.", ease,
                       ease < 1.0)


@dataclass(frozen=True)
class RoleHolder:
    """A resource that runs code as its role and lets a caller change or start that code."""

    resource_type: type[Resource]
    role_of: Callable[[Any], str | None]
    words: str  # "starts a build of", after the caller's name


def _role_arn(ctx: BuildContext, value: str | None) -> str | None:
    if not value:
        return None
    if value.startswith("arn:"):
        return value
    return f"arn:aws:iam::{ctx.account}:role/{value.rsplit('/', 1)[-1]}"


def _on_role_holders(ctx: BuildContext, record: PrincipalRecord, method: Method) -> Iterator[Move]:
    holder = HOLDERS[method.name]
    for resource in ctx.inventory.of_type(holder.resource_type):
        role = _role_arn(ctx, holder.role_of(resource))
        if role is None or role not in ctx.graph.nodes:
            continue
        ease = _all_allowed(ctx, record, [(action, resource.arn) for action in method.actions])
        if ease:
            yield Move(role, f"{holder.words} {resource.label} ({', '.join(method.actions)}) and runs its own code "
                             f"as {ctx.graph.nodes[role].label}.", ease, ease < 1.0)


HOLDERS: dict[str, RoleHolder] = {
    "codebuild:StartBuild": RoleHolder(CodeBuildProject, lambda r: r.service_role,
                                       "starts a build with its own buildspec (buildspecOverride) of"),
    "sagemaker:CreatePresignedNotebookInstanceUrl": RoleHolder(
        SageMakerNotebookInstance, lambda r: r.role_arn, "opens a Jupyter session (presigned URL) on"),
    "glue:UpdateDevEndpoint": RoleHolder(GlueDevEndpoint, lambda r: r.role_arn,
                                         "adds its own SSH public key to the Glue development endpoint"),
    "cloudformation:UpdateStack": RoleHolder(CloudFormationStack, lambda r: r.role_arn,
                                             "updates, with a template of its own, the stack"),
    "cloudformation:CreateChangeSet+ExecuteChangeSet": RoleHolder(
        CloudFormationStack, lambda r: r.role_arn, "creates and executes a change set of its own on the stack"),
}


def _pass(name: str, service: str, *actions: str, profile: bool = False) -> Method:
    return Method(name, actions, "T1548.005", _pass_role, service=service, needs_profile=profile)


METHODS: tuple[Method, ...] = (
    Method("iam:CreatePolicyVersion", ("iam:CreatePolicyVersion",), "T1098.003", _policy_version),
    Method("iam:SetDefaultPolicyVersion", ("iam:SetDefaultPolicyVersion",), "T1098.003", _policy_version),
    Method("iam:AttachUserPolicy", ("iam:AttachUserPolicy",), "T1098.003", _attach_or_put),
    Method("iam:AttachGroupPolicy", ("iam:AttachGroupPolicy",), "T1098.003", _attach_or_put),
    Method("iam:AttachRolePolicy", ("iam:AttachRolePolicy",), "T1098.003", _attach_or_put),
    Method("iam:PutUserPolicy", ("iam:PutUserPolicy",), "T1098.003", _attach_or_put),
    Method("iam:PutGroupPolicy", ("iam:PutGroupPolicy",), "T1098.003", _attach_or_put),
    Method("iam:PutRolePolicy", ("iam:PutRolePolicy",), "T1098.003", _attach_or_put),
    Method("iam:CreateAccessKey", ("iam:CreateAccessKey",), "T1098.001", _other_users),
    Method("iam:CreateLoginProfile", ("iam:CreateLoginProfile",), "T1098.001", _other_users),
    Method("iam:UpdateLoginProfile", ("iam:UpdateLoginProfile",), "T1098.001", _other_users),
    Method("iam:AddUserToGroup", ("iam:AddUserToGroup",), "T1098", _add_user_to_group),
    Method("iam:UpdateAssumeRolePolicy", ("iam:UpdateAssumeRolePolicy", "sts:AssumeRole"), "T1098", _update_trust),
    Method("sts:AssumeRole", ("sts:AssumeRole",), "T1548.005", _assume_role),
    _pass("ec2:RunInstances", "ec2.amazonaws.com", "ec2:RunInstances", profile=True),
    _pass("ec2:RequestSpotInstances", "ec2.amazonaws.com", "ec2:RequestSpotInstances", profile=True),
    _pass("autoscaling:CreateAutoScalingGroup", "ec2.amazonaws.com", "autoscaling:CreateLaunchConfiguration",
          "autoscaling:CreateAutoScalingGroup", profile=True),
    _pass("lambda:CreateFunction+InvokeFunction", "lambda.amazonaws.com", "lambda:CreateFunction",
          "lambda:InvokeFunction"),
    _pass("lambda:CreateFunction+CreateEventSourceMapping", "lambda.amazonaws.com", "lambda:CreateFunction",
          "lambda:CreateEventSourceMapping"),
    _pass("glue:CreateDevEndpoint", "glue.amazonaws.com", "glue:CreateDevEndpoint"),
    _pass("glue:CreateJob+StartJobRun", "glue.amazonaws.com", "glue:CreateJob", "glue:StartJobRun"),
    _pass("cloudformation:CreateStack", "cloudformation.amazonaws.com", "cloudformation:CreateStack"),
    _pass("datapipeline:CreatePipeline", "datapipeline.amazonaws.com", "datapipeline:CreatePipeline",
          "datapipeline:PutPipelineDefinition", "datapipeline:ActivatePipeline"),
    _pass("codebuild:CreateProject+StartBuild", "codebuild.amazonaws.com", "codebuild:CreateProject",
          "codebuild:StartBuild"),
    _pass("sagemaker:CreateNotebookInstance", "sagemaker.amazonaws.com", "sagemaker:CreateNotebookInstance",
          "sagemaker:CreatePresignedNotebookInstanceUrl"),
    _pass("sagemaker:CreateTrainingJob", "sagemaker.amazonaws.com", "sagemaker:CreateTrainingJob"),
    _pass("ecs:RunTask", "ecs-tasks.amazonaws.com", "ecs:RegisterTaskDefinition", "ecs:RunTask"),
    _pass("ecs:CreateService", "ecs-tasks.amazonaws.com", "ecs:RegisterTaskDefinition", "ecs:CreateService"),
    _pass("apprunner:CreateService", "tasks.apprunner.amazonaws.com", "apprunner:CreateService"),
    Method("ssm:SendCommand", ("ssm:SendCommand",), "T1651", _on_instances),
    Method("ssm:StartSession", ("ssm:StartSession",), "T1651", _on_instances),
    Method("ec2-instance-connect:SendSSHPublicKey", ("ec2-instance-connect:SendSSHPublicKey",), "T1098.004",
           _on_instances),
    Method("ec2:ModifyInstanceAttribute", ("ec2:ModifyInstanceAttribute", "ec2:StopInstances",
                                           "ec2:StartInstances"), "T1059.009", _on_instances),
    Method("codebuild:StartBuild", ("codebuild:StartBuild",), "T1648", _on_role_holders),
    Method("sagemaker:CreatePresignedNotebookInstanceUrl", ("sagemaker:CreatePresignedNotebookInstanceUrl",),
           "T1648", _on_role_holders),
    _pass("sagemaker:CreateProcessingJob", "sagemaker.amazonaws.com", "sagemaker:CreateProcessingJob"),
    Method("glue:UpdateDevEndpoint", ("glue:UpdateDevEndpoint",), "T1098.004", _on_role_holders),
    Method("cloudformation:UpdateStack", ("cloudformation:UpdateStack",), "T1648", _on_role_holders),
    Method("cloudformation:CreateChangeSet+ExecuteChangeSet", ("cloudformation:CreateChangeSet",
                                                               "cloudformation:ExecuteChangeSet"), "T1648",
           _on_role_holders),
    Method("lambda:UpdateFunctionCode", ("lambda:UpdateFunctionCode",), "T1648", _on_functions),
    Method("lambda:UpdateFunctionConfiguration", ("lambda:UpdateFunctionConfiguration",), "T1648", _on_functions),
)
METHODS_BY_NAME = {m.name: m for m in METHODS}
# Finders whose answer depends only on the caller's policies (not on who it is): shared per policy set.
CACHEABLE = (_other_users, _update_trust, _pass_role, _on_instances, _on_functions, _on_role_holders)


def _method_fix(ctx: BuildContext, record: PrincipalRecord, method: Method) -> str | None:
    if method.name == "sts:AssumeRole":
        return None  # trusting a principal is a design decision; fix its trust or its own permissions instead
    actions = ("iam:PassRole", *method.actions) if method.service else method.actions
    fix = Fix(key=f"remove-escalation:{record.arn}:{method.name}",
              title=f"Take {' + '.join(actions)} away from {record.label} (privilege escalation)",
              effort=2, stage=Stage.DISCOVER_SPREAD, resources=[record.arn],
              cli=[f"aws iam simulate-principal-policy --policy-source-arn {record.arn} --action-names "
                   f"{' '.join(actions)}  # then remove or scope the statements it reports"])
    return ctx.derived_fix(fix)


def escalation_moves(ctx: BuildContext, record: PrincipalRecord) -> Iterator[tuple[Method, list[Move]]]:
    """Per method, the caller's moves (its own target included when a shared list has it: the graph drops
    self-loops, and keeping the list whole lets every caller with the same policies share one hub)."""
    named = _named_by_function_policy(ctx, record)
    for method in METHODS:
        by_function_policy = named and method.find is _on_functions
        if not all(may_allow(record, action) for action in method.actions if action != "sts:AssumeRole") \
                and method.name != "sts:AssumeRole" and not by_function_policy:
            continue
        if method.find in CACHEABLE and not record.principal.reads_context and not by_function_policy:
            key = ("moves", id(record.principal.policy_set), method.name)
            if key not in ctx.memo:
                ctx.memo[key] = list(method.find(ctx, record, method))
            moves = ctx.memo[key]
        else:
            moves = list(method.find(ctx, record, method))
        if any(m.target != record.arn for m in moves):
            yield method, moves


def _named_by_function_policy(ctx: BuildContext, record: PrincipalRecord) -> bool:
    """Some function's resource policy names the caller, its account or anyone: the caller may update that
    function without an identity grant, and the answer is its own, not its policy set's."""
    texts = ctx.memo.get("function-policies")
    if texts is None:
        texts = [json.dumps(f.policy) for f in ctx.inventory.of_type(LambdaFunction) if f.policy]
        ctx.memo["function-policies"] = texts
    account = record.principal.account
    return any(record.principal.arn in t or record.arn in t or (account and f":{account}:root" in t)
               or f'"{account}"' in t or '"*"' in t for t in texts)


def _hub(ctx: BuildContext, method: Method, moves: list[Move]) -> str:
    """One node standing for "any of these N targets through this method", so N principals x M targets
    become N + M edges. Principals with the same reach share it."""
    targets = moves
    key = ("hub", method.name, hash(tuple(m.target for m in moves)))
    hub_id = ctx.memo.get(key)
    if hub_id is None:
        hub_id = f"hub:{method.name}:{len(ctx.memo)}"
        ctx.memo[key] = hub_id
        ctx.graph.add_node(Node(id=hub_id, kind=NodeKind.ENDPOINT,
                                label=f"any of {len(targets)} targets of {method.name}"))
        for move in moves:
            label = ctx.graph.nodes[move.target].label if move.target in ctx.graph.nodes else move.target
            ctx.graph.add_edge(Edge(hub_id, move.target, Stage.DISCOVER_SPREAD, method.technique,
                                    f"Of those, the attacker picks {label}.", 1.0, method=method.name))
    return hub_id


def add_escalation_edges(ctx: BuildContext) -> None:
    for record in ctx.principals:
        if record.full_admin_policy is not None:
            continue  # already everything
        for method, moves in escalation_moves(ctx, record):
            fix = _method_fix(ctx, record, method)
            options = ((fix,),) if fix else ()
            if len(moves) > HUB_FANOUT:
                ease = max(m.ease for m in moves)
                conditional = all(m.conditional for m in moves)
                ctx.graph.add_edge(Edge(record.arn, _hub(ctx, method, moves), Stage.DISCOVER_SPREAD,
                                        method.technique, f"{record.label} may use {method.name} on "
                                        f"{len(moves)} targets ({' + '.join(method.actions)}).", ease, None, options,
                                        conditional=conditional, method=method.name))
                continue
            for move in moves:
                ctx.graph.add_edge(Edge(record.arn, move.target, Stage.DISCOVER_SPREAD, method.technique,
                                        f"{record.label} {move.tail}", move.ease, None, options,
                                        conditional=move.conditional, method=method.name))

