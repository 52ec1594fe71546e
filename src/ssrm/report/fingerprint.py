"""Stable identities for findings, shared by every output so a finding keeps its id across runs."""

from __future__ import annotations

import hashlib
from typing import Any


def finding_uid(f: dict[str, Any]) -> str:
    """Same rule on the same resource in the same account and region: same id, whatever its status."""
    key = "|".join((f["rule_id"], f.get("account", ""), f["region"], f["resource_arn"]))
    return "ssrm-" + hashlib.sha256(key.encode()).hexdigest()[:32]
