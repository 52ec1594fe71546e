"""Guard for rules that look up global resource types from an account-wide record.

Global collectors record their gaps under the region they called (the partition's home region), while
``AWS::Account`` lives in "global": the engine's ``uses`` check does not connect the two. A rule that
needs a complete listing of a global type calls ``require_listed`` so it yields ERROR, never PASS/FAIL,
when that listing failed anywhere.
"""

from __future__ import annotations

from ssrm.model import Inventory, UnknownField


def require_listed(inventory: Inventory, *resource_types: str) -> None:
    for gap in inventory.gaps:
        if gap.resource is not None:
            continue
        for name in resource_types:
            if name in gap.resource_types:
                raise UnknownField(name, f"listing failed: {gap.describe()}")
