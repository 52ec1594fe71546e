"""Attack paths across accounts: each account's graph, joined by trusts and resource policies that cross.

Each account's graph is built exactly as for a single-account scan. Then, for every role whose trust
policy admits another account of the organization, and every data store whose policy grants one, the
principals of that other account that the evaluator says may really do it get an edge. So "internet ->
dev web host -> dev role -> prod role -> prod bucket" is one path, and the plan can cut it at the trust:
each trust edge carries the fix "restrict the trust of ROLE".
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from ssrm.assess.assessment import Assessment
from ssrm.iam import PolicyError, ResourceRef, can, trusts
from ssrm.model import Finding, Inventory, Stage
from ssrm.model.resources.identity.iam import IamRole
from ssrm.model.resources.identity.organizations import policy_levels
from ssrm.model.snapshot import inventory_from_dict, inventory_to_dict
from ssrm.org.executors import Executor
from ssrm.org.scan import OrgScan
from ssrm.paths import DEFAULT_CROWN_JEWELS, build_graph, find_paths, paths_to_dict, plan_fixes, plan_to_dict
from ssrm.paths.data_access import STORE_KINDS
from ssrm.paths.fixes import Fix
from ssrm.paths.graph import INTERNET, AttackGraph, Edge
from ssrm.paths.principals import PrincipalRecord, index_principals

MAX_PATHS = 50


def _trusted_accounts(role: IamRole) -> set[str] | None:
    """Accounts a role's trust admits; None when it admits anyone or something that is not an account."""
    try:
        entries = trusts(role.trust_policy, role.account or None)
    except PolicyError:
        return None
    found: set[str] = set()
    for entry in entries:
        if entry.kind == "service":
            continue
        if entry.kind not in ("account", "aws") or not entry.account:
            return None
        found.add(entry.account)
    return found


def join_graphs(graphs: dict[str, AttackGraph], scan: OrgScan) -> AttackGraph:
    """One graph of every account's. A single-account graph treats a trust of another account as a way in
    from outside; inside the organization that account is modelled, so those entry edges give way to the
    cross-account edges (``cross_account_edges``)."""
    members = {a.id for a in scan.listing.accounts}
    internal: set[str] = set()
    for inventory in scan.inventories.values():
        for role in inventory.of_type(IamRole):
            trusted = _trusted_accounts(role) if role.trust_policy else None
            if trusted and trusted <= members:
                internal.add(role.arn)
    joined = AttackGraph(account="organization")
    for graph in graphs.values():
        for node in graph.nodes.values():
            joined.add_node(node)
        for edge in graph.edges():
            if edge.source == INTERNET and edge.target in internal:
                continue
            joined.add_edge(edge)
        joined.fixes.update(graph.fixes)
        joined.notes.extend(f"{graph.account}: {note}" for note in graph.notes)
    return joined


def _trust_fix(role: IamRole, account: str) -> Fix:
    return Fix(key=f"cross-account-trust:{role.arn}", effort=2, stage=Stage.DISCOVER_SPREAD,
               title=f"Restrict the trust of role {role.label} ({role.account}) so account {account} cannot assume it",
               resources=[role.arn],
               cli=[f"aws iam update-assume-role-policy --role-name {role.name or role.id} --policy-document "
                    "file://trust.json  # name only the principals that need it, with conditions"])


def _store_fix(store: Any, account: str) -> Fix:
    return Fix(key=f"cross-account-grant:{store.arn}", effort=2, stage=Stage.EXFILTRATE,
               title=f"Remove account {account}'s grant from the policy of {store.label} ({store.account})",
               resources=[store.arn])


def with_organization(inventory: Inventory, scan: OrgScan) -> Inventory:
    """The account's inventory plus the organization records above it, so its principals carry their SCPs."""
    listing = scan.listing
    own = [a for a in listing.accounts if a.id == inventory.account]
    copy = Inventory(account=inventory.account, regions=list(inventory.regions), partition=inventory.partition,
                     source=inventory.source, services=inventory.services, skipped_regions=inventory.skipped_regions)
    copy.add([*inventory.resources, *own, *listing.units, *listing.policies])
    copy.add_gaps(inventory.gaps)
    return copy


