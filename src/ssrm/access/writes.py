"""Write access for ``what-can``: the stores a principal can change (put objects, items, secret values),
directly or as any principal it can become.

The graph carries one edge per pair (reading, the bigger exfiltration prize), so writes are answered per
question: a forward search from the principal over role assumptions and escalation steps (never through
administrator access: an administrator writes everything anyway), then one evaluation per principal reached,
store and write action.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from ssrm.access.analysis import PRINCIPAL_TYPES, AccessAnalysis, Reach
from ssrm.iam import PolicyError, ResourceRef, can
from ssrm.model import Inventory, Resource, Stage
from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.model.resources.data.secretsmanager import Secret
from ssrm.paths.attacker import attacker_context
from ssrm.paths.graph import Edge, NodeKind
from ssrm.paths.principals import index_principals


@dataclass(frozen=True)
class WriteKind:
    resource_type: type[Resource]
    actions: tuple[str, ...]
    target: Callable[[Resource], str]


WRITE_KINDS = (
    WriteKind(S3Bucket, ("s3:PutObject", "s3:DeleteObject"), lambda r: f"{r.arn}/*"),
    WriteKind(DynamoDBTable, ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"), lambda r: r.arn),
    WriteKind(Secret, ("secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret"), lambda r: r.arn),
)
WALKABLE = (NodeKind.PRINCIPAL, NodeKind.COMPUTE, NodeKind.CREDENTIAL, NodeKind.ENDPOINT)


def _become(analysis: AccessAnalysis, principal: str) -> dict[str, tuple[Edge, ...]]:
    """Every IAM principal ``principal`` can act as (itself included), with the shortest chain of steps."""
    graph = analysis.graph
    chains: dict[str, tuple[Edge, ...]] = {principal: ()}
    queue = deque([principal])
    while queue:
        node = queue.popleft()
        if len(chains[node]) >= analysis.max_depth:
            continue
        for target in graph.digraph.successors(node):
            kind = graph.nodes[target].kind
            if target in chains or kind not in WALKABLE or (node.startswith("stores:") or target.startswith("stores:")):
                continue
            chains[target] = (*chains[node], graph.edge(node, target))
            queue.append(target)
    return {n: c for n, c in chains.items() if graph.nodes[n].resource_type in PRINCIPAL_TYPES}


def writable(analysis: AccessAnalysis, inventory: Inventory, principal: str) -> list[Reach]:
    """The stores ``principal`` can write to, each with the chain and the granting step."""
    records = {r.arn: r for r in index_principals(inventory)}
    found: dict[str, Reach] = {}
    for actor, chain in sorted(_become(analysis, principal).items(), key=lambda item: len(item[1])):
        record = records.get(actor)
        if record is None or analysis.is_admin(actor):
            continue  # an administrator writes every store: what-can says so once
        for kind in WRITE_KINDS:
            for store in inventory.of_type(kind.resource_type):
                if store.arn in found:
                    continue
                ref = ResourceRef(kind.target(store), account=store.account or inventory.account,
                                  policy=getattr(store, "policy", None) or None, tags=dict(store.tags))
                for action in kind.actions:
                    try:
                        decision = can(record.principal, action, ref, attacker_context(action))
                    except PolicyError:
                        continue
                    if decision.allowed:
                        last = Edge(actor, store.arn, Stage.EXFILTRATE, "T1565.001",
                                    f"{record.label} is allowed {action} on {store.label}: {decision.reason}",
                                    0.9 if decision.conditional else 1.0, conditional=decision.conditional,
                                    method=action)
                        found[store.arn] = Reach(principal, store.arn, (*chain, last))
                        break
    return sorted(found.values(), key=lambda r: (r.conditional, len(r.steps), r.target))
