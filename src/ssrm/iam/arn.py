"""Just enough ARN handling for policy evaluation: account of an ARN, segment-wise ArnLike."""

from __future__ import annotations

import re
from functools import lru_cache

from ssrm.iam.wildcard import compile_glob

ACCOUNT_ID = re.compile(r"^\d{12}$")


def split_arn(arn: str) -> tuple[str, str, str, str, str, str] | None:
    """(partition, service, region, account, resource) with the leading "arn"; None if not an ARN."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    return parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]


def account_of(arn: str) -> str | None:
    """Account id of an ARN or a bare 12-digit id; None where the ARN has none (S3 buckets)."""
    if ACCOUNT_ID.match(arn):
        return arn
    parts = split_arn(arn)
    if parts is None or not ACCOUNT_ID.match(parts[4]):
        return None
    return parts[4]


def is_account_root(value: str) -> str | None:
    """The account id if ``value`` names a whole account (``123...`` or ``arn:aws:iam::123...:root``)."""
    if ACCOUNT_ID.match(value):
        return value
    parts = split_arn(value)
    if parts and parts[2] == "iam" and parts[5] == "root" and ACCOUNT_ID.match(parts[4]):
        return parts[4]
    return None


@lru_cache(maxsize=16384)
def arn_like(pattern: str, value: str) -> bool:
    """AWS ArnLike/ArnEquals: each of the six colon-separated segments is a glob of its own."""
    pattern_parts = pattern.split(":", 5)
    value_parts = value.split(":", 5)
    if len(pattern_parts) != 6 or len(value_parts) != 6:
        return compile_glob(pattern).fullmatch(value) is not None
    return all(compile_glob(p).fullmatch(v) is not None for p, v in zip(pattern_parts, value_parts, strict=True))
