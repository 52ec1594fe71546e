"""The findings as a compact, gzip-compressed payload the page decodes with DecompressionStream.

50 000 findings repeat the same few hundred rules and a few thousand resources, so findings become
columns of small integers pointing into a rule table, a resource table and a string table. That keeps
the embedded text a few hundred kilobytes and lets the page filter on integer arrays.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Hashable
from typing import Any

STATUSES = ("FAIL", "ERROR", "MUTED", "PASS", "NOT_APPLICABLE")
SEVERITIES = ("critical", "high", "medium", "low", "info")

_RULE_KEYS = ("rule_id", "title", "severity", "layer", "domain", "stage")
_RESOURCE_KEYS = ("resource_arn", "resource_id", "resource_type", "region", "account", "origin")


class _Table:
    """Interns rows under a hashable key and hands back their index."""

    def __init__(self) -> None:
        self.rows: list[Any] = []
        self._index: dict[Hashable, int] = {}

    def find(self, key: Hashable) -> int | None:
        return self._index.get(key)

    def add(self, key: Hashable, row: Any) -> int:
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.rows)
            self.rows.append(row)
        return found


def _service(resource_type: str) -> str:
    parts = resource_type.split("::")
    return parts[1].lower() if len(parts) > 1 else resource_type.lower()


def findings_columns(findings: list[dict[str, Any]]) -> dict[str, Any]:
    """Columnar form: ``rules``/``resources``/``strings`` tables plus one integer column per field."""
    rules, resources, strings = _Table(), _Table(), _Table()
    cols: dict[str, list[int]] = {"rule": [], "resource": [], "status": [], "reason": [], "muted": []}
    status_index = {s: i for i, s in enumerate(STATUSES)}
    for f in findings:
        rem = f.get("remediation") or {}
        rem_key = ("rem", rem.get("text"), rem.get("cli"), rem.get("terraform"))
        attack = tuple(f.get("attack") or ())
        rule_vals = tuple(f.get(k) or "" for k in _RULE_KEYS)
        rule_key = (*rule_vals, attack, rem_key)
        rule_idx = rules.find(rule_key)
        if rule_idx is None:
            rule_idx = rules.add(rule_key, [*rule_vals, list(attack), strings.add(rem_key, dict(rem))])
        tags = f.get("tags") or {}
        res_vals = tuple(f.get(k) or "" for k in _RESOURCE_KEYS)
        res_key = (*res_vals, tuple(sorted(tags.items())))
        res_idx = resources.find(res_key)
        if res_idx is None:
            res_idx = resources.add(res_key, [*res_vals, _service(str(res_vals[2])), dict(tags)])
        reason = str(f.get("reason") or "")
        muted = f.get("muted_reason")
        cols["rule"].append(rule_idx)
        cols["resource"].append(res_idx)
        cols["status"].append(status_index.get(str(f.get("status")), 1))
        cols["reason"].append(strings.add(reason, reason))
        cols["muted"].append(strings.add(str(muted), str(muted)) if muted else -1)
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
