"""Time for age-based IAM rules: the scan's own time, so re-judging a snapshot gives the same answer."""

from __future__ import annotations

from datetime import UTC, datetime

from ssrm.model import Inventory


def reference_time(inventory: Inventory) -> datetime:
    return aware(inventory.finished_at or inventory.started_at or datetime.now(UTC))


def aware(moment: datetime) -> datetime:
    """Treat a naive timestamp as UTC (IaC and some exports carry no zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def days_since(moment: datetime, now: datetime) -> int:
    return (now - aware(moment)).days
