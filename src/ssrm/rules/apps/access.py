"""Does an execution role reach data? A conservative reading shared by the apps rules.

The role's record comes from another group's collector, so this reads it by shape, not by class: every
policy document found anywhere in the record (inline or attached, as dicts with a ``Statement``), plus
customer-managed policies the record names by ARN and the inventory holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from ssrm.model import Inventory, Resource
from ssrm.rules.policy import as_list, statements

ROLE = "AWS::IAM::Role"
MANAGED_POLICY = "AWS::IAM::ManagedPolicy"

# One representative read per data store: an Allow matching any of them means the role reaches data.
DATA_READS = (
    "s3:GetObject", "dynamodb:GetItem", "dynamodb:Scan", "rds-db:connect", "rds-data:ExecuteStatement",
    "secretsmanager:GetSecretValue", "ssm:GetParameter", "kms:Decrypt", "sqs:ReceiveMessage",
    "es:ESHttpGet", "redshift-data:ExecuteStatement", "elasticfilesystem:ClientMount",
)


def _documents(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "Statement" in value:
            yield value
            return
        for item in value.values():
            yield from _documents(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _documents(item)


def _policy_arns(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if value.startswith("arn:") and ":policy/" in value:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _policy_arns(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _policy_arns(item)


def policy_documents(role: Resource, inventory: Inventory) -> list[dict[str, Any]]:
    dumped = role.model_dump(mode="json", exclude={"origin", "unknown", "tags"})
    documents = list(_documents(dumped))
    for arn in set(_policy_arns(dumped)):
        policy = inventory.get(MANAGED_POLICY, arn)
        if policy is not None:
            documents.extend(_documents(policy.model_dump(mode="json", exclude={"origin", "unknown", "tags"})))
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
