"""Principals to data stores and to administrator access.

Scale: a principal's policies are asked once per action whether they allow it anywhere (and on which
resource patterns), which leaves few candidate stores; stores without a resource policy are then
equivalent for a principal whose grant is on ``*`` without conditions, so one evaluation answers for all
of them. Only crown-jewel stores get edges: a store that is no target ends no path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ssrm.iam import Decision, PolicyError, ResourceRef, StatementRef, can
from ssrm.model import Resource, Stage
from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.model.resources.data.kms import KmsKey
from ssrm.model.resources.data.rds import RdsDbCluster, RdsDbInstance
from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.model.resources.data.secretsmanager import Secret
from ssrm.model.resources.data.sns import SnsTopic
from ssrm.model.resources.data.sqs import SqsQueue
from ssrm.model.resources.identity.iam import IamGroup, IamRole, IamUser, is_aws_managed_policy
from ssrm.paths.attacker import attacker_context
from ssrm.paths.context import BuildContext, rcp_levels, rcps_vary
from ssrm.paths.fixes import Fix
from ssrm.paths.graph import Edge, Node, NodeKind
from ssrm.paths.principals import PrincipalRecord

HUB_FANOUT = 25  # more stores than this behind one principal's grant go through a shared hub node


@dataclass(frozen=True)
class StoreKind:
    resource_type: type[Resource]
    actions: tuple[str, ...]
    target: Callable[[Resource], str]  # the ARN the action is asked on
    technique: str
    verb: str


STORE_KINDS: tuple[StoreKind, ...] = (
    StoreKind(S3Bucket, ("s3:GetObject",), lambda r: f"{r.arn}/*", "T1530", "copies the objects of"),
    StoreKind(DynamoDBTable, ("dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem"), lambda r: r.arn, "T1530",
              "reads the items of"),
    StoreKind(Secret, ("secretsmanager:GetSecretValue",), lambda r: r.arn, "T1555.006", "reads the value of"),
    StoreKind(KmsKey, ("kms:Decrypt",), lambda r: r.arn, "T1530", "decrypts data with"),
    StoreKind(RdsDbInstance, ("rds:ModifyDBInstance",), lambda r: r.arn, "T1098",
              "resets the master password of"),
    StoreKind(RdsDbCluster, ("rds:ModifyDBCluster",), lambda r: r.arn, "T1098", "resets the master password of"),
    StoreKind(SqsQueue, ("sqs:ReceiveMessage",), lambda r: r.arn, "T1530", "reads the messages of"),
    StoreKind(SnsTopic, ("sns:Subscribe",), lambda r: r.arn, "T1530", "subscribes to and reads the messages of"),
)


def _policy_of(resource: Resource) -> dict[str, Any] | None:
    return getattr(resource, "policy", None)


def add_data_nodes(ctx: BuildContext) -> None:
    for kind in STORE_KINDS:
        for resource in ctx.inventory.of_type(kind.resource_type):
            if isinstance(resource, KmsKey) and not resource.customer_managed:
                continue
            ctx.resource_node(resource, NodeKind.DATA)


def _admin_fix_options(ctx: BuildContext, record: PrincipalRecord) -> tuple[tuple[str, ...], ...]:
    resource = record.resource
    rules = {IamUser: ("iam_user_admin_attached_directly", "iam_user_inline_full_admin"),
             IamRole: ("iam_role_inline_full_admin",), IamGroup: ("iam_group_inline_full_admin",)}
    keys = [k for rule in rules.get(type(resource), ()) if (k := ctx.fix_for(rule, resource.arn))]
    keys += [k for arn in resource.attached_policy_arns if (k := ctx.fix_for("iam_managed_policy_full_admin", arn))]
    return tuple((k,) for k in dict.fromkeys(keys))


def _admin_edges(ctx: BuildContext) -> None:
    for record in ctx.principals:
        if record.full_admin_policy is None:
            continue
        options = _admin_fix_options(ctx, record)
        resource = record.resource
        rule = next((r for r in ("iam_user_admin_attached_directly", "iam_user_inline_full_admin",
                                 "iam_role_inline_full_admin", "iam_group_inline_full_admin")
                     if ctx.finding(r, resource.arn)), None)
        ctx.graph.add_edge(Edge(record.arn, ctx.admin_node, Stage.DISCOVER_SPREAD, "T1078.004",
                                f"{record.label} holds {record.full_admin_policy}, which allows every action on every"
                                " resource: administrator access.", 1.0, rule, options, method="*:*"))


class _Candidates:
    """Per shared policy set and action: which stores an identity grant could cover, and whether one answer
    holds for every store without a resource policy."""

    def __init__(self) -> None:
        self.memo: dict[tuple[int, str], tuple[bool, bool, tuple[object, ...]]] = {}

    def of(self, record: PrincipalRecord, action: str) -> tuple[bool, bool, tuple[object, ...]]:
        policy = record.principal.identity_merged
        key = (id(record.principal.policy_set), action)
        found = self.memo.get(key)
        if found is None:
            statements = policy.statements_for(action)
            allows = [st for st in statements if not st.is_deny]
            uniform = bool(allows) and record.principal.boundary is None and all(
                st.resources is not None and st.resources.match_all and not st.not_resource and not st.conditions
                for st in statements)
            found = (bool(allows), uniform, tuple(st.resources for st in allows))
            self.memo[key] = found
        return found


def _covers(patterns: tuple[object, ...], arn: str) -> bool:
    for resources in patterns:
        if resources is None or getattr(resources, "match_all", False) or getattr(resources, "with_variables", ()):
            return True
        if resources.matches(arn):  # type: ignore[attr-defined]  # a resource pattern set of ssrm.iam
            return True
    return False


def _is_broad(record: PrincipalRecord, refs: Sequence[StatementRef]) -> bool:
    """Some granting statement uses a wildcard action or the resource ``*``."""
    by_name = {policy.name: policy for policy in record.policies}
    for ref in refs:
        policy = by_name.get(ref.policy_name)
        if policy is None or ref.index >= len(policy.statements):
            continue
        statement = policy.statements[ref.index]
        if statement.not_action or any(p.endswith("*") for p in statement.actions.patterns):
            return True
        if statement.resources is None or statement.resources.match_all:
            return True
    return False


def _least_privilege_fix(ctx: BuildContext, record: PrincipalRecord, decision: Decision, service: str,
                         store: str) -> str | None:
    identity = [ref for ref in decision.statements if ref.policy_kind.value == "identity" and ref.effect == "Allow"]
    if not identity:
        return None
    names = sorted({ref.policy_name for ref in identity})
    broad = _is_broad(record, identity)
    resource = record.resource
    kind = "role" if isinstance(resource, IamRole) else "user" if isinstance(resource, IamUser) else "group"
    inline = [p for p in resource.inline_policies if p.name in names]
    managed = [a for a in resource.attached_policy_arns if a.rsplit("/", 1)[-1] in names]
    cli: list[str] = []
    for policy in inline:
        cli.append(f"aws iam put-{kind}-policy --{kind}-name {resource.name or resource.id} --policy-name "
                   f"{policy.name} --policy-document file://{policy.name}-least-privilege.json")
    for arn in managed:
        if is_aws_managed_policy(arn):
            cli.append(f"aws iam detach-{kind}-policy --{kind}-name {resource.name or resource.id} --policy-arn {arn}")
        else:
            cli.append(f"aws iam create-policy-version --policy-arn {arn} --set-as-default "
                       f"--policy-document file://{arn.rsplit('/', 1)[-1]}-least-privilege.json")
    statement = {"Effect": "Allow", "Action": [f"{service}:<only the actions it calls>"],
                 "Resource": ["<only the ARNs it needs>"]}
    terraform = (f'resource "aws_iam_{kind}_policy" "{(inline[0].name if inline else names[0]).replace("-", "_")}" {{\n'
                 f'  {kind} = "{resource.name or resource.id}"\n'
                 f"  policy = jsonencode({{ Version = \"2012-10-17\", Statement = [{json.dumps(statement)}] }})\n}}")
    title = (f"Narrow {record.label}'s {service} permissions ({', '.join(names)}) to what it uses" if broad else
             f"Confirm {record.label} needs {service} access to {store} ({', '.join(names)}), else revoke it")
    fix = Fix(key=f"least-privilege:{record.arn}:{service}" + ("" if broad else f":{store}"), title=title,
              effort=3, stage=Stage.EXFILTRATE, cli=cli, terraform=[terraform], resources=[record.arn])
    return ctx.derived_fix(fix)


def _grant_words(decision: Decision) -> str:
    refs = [f"{ref.policy_name}" + (f" ({ref.sid})" if ref.sid else "") for ref in decision.statements
            if ref.effect == "Allow"]
    return ", ".join(dict.fromkeys(refs)) or "its policies"


def _stores(ctx: BuildContext, kind: StoreKind) -> list[Resource]:
    return [r for r in ctx.inventory.of_type(kind.resource_type)
            if r.arn in ctx.graph.nodes and (ctx.all_stores or ctx.graph.nodes[r.arn].is_jewel)]


def _named_in_policy(stores: Sequence[Resource]) -> dict[str, str]:
    """Store ARN -> its policy's JSON text, for the stores whose policy could name a principal."""
    found: dict[str, str] = {}
    for store in stores:
        policy = _policy_of(store)
        if policy:
            found[store.arn] = json.dumps(policy)
    return found


