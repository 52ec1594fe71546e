"""Small readers for IAM API shapes: policy documents, tags, dates."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import unquote


def policy_document(value: Any) -> dict[str, Any]:
    """A policy document as a dict.

    boto3 usually decodes IAM documents already; raw API answers carry them URL-encoded JSON.
    """
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.strip():
        text = value if value.lstrip().startswith("{") else unquote(value)
        try:
            parsed = json.loads(text)
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}
    return {}


def tag_dict(tags: list[dict[str, str]] | None) -> dict[str, str]:
    return {t["Key"]: t.get("Value", "") for t in tags or [] if "Key" in t}


def as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def name_from_arn(arn: str) -> str:
    """The last path element of an IAM ARN (policy/path/Name -> Name)."""
    return arn.rsplit("/", 1)[-1] if "/" in arn else arn.rsplit(":", 1)[-1]