def cross_account_edges(inventories: dict[str, Inventory], graph: AttackGraph) -> int:
    """Add the edges that cross accounts; returns how many were added."""
    members = set(inventories)
    principals: dict[str, list[PrincipalRecord]] = {}
    for account, inventory in inventories.items():
        principals[account] = list(index_principals(inventory))
    added = 0
    for account, inventory in inventories.items():
        for role in inventory.of_type(IamRole):
            if role.service_linked or not role.trust_policy or role.arn not in graph.nodes:
                continue
            try:
                entries = trusts(role.trust_policy, role.account or account)
            except PolicyError:
                continue
            callers = _callers(entries, members, account, principals)
            if not callers:
                continue
            ref = ResourceRef(role.arn, account=role.account or account, policy=role.trust_policy,
                              rcps=_rcps(inventory, account))  # RCPs cap sts:AssumeRole on member roles
            for record in callers:
                decision = can(record.principal, "sts:AssumeRole", ref)
                if not decision.allowed or record.arn not in graph.nodes:
                    continue
                fix = _trust_fix(role, record.principal.account or "")
                graph.fixes[fix.key] = fix
                graph.add_edge(Edge(record.arn, role.arn, Stage.DISCOVER_SPREAD, "T1550.001",
                                    f"{record.label} ({record.principal.account}) assumes role {role.label} in account "
                                    f"{role.account}: its trust policy admits that account.",
                                    0.9 if decision.conditional else 1.0, None, ((fix.key,),)))
                added += 1
        added += _store_edges(inventory, graph, account, members, principals)
    return added


def _rcps(inventory: Inventory, account: str) -> list[list[str]]:
    return [[json.dumps(d, sort_keys=True) for d in level] for level in policy_levels(inventory, account, "RCP")]


def _callers(entries: list[Any], members: set[str], account: str,
             principals: dict[str, list[PrincipalRecord]]) -> list[PrincipalRecord]:
    found: dict[str, PrincipalRecord] = {}
    for entry in entries:
        other = entry.account
        if entry.kind not in ("account", "aws") or not other or other == account or other not in members:
            continue
        for record in principals.get(other, []):
            if entry.kind == "account" or entry.value.endswith(":root") or entry.value == record.arn:
                found[record.arn] = record
    return list(found.values())


def _store_edges(inventory: Inventory, graph: AttackGraph, account: str, members: set[str],
                 principals: dict[str, list[PrincipalRecord]]) -> int:
    """Stores whose policy names another member account; RCPs above the store's account cap the grant."""
    added = 0
    rcps = _rcps(inventory, account)
    for kind in STORE_KINDS:
        for store in inventory.of_type(kind.resource_type):
            policy = getattr(store, "policy", None)
            node = graph.nodes.get(store.arn)
            if not policy or node is None or not node.is_jewel:
                continue
            text = str(policy)
            for other in members - {account}:
                if other not in text:
                    continue
                for record in principals.get(other, []):
                    if record.arn not in graph.nodes:
                        continue
                    try:
                        ref = ResourceRef(kind.target(store), account=store.account or account, policy=policy,
                                          tags=dict(store.tags), rcps=rcps)
                        decision = next((d for a in kind.actions if (d := can(record.principal, a, ref)).allowed),
                                        None)
                    except PolicyError:
                        decision = None
                    if decision is None:
                        continue
                    fix = _store_fix(store, other)
                    graph.fixes[fix.key] = fix
                    graph.add_edge(Edge(record.arn, store.arn, Stage.EXFILTRATE, kind.technique,
                                        f"{record.label} ({other}) {kind.verb} {store.label} in account {account}: "
                                        "its policy grants that account.", 0.9 if decision.conditional else 1.0,
                                        None, ((fix.key,),)))
                    added += 1
    return added