def _ask(record: PrincipalRecord, kind: StoreKind, store: Resource, ctx: BuildContext) -> tuple[str, Decision] | None:
    policy = _policy_of(store)
    account = store.account or ctx.account
    try:
        ref = ResourceRef(kind.target(store), account=account, policy=policy, tags=dict(store.tags),
                          rcps=rcp_levels(ctx, account))
        for action in kind.actions:
            decision = can(record.principal, action, ref, attacker_context(action))
            if decision.allowed:
                return action, decision
    except PolicyError:
        return None
    return None


def _plain_grants(ctx: BuildContext, record: PrincipalRecord, kind: StoreKind, plain: list[Resource],
                  allowed_any: list[tuple[bool, bool, tuple[object, ...]]]) -> list[tuple[Resource, str, Decision]]:
    """Stores without a resource policy that the caller's identity policies open. With conditions and
    variables absent, every caller with the same policies gets the same list (memoized by the caller)."""
    granted: list[tuple[Resource, str, Decision]] = []
    patterns = tuple(p for a in allowed_any for p in a[2])
    varies = rcps_vary(ctx, ctx.account)
    uniform = all(a[1] for a in allowed_any if a[0]) and not varies
    shared: tuple[str, Decision] | None = None
    statements = None if varies else _applicable_statements(record, kind)
    by_signature: dict[tuple[bool, ...], tuple[str, Decision] | None] = {}
    for store in plain:
        target = kind.target(store)
        if not _covers(patterns, target):
            continue
        if uniform and shared is not None:
            granted.append((store, *shared))
            continue
        signature = _signature(statements, target) if statements is not None else None
        if signature is not None and signature in by_signature:
            answer = by_signature[signature]
        else:
            answer = _ask(record, kind, store, ctx)
            if signature is not None:
                by_signature[signature] = answer
        if answer is not None:
            granted.append((store, *answer))
            shared = answer if uniform else None
    return granted


