"""Read IAM's credential report (CSV) into per-user credential states.

The report is generated asynchronously: ``fetch_report`` asks for it and waits (bounded) until AWS says
it is complete. A user created after the report was generated has no row: their credential fields are
unknown, not empty.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ssrm.model.resources.identity.iam import AccessKeyState

if TYPE_CHECKING:
    from ssrm.sources.aws.context import CollectContext

ROOT_ROW = "<root_account>"
# Seconds to wait before asking again whether the report is ready (about 20 s in all).
GENERATE_WAITS = (0.25, 0.5, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0)
# Values the report uses for "nothing to report" in date columns.
NO_DATE = {"", "N/A", "no_information", "not_supported"}


@dataclass(frozen=True)
class CredentialRow:
    user: str
    arn: str
    password_enabled: bool
    password_last_used: datetime | None
    mfa_active: bool
    access_keys: tuple[AccessKeyState, ...]

    @property
    def last_used(self) -> datetime | None:
        dates = [d for d in (self.password_last_used, *(k.last_used for k in self.access_keys)) if d]
        return max(dates) if dates else None


@dataclass(frozen=True)
class CredentialReport:
    """Rows by user ARN, or the reason the report could not be read."""

    rows: dict[str, CredentialRow]
    root: CredentialRow | None
    error: str | None = None


def parse_date(value: str | None) -> datetime | None:
    if value is None or value.strip() in NO_DATE:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def parse_row(row: dict[str, str]) -> CredentialRow:
    keys = tuple(
        AccessKeyState(
            slot=slot,
            active=_flag(row.get(f"access_key_{slot}_active")),
            last_rotated=parse_date(row.get(f"access_key_{slot}_last_rotated")),
            last_used=parse_date(row.get(f"access_key_{slot}_last_used_date")),
        )
        for slot in (1, 2)
        if _flag(row.get(f"access_key_{slot}_active")) or parse_date(row.get(f"access_key_{slot}_last_rotated"))
    )
    return CredentialRow(
        user=row.get("user", ""),
        arn=row.get("arn", ""),
        # The root row says "not_supported" for password_enabled: root always has a password.
        password_enabled=_flag(row.get("password_enabled")),
        password_last_used=parse_date(row.get("password_last_used")),
        mfa_active=_flag(row.get("mfa_active")),
        access_keys=keys,
    )


def parse_report(content: bytes | str) -> CredentialReport:
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    rows: dict[str, CredentialRow] = {}
    root: CredentialRow | None = None
    for raw in csv.DictReader(io.StringIO(text)):
        parsed = parse_row(raw)
        if parsed.user == ROOT_ROW:
            root = parsed
        elif parsed.arn:
            rows[parsed.arn] = parsed
    return CredentialReport(rows=rows, root=root)


def fetch_report(ctx: CollectContext, waits: tuple[float, ...] = GENERATE_WAITS) -> CredentialReport:
    """Generate (or reuse) the credential report and read it; failures come back as ``error``."""
    for wait in (*waits, None):
        generated = ctx.call("generate_credential_report")
        if not generated.ok:
            return CredentialReport(rows={}, root=None, error=generated.reason)
        if generated.get("State") == "COMPLETE":
            break
        if wait is not None:
            time.sleep(wait)
    else:
        reason = f"credential report still not complete after {len(waits) + 1} attempts"
        ctx.gap("GenerateCredentialReport", "ReportInProgress", reason)
        return CredentialReport(rows={}, root=None, error=reason)
    reply = ctx.call("get_credential_report")
    if not reply.ok:
        return CredentialReport(rows={}, root=None, error=reply.reason)
    return parse_report(reply.get("Content") or b"")
