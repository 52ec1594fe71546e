"""Lookups across the inventory that must not mistake "not collected" for "none there"."""

from __future__ import annotations

from ssrm.model import Inventory, UnknownField


def require_scanned(inv: Inventory, *services: str) -> None:
    """Raise UnknownField (ERROR) when a collector whose records a rule looks up did not run."""
    for service in services:
        if not inv.scanned(service):
            raise UnknownField(service, f"the {service} collector did not run in this scan")


def require_listed(inv: Inventory, resource_type: str, region: str) -> None:
    """Raise UnknownField when ``resource_type`` could not be listed in ``region`` (rules judged per account)."""
    gap = inv.listing_gap(resource_type, region)
    if gap is not None:
        raise UnknownField(resource_type, gap.describe())
