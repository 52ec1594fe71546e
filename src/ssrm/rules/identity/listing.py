"""Guards for account- and region-wide rules: was the data they look up collected at all, and completely?

A rule that needs a complete listing of a type wherever it was collected calls ``require_listed`` so it
yields ERROR, never PASS/FAIL, when that listing failed in any region.
"""

from __future__ import annotations

from ssrm.model import Inventory, UnknownField
from ssrm.rules.base import Verdict, not_applicable


def require_listed(inventory: Inventory, *resource_types: str) -> None:
    for gap in inventory.gaps:
        if gap.resource is not None:
            continue
        for name in resource_types:
            if name in gap.resource_types:
                raise UnknownField(name, f"listing failed: {gap.describe()}")


def not_scanned(inventory: Inventory, collector: str, label: str) -> Verdict | None:
    """NOT_APPLICABLE when the scan left the service out (``--services``): the absence of its records then
    says nothing. None when it was scanned, or when the source has no notion of services (code)."""
    return None if inventory.scanned(collector) else not_applicable(f"{label} was not scanned")
