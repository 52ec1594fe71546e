"""A Lambda function's resource policy, from its permission resources (Terraform and CloudFormation)."""

from __future__ import annotations

from typing import Any

from ssrm.sources.iac.unknown import find_unknown


def permission_statement(principal: Any, action: Any, source_arn: Any, source_account: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": action or "lambda:InvokeFunction", "Resource": "*"}
    statement["Principal"] = "*" if principal == "*" else (
        {"Service": principal} if str(principal).endswith(".amazonaws.com") else {"AWS": principal})
    conditions: dict[str, Any] = {}
    if source_arn:
        conditions["ArnLike"] = {"AWS:SourceArn": source_arn}
    if source_account:
        conditions["StringEquals"] = {"AWS:SourceAccount": source_account}
    if conditions:
        statement["Condition"] = conditions
    return statement


def resource_policy(statements: list[dict[str, Any]]) -> Any:
    if not statements:
        return None
    missing = find_unknown(statements)
    return missing or {"Version": "2012-10-17", "Statement": statements}
