"""Shared wording for "resource policy open to anyone" reasons."""

from __future__ import annotations

from typing import Any

from ssrm.rules.policy import actions_of


def open_statement_reason(kind: str, statement: dict[str, Any]) -> str:
    sid = statement.get("Sid")
    actions = ", ".join(actions_of(statement)) or "every action but NotAction"
    label = f" (statement {sid!r})" if sid else ""
    return f"{kind} policy allows {actions} to Principal \"*\" with no restricting condition{label}"
