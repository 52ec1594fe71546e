"""The findings as a compact, gzip-compressed payload the page decodes with DecompressionStream.

50 000 findings repeat the same few hundred rules and a few thousand resources, so findings become
columns of small integers pointing into a rule table, a resource table and a string table. That keeps
the embedded text a few hundred kilobytes and lets the page filter on integer arrays.
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any

STATUSES = ("FAIL", "ERROR", "MUTED", "PASS", "NOT_APPLICABLE")
SEVERITIES = ("critical", "high", "medium", "low", "info")

_RULE_KEYS = ("rule_id", "title", "severity", "layer", "domain", "stage")
_RESOURCE_KEYS = ("resource_arn", "resource_id", "resource_type", "region", "account", "origin")


class _Table:
    """Interns values (anything JSON-able) and hands back their index."""

    def __init__(self) -> None:
        self.rows: list[Any] = []
        self._index: dict[str, int] = {}

    def add(self, value: Any) -> int:
        key = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.rows)
            self.rows.append(value)
        return found


def _service(resource_type: str) -> str:
    parts = resource_type.split("::")
    return parts[1].lower() if len(parts) > 1 else resource_type.lower()


def findings_columns(findings: list[dict[str, Any]]) -> dict[str, Any]:
    """Columnar form: ``rules``/``resources``/``strings`` tables plus one integer column per field."""
    rules, resources, strings = _Table(), _Table(), _Table()
    cols: dict[str, list[int]] = {"rule": [], "resource": [], "status": [], "reason": [], "muted": []}
    for f in findings:
        rule = [f.get(k) or "" for k in _RULE_KEYS]
        rule.append(list(f.get("attack") or []))
        rule.append(strings.add(f.get("remediation") or {}))
        resource = [f.get(k) or "" for k in _RESOURCE_KEYS]
        resource.append(_service(str(f.get("resource_type") or "")))
        resource.append(dict(f.get("tags") or {}))
        status = str(f.get("status") or "ERROR")
        cols["rule"].append(rules.add(rule))
        cols["resource"].append(resources.add(resource))
        cols["status"].append(STATUSES.index(status) if status in STATUSES else 1)
        cols["reason"].append(strings.add(str(f.get("reason") or "")))
        muted = f.get("muted_reason")
        cols["muted"].append(strings.add(str(muted)) if muted else -1)
    return {
        "statuses": list(STATUSES),
        "rule_fields": [*_RULE_KEYS, "attack", "remediation"],
        "resource_fields": [*_RESOURCE_KEYS, "service", "tags"],
        "rules": rules.rows,
        "resources": resources.rows,
        "strings": strings.rows,
        "columns": cols,
    }


def encode_payload(data: dict[str, Any]) -> str:
    """gzip + base64 of compact JSON; safe to put inside a <script> element as is."""
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def decode_payload(text: str) -> dict[str, Any]:
    """The inverse of :func:`encode_payload` (tests and debugging)."""
    result: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(text)).decode("utf-8"))
    return result
