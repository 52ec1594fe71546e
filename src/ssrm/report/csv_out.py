"""Findings as CSV: one row per rule x resource, for spreadsheets and ticket imports."""

from __future__ import annotations

import csv
import io
from typing import Any, TextIO

COLUMNS = ("status", "severity", "rule_id", "title", "layer", "domain", "stage", "attack", "account", "region",
           "resource_type", "resource_id", "resource_arn", "reason", "remediation", "remediation_cli", "tags",
           "origin", "muted_reason")


def render_csv(doc: dict[str, Any]) -> str:
    buffer = io.StringIO()
    write_csv(doc, buffer)
    return buffer.getvalue()


def write_csv(doc: dict[str, Any], out: TextIO) -> None:
    """One row per finding, written as it is formed."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in doc["findings"]:
        writer.writerow([
            f["status"], f["severity"], f["rule_id"], f["title"], f["layer"], f["domain"], f["stage"],
            ";".join(f["attack"]), f["account"], f["region"], f["resource_type"], f["resource_id"],
            f["resource_arn"], f["reason"], f["remediation"].get("text", ""), f["remediation"].get("cli", ""),
            ";".join(f"{k}={v}" for k, v in sorted(f["tags"].items())), f["origin"], f["muted_reason"] or "",
        ])
