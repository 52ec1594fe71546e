"""``data "aws_iam_policy_document"``: the one data source Terraform computes locally, so ssrm does too."""

from __future__ import annotations

import json
from typing import Any

from ssrm.sources.iac.unknown import Unknown, find_unknown

PRINCIPAL_KEYS = {"principals": "Principal", "not_principals": "NotPrincipal"}


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _statement(block: dict[str, Any]) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": block.get("effect") or "Allow"}
    if block.get("sid"):
        statement["Sid"] = block["sid"]
    for key, name in (("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"),
                      ("not_resources", "NotResource")):
        if block.get(key) is not None:
            statement[name] = _one_or_many(list(block[key]))
    for key, name in PRINCIPAL_KEYS.items():
        for principal in block.get(key) or []:
            ptype, ids = principal.get("type"), list(principal.get("identifiers") or [])
            if ptype == "*":
                statement[name] = "*"
                continue
            target = statement.setdefault(name, {})
            target.setdefault(ptype, [])
            target[ptype].extend(ids)
    for key in PRINCIPAL_KEYS.values():
        if isinstance(statement.get(key), dict):
            statement[key] = {k: _one_or_many(v) for k, v in statement[key].items()}
    conditions: dict[str, dict[str, Any]] = {}
    for cond in block.get("condition") or []:
        conditions.setdefault(cond["test"], {})[cond["variable"]] = _one_or_many(list(cond["values"]))
    if conditions:
        statement["Condition"] = conditions
    return statement


def policy_document_json(config: dict[str, Any]) -> Any:
    """The JSON policy the data source renders, or Unknown when any input is unknown."""
    unknown = find_unknown(config)
    if unknown is not None:
        return unknown
    base: dict[str, Any] = {}
    for key in ("source_policy_documents", "override_policy_documents"):
        for text in config.get(key) or []:
            try:
                base.setdefault("Statement", []).extend(json.loads(text).get("Statement", []))
            except (TypeError, ValueError):
                return Unknown(f"{key} is not valid JSON")
    statements = [*base.get("Statement", []), *(_statement(b) for b in config.get("statement") or [])]
    document = {"Version": config.get("version") or "2012-10-17", "Statement": statements}
    if config.get("policy_id"):
        document["Id"] = config["policy_id"]
    return json.dumps(document)
