"""Small parsing helpers shared by the data collectors."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any


def parse_policy(text: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(policy document, None) or (None, why it could not be read). Empty text means no policy."""
    if not text:
        return None, None
    if isinstance(text, dict):
        return text, None
    try:
        document = json.loads(text)
    except (TypeError, ValueError) as exc:
        return None, f"policy is not valid JSON: {exc}"
    if not isinstance(document, dict):
        return None, "policy is not a JSON object"
    return document, None


def tag_dict(tags: Any, key: str = "Key", value: str = "Value") -> dict[str, str]:
    """[{"Key": k, "Value": v}, ...] as a dict; KMS spells the keys TagKey/TagValue."""
    return {str(t.get(key)): str(t.get(value, "")) for t in tags or [] if isinstance(t, dict) and t.get(key)}


def iso(value: Any) -> str | None:
    """A timestamp as ISO 8601, or None (the emulator sometimes answers the string 'not_supported')."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value and value != "not_supported":
        return value
    return None


def flag(value: Any) -> bool:
    """SQS and SNS give booleans as the strings "true"/"false"."""
    return value is True or (isinstance(value, str) and value.lower() == "true")
