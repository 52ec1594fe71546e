"""Does an execution role reach data? A conservative reading shared by the apps rules.

Reads the role's inline policies and the managed policies attached to it (as the identity collector records
them). Permissions boundaries and SCPs are not applied: the answer may overstate, never understate.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from ssrm.model import Inventory
from ssrm.model.resources.identity.iam import IamManagedPolicy, IamRole
from ssrm.rules.policy import as_list, statements

# One representative read per data store: an Allow matching any of them means the role reaches data.
DATA_READS = (
    "s3:GetObject", "dynamodb:GetItem", "dynamodb:Scan", "rds-db:connect", "rds-data:ExecuteStatement",
    "secretsmanager:GetSecretValue", "ssm:GetParameter", "kms:Decrypt", "sqs:ReceiveMessage",
    "es:ESHttpGet", "redshift-data:ExecuteStatement", "elasticfilesystem:ClientMount",
)


def policy_documents(role: IamRole, inventory: Inventory) -> list[dict[str, Any]]:
    """The role's identity policies; raises UnknownField if they could not be read."""
    role.need("inline_policies", "attached_policy_arns")
    documents = [p.document for p in role.inline_policies]
    for arn in role.attached_policy_arns:
        policy = inventory.get(IamManagedPolicy, arn)
        if policy is not None:
            policy.need("document")
            documents.append(policy.document)
    return documents


def data_actions_allowed(documents: list[dict[str, Any]]) -> list[str]:
    """The representative data reads that some Allow statement grants (on any resource)."""
    granted: list[str] = []
    for statement in (s for d in documents for s in statements(d)):
        if statement.get("Effect") != "Allow" or "NotAction" in statement:
            continue
        patterns = [a.lower() for a in map(str, as_list(statement.get("Action")))]
        for action in DATA_READS:
            if action not in granted and any(fnmatchcase(action.lower(), p) for p in patterns):
                granted.append(action)
    return granted