def account_graph(item: tuple[str, dict[str, Any], list[dict[str, Any]]], crown_jewels: Any) -> AttackGraph:
    """A worker task: one account's attack graph, from its inventory with the organization above it and its
    findings (JSON forms). Building the graph is the costly part of path analysis (every principal's
    policies evaluated against the account's stores, roles and compute); it needs nothing from the other
    accounts, so it runs where the account's rules ran."""
    _, snapshot, findings = item
    inventory = inventory_from_dict(snapshot)
    return build_graph(inventory, [Finding.model_validate(f) for f in findings], crown_jewels=crown_jewels)


def account_graphs(inventories: dict[str, Inventory], by_account: dict[str, list[Finding]], jewels: Any,
                   executor: Executor | None) -> dict[str, AttackGraph]:
    """Every account's graph, built on the executor's workers (here when there is none), in account order."""
    if executor is None:
        return {account: build_graph(inventory, by_account.get(account, []), crown_jewels=jewels)
                for account, inventory in inventories.items()}
    items = [(account, inventory_to_dict(inventory), [f.model_dump(mode="json") for f in by_account.get(account, [])])
             for account, inventory in inventories.items()]
    built: dict[str, AttackGraph] = {}
    for (account, _, _), result in executor.run(account_graph, items, jewels):
        if isinstance(result, BaseException):
            raise RuntimeError(f"the attack graph of account {account} could not be built: {result}") from result
        built[account] = result
    return {account: built[account] for account in inventories}  # a stable order, whatever finished first


def add_org_paths(assessment: Assessment, scan: OrgScan, by_account: dict[str, list[Finding]],
                  crown_jewels: Any = None, executor: Executor | None = None) -> None:
    """Each account's graph on the workers; the join, the cross-account edges and the search here.

    The search stays on the coordinator: the paths are ranked across the whole organization (the best
    ``MAX_PATHS`` of all accounts, within one time budget), and a path may cross accounts any number of
    times, through trusts and grants only the joined graph holds. A per-account search would have to hand
    back every partial path ending at a principal another account trusts or starting at a role or store
    another account may reach, which is the joined search again, done twice."""
    jewels = crown_jewels or DEFAULT_CROWN_JEWELS
    inventories = {account: with_organization(inventory, scan) for account, inventory in scan.inventories.items()
                   if scan.plans[account].denied is None}
    graphs = account_graphs(inventories, by_account, jewels, executor)
    joined = join_graphs(graphs, scan)
    crossing = cross_account_edges(inventories, joined)
    found = find_paths(joined, max_paths=MAX_PATHS, max_depth=10, time_budget_s=20.0)
    plan = plan_fixes(joined, found, assessment.findings)
    assessment.paths = paths_to_dict(found)
    for path, data in zip(found, assessment.paths, strict=True):
        accounts = sorted({_account_of(n) for n in path.nodes if _account_of(n)})
        data["accounts"] = accounts
    assessment.plan = plan_to_dict(plan)
    assessment.path_notes = [*joined.notes, f"{crossing} cross-account edges (trusts and resource policies)"]
    from ssrm.pipeline import AttackView

    assessment.attack = AttackView(found, plan)
    if assessment.organization is not None:
        counts: dict[str, int] = defaultdict(int)
        for data in assessment.paths:
            for account in data["accounts"]:
                counts[account] += 1
        for row in assessment.organization["accounts"]:
            row["paths"] = counts.get(row["account"], 0)
        assessment.organization["cross_account_paths"] = sum(1 for d in assessment.paths if len(d["accounts"]) > 1)


def _account_of(node_id: str) -> str:
    parts = node_id.split(":")
    if node_id.startswith("admin:"):
        return parts[1]
    if node_id.startswith("arn:") and len(parts) > 4 and parts[4].isdigit():
        return parts[4]
    return ""
