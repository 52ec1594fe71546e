"""Policy documents returned as JSON strings (Lambda GetPolicy, ECR GetRepositoryPolicy...), parsed once."""

from __future__ import annotations

import json
from typing import Any

from ssrm.sources.aws.context import Reply


def read_document(reply: Reply, key: str, field: str, unknown: dict[str, str]) -> dict[str, Any] | None:
    """The JSON object under ``key``; None when the reply says there is none.

    A failed call or a document that is not a JSON object leaves None and records ``unknown[field]``.
    """
    if not reply.ok:
        if not reply.absent:
            unknown[field] = reply.reason
        return None
    try:
        parsed = json.loads(reply.get(key) or "null")
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        unknown[field] = f"{key} is not a JSON object"
        return None
    return parsed
