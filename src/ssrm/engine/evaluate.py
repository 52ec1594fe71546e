"""Judge every rule on every resource of its type: PASS, FAIL, ERROR or NOT_APPLICABLE.

ERROR comes from data that could not be read, never silently turned into PASS:
- the listing of the rule's resource type (or of a type it looks up) failed in a region;
- a field the rule needs is marked unknown on the resource;
- the rule itself raised (reported with the exception, so a bug is visible, not hidden as PASS);
- the rule read a field that is unknown without declaring it (caught by re-running it on recording copies).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ssrm.engine.unknown_reads import guard_unknown_reads
from ssrm.model import Finding, Gap, Inventory, Resource, Status, UnknownField
from ssrm.rules.base import Rule, Verdict


def evaluate(inventory: Inventory, rules: Sequence[Rule], *, runtime: bool = True) -> list[Finding]:
    """All findings, one per rule x resource, plus one ERROR per rule x region whose listing failed.

    ``runtime=False`` (infrastructure code) marks rules that need runtime-only data NOT_APPLICABLE.
    """
    findings: list[Finding] = []
    scopes = [*inventory.regions, "global"]
    for rule in rules:
        resources = inventory.of_type(rule.resource_type)
        if not runtime and rule.runtime_only:
            findings.extend(_finding(rule, r, Verdict(Status.NOT_APPLICABLE, "needs data only a live account has"))
                            for r in resources)
            continue
        absent = next((t for t in rule.uses if t in inventory.cannot_hold), None)
        if absent is not None:
            why = Verdict(Status.NOT_APPLICABLE, f"needs {absent}, which this source cannot hold: "
                                                 f"{inventory.cannot_hold[absent]}")
            findings.extend(_finding(rule, r, why) for r in resources)
            continue
        for region in scopes:
            gap = inventory.listing_gap(rule.resource_type, region)
            if gap is not None and gap.region == region:
                findings.append(_listing_error(rule, inventory, region, gap))
        for resource in resources:
            findings.append(_finding(rule, resource, judge(rule, resource, inventory)))
    return guard_unknown_reads(findings, rules, inventory)


def judge(rule: Rule, resource: Resource, inventory: Inventory) -> Verdict:
    for used in rule.uses:
        gap = inventory.listing_gap(used, resource.region)
        if gap is not None:
            return Verdict(Status.ERROR, f"{used} could not be listed: {gap.describe()}")
    try:
        resource.need(*rule.needs)
        verdict = rule.check(resource, inventory)
    except UnknownField as exc:
        return Verdict(Status.ERROR, str(exc))
    except Exception as exc:  # a rule bug must be visible, and must not stop the other rules
        return Verdict(Status.ERROR, f"rule failed: {type(exc).__name__}: {exc}")
    if not isinstance(verdict, Verdict):
        return Verdict(Status.ERROR, f"rule returned {type(verdict).__name__}, not a Verdict")
    return verdict


def _finding(rule: Rule, resource: Resource, verdict: Verdict) -> Finding:
    # Every field comes from a validated rule or resource: skip re-validation (a third of evaluation time).
    return Finding.model_construct(
        rule_id=rule.id, title=rule.title, status=verdict.status, severity=rule.severity, layer=rule.layer,
        domain=rule.domain, stage=rule.stage, attack=rule.attack, resource_arn=resource.arn,
        # In code the address is the one stable identifier (ids are assigned at apply); the name keeps its field.
        resource_id=resource.origin.address or resource.id, resource_name=resource.name,
        resource_type=resource.resource_type,
        region=resource.region,
        account=resource.account, reason=verdict.reason, remediation=rule.remediation,
        tags=dict(resource.tags), origin=resource.origin.describe(),
    )


def _listing_error(rule: Rule, inventory: Inventory, region: str, gap: Gap) -> Finding:
    scope = f"all {rule.resource_type} in {region}"
    return Finding(
        rule_id=rule.id, title=rule.title, status=Status.ERROR, severity=rule.severity, layer=rule.layer,
        domain=rule.domain, stage=rule.stage, attack=rule.attack, resource_arn=f"({scope})",
        resource_id=f"({scope})", resource_type=rule.resource_type, region=region,
        account=inventory.account, reason=f"could not list resources: {gap.describe()}",
        remediation=rule.remediation,
    )


def failing(findings: Iterable[Finding]) -> list[Finding]:
    return sorted((f for f in findings if f.status is Status.FAIL), key=lambda f: f.sort_key)
