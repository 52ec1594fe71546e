"""Make sure no rule passes or fails on a field the code could not determine.

The engine turns a field listed in ``needs`` into ERROR, but a rule that reads a field without declaring
it (on the resource it judges, or on another one it looks up) would judge the default left in its place
(an empty rule list, say) and PASS. So each PASS/FAIL is checked again against copies of the resources
with unknown fields that record which of those fields are read; a verdict that read one becomes ERROR
with the reason ("ingress could not be read: depends on var.allowed_cidr, which has no default").
Only resources that have unknown fields are copied; an inventory without any costs nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ssrm.model import Finding, Inventory, Resource, Status
from ssrm.rules.base import Rule

_TRACKING: dict[type[Resource], type[Resource]] = {}
_reads: list[tuple[Any, str]] = []
_recording = [False]


def _tracking_class(model: type[Resource]) -> type[Resource]:
    if model not in _TRACKING:
        def __getattribute__(self: Any, name: str) -> Any:
            if _recording[0]:
                unknown = object.__getattribute__(self, "__dict__").get("unknown")
                if unknown and name in unknown:
                    _reads.append((self, name))
            return model.__getattribute__(self, name)

        _TRACKING[model] = type(f"Tracking{model.__name__}", (model,), {"__getattribute__": __getattribute__})
    return _TRACKING[model]


def _tracked(resource: Resource) -> Resource:
    return _tracking_class(type(resource)).model_construct(**dict(resource)) if resource.unknown else resource


def _reads_of(rule: Rule, resource: Resource, inventory: Inventory) -> list[tuple[Any, str]]:
    _reads.clear()
    _recording[0] = True
    try:
        with contextlib.suppress(Exception):  # a failing rule is the engine's to report; reads matter here
            rule.check(resource, inventory)
    finally:
        _recording[0] = False
    return list(_reads)


def guard_unknown_reads(findings: list[Finding], rules: Sequence[Rule], inventory: Inventory) -> list[Finding]:
    """PASS/FAIL verdicts that depended on an unknown field become ERROR naming the field and why."""
    if not any(r.unknown for r in inventory.resources):
        return findings
    copies = {id(r): _tracked(r) for r in inventory.resources}
    shadow = replace(inventory, resources=[copies[id(r)] for r in inventory.resources], _by_type=None,
                     _by_key=None, _gapped=None)
    by_key = {(r.resource_type, r.arn, r.origin.describe()): copies[id(r)] for r in inventory.resources}
    by_id = {r.id: r for r in rules}
    types_with_unknowns = {r.resource_type for r in inventory.resources if r.unknown}
    guarded: list[Finding] = []
    for finding in findings:
        resource = by_key.get((finding.resource_type, finding.resource_arn, finding.origin))
        rule = by_id.get(finding.rule_id)
        # Only a verdict that could have read an unknown value is checked again: one on a resource with
        # unknown fields, or from a rule that looks up a type (``uses``) some of whose records have them.
        suspect = resource is not None and rule is not None and (
            bool(resource.unknown) or not types_with_unknowns.isdisjoint(rule.uses))
        if suspect and rule is not None and resource is not None and finding.status in (Status.PASS, Status.FAIL):
            reads = _reads_of(rule, resource, shadow)
            if reads:
                owner, field = reads[0]
                where = "" if owner is resource else f"{owner.resource_type} {owner.label}: "
                reason = f"{where}{field} could not be read: {owner.unknown[field]}"
                finding = finding.model_copy(update={"status": Status.ERROR, "reason": reason})
        guarded.append(finding)
    return guarded