def _applicable_statements(record: PrincipalRecord, kind: StoreKind) -> list[Any] | None:
    """Every statement that could decide the kind's actions for this caller (identity, boundary, session,
    SCPs), or None when one reads the request or the resource beyond its ARN (conditions, variables,
    NotResource): then each store needs its own evaluation."""
    found: list[Any] = []
    for policy in record.principal.policy_set.policies():
        for action in kind.actions:
            for statement in policy.statements_for(action):
                resources = statement.resources
                if statement.conditions or resources is None or statement.not_resource or resources.with_variables:
                    return None
                found.append(statement)
    return found


def _signature(statements: list[Any], target: str) -> tuple[bool, ...]:
    """Which of the statements cover the store: stores with the same answer here get the same decision
    (no resource policy, no conditions), so one evaluation serves them all."""
    return tuple(bool(s.resources.match_all or s.resources.matches(target)) for s in statements)


def _access_edges(ctx: BuildContext) -> None:
    candidates = _Candidates()
    for kind in STORE_KINDS:
        stores = _stores(ctx, kind)
        if not stores:
            continue
        with_policy = _named_in_policy(stores)
        plain = [s for s in stores if s.arn not in with_policy]
        service = kind.actions[0].split(":", 1)[0]
        for record in ctx.principals:
            if record.full_admin_policy is not None:
                continue  # administrator access is the bigger prize, and already an edge
            granted: list[tuple[Resource, str, Decision]] = []
            allowed_any = [candidates.of(record, action) for action in kind.actions]
            if any(a[0] for a in allowed_any):
                memo_key = ("plain-grants", id(record.principal.policy_set), kind.actions[0])
                own = record.principal.reads_context or rcps_vary(ctx, ctx.account)  # no sharing between callers
                if own or memo_key not in ctx.memo:
                    plain_grants = _plain_grants(ctx, record, kind, plain, allowed_any)
                    if not own:
                        ctx.memo[memo_key] = plain_grants
                else:
                    plain_grants = ctx.memo[memo_key]
                granted = plain_grants  # shared by every caller with these policies (and its hub with it)
            for store_arn, text in with_policy.items():
                if not any(a[0] for a in allowed_any) and record.arn not in text:
                    continue
                store = next(s for s in stores if s.arn == store_arn)
                answer = _ask(record, kind, store, ctx)
                if answer is not None:
                    granted = [*granted, (store, *answer)]
            if len(granted) > HUB_FANOUT:
                _through_hub(ctx, record, kind, granted, service)
                continue
            for store, action, decision in granted:
                node = ctx.graph.nodes[store.arn]
                fix = _least_privilege_fix(ctx, record, decision, service, node.label)
                ctx.graph.add_edge(Edge(
                    record.arn, store.arn, Stage.EXFILTRATE, kind.technique,
                    f"{record.label} is allowed {action} on {store.label} (by {_grant_words(decision)}): the "
                    f"attacker " + ("lists the buckets (T1619) and " if kind.resource_type is S3Bucket else "")
                    + f"{kind.verb} {node.label}.",
                    0.9 if decision.conditional else 1.0, None, ((fix,),) if fix else (),
                    conditional=decision.conditional, method=action))


