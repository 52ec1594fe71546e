"""The parts of an ARN (arn:partition:service:region:account:resource), "" where it has none."""

from __future__ import annotations

_PARTS = {"partition": 1, "service": 2, "region": 3, "account": 4}


def arn_part(arn: str, part: str) -> str:
    """``part`` (partition, service, region or account) of ``arn``; "" when absent or not an ARN."""
    fields = arn.split(":", 5)
    index = _PARTS[part]
    return fields[index] if arn.startswith("arn:") and len(fields) > index else ""