def _through_hub(ctx: BuildContext, record: PrincipalRecord, kind: StoreKind,
                 granted: list[tuple[Resource, str, Decision]], service: str) -> None:
    """Many stores through one grant: principal -> "any of these N stores" -> each store (N + M edges, not N x M).

    Callers sharing a policy set share the memoized list of grants, so its identity finds the hub at once."""
    by_list = ("store-hub-of", kind.actions[0], id(granted))
    known = ctx.memo.get(by_list)
    if known is not None and known[0] is granted:
        hub, targets = known[1], known[2]
        key = None
    else:
        targets = tuple(sorted(store.arn for store, _, _ in granted))
        key = ("store-hub", kind.actions[0], hash(targets))
        hub = ctx.memo.get(key)
    if hub is None:
        hub = ctx.memo[key] = f"stores:{kind.actions[0]}:{len(ctx.memo)}"
        ctx.graph.add_node(Node(id=hub, kind=NodeKind.ENDPOINT,
                                label=f"any of {len(targets)} {kind.resource_type.resource_type} stores"))
        for store, _, _ in granted:
            node = ctx.graph.nodes[store.arn]
            ctx.graph.add_edge(Edge(hub, store.arn, Stage.EXFILTRATE, kind.technique,
                                    f"Among them, the attacker {kind.verb} {node.label}.", 1.0, method=kind.actions[0]))
    if key is not None:
        ctx.memo[by_list] = (granted, hub, targets)
    _, action, decision = granted[0]
    fix = _least_privilege_fix(ctx, record, decision, service, f"{len(targets)} stores")
    ctx.graph.add_edge(Edge(record.arn, hub, Stage.EXFILTRATE, kind.technique,
                            f"{record.label} is allowed {action} on {len(targets)} stores (by "
                            f"{_grant_words(decision)}).", 0.9 if decision.conditional else 1.0, None,
                            ((fix,),) if fix else (), conditional=decision.conditional, method=action))


def add_access_edges(ctx: BuildContext) -> None:
    _admin_edges(ctx)
    _access_edges(ctx)
