"""One assessment for the organization: each account judged on its own (on the workers), then merged.

Rules run per account, on that account's inventory alone, because account-wide rules ("GuardDuty in
every region") must not see another account's records. The organization rules then run once on the
merged inventory with the organization's own records; each account's attack graph is built on the workers
too, and paths are searched here over those graphs joined by the trusts and resource policies that cross
accounts (``crosspaths``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ssrm.assess.assessment import Assessment, build_assessment
from ssrm.assess.maturity import assess_maturity
from ssrm.engine import evaluate
from ssrm.model import Finding, Gap, Inventory, Layer, ScanStats, Status
from ssrm.model.snapshot import inventory_from_dict, inventory_to_dict
from ssrm.org.executors import Executor
from ssrm.org.scan import OrgScan
from ssrm.rules.base import Rule
from ssrm.rules.catalog import builtin_rules
from ssrm.rules.compliance import evaluate_framework
from ssrm.rules.frameworks import all_frameworks, controls_of_rule

ORG_TYPES = ("AWS::Organizations::Account", "AWS::Organizations::OrganizationalUnit", "AWS::Organizations::Policy")


def org_rules(rules: list[Rule]) -> list[Rule]:
    """Rules that judge the organization's own records (they find nothing in one account's inventory)."""
    return [r for r in rules if r.resource_type in ORG_TYPES]


def _load_rules(rules_dir: str | None) -> list[Rule]:
    rules = builtin_rules()
    if rules_dir:
        from ssrm.rules.custom import load_rules_dir

        custom, _ = load_rules_dir(Path(rules_dir), {r.id for r in rules})
        rules += custom
    return rules


def evaluate_account(snapshot: dict[str, Any], rules_dir: str | None) -> list[dict[str, Any]]:
    """A worker task: the findings of one account's inventory (JSON form, so it travels cheaply)."""
    inventory = inventory_from_dict(snapshot)
    rules = [r for r in _load_rules(rules_dir) if r.resource_type not in ORG_TYPES]
    return [f.model_dump(mode="json") for f in evaluate(inventory, rules, runtime=True)]


@dataclass
class AccountView:
    """One row of the per-account breakdown."""

    account: str
    name: str
    ou_path: str
    environment: str
    status: str  # "assessed" or "not assessed"
    reason: str
    note: str  # one short line for tables
    layers: dict[str, float | None]
    overall: float | None
    counts: dict[str, int]
    compliance: dict[str, float | None]
    regions: list[str]
    disabled_regions: list[str]
    scp_denied_regions: list[str]
    gaps: int
    resources: int
    wall_seconds: float
    calls: int

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def merged_inventory(scan: OrgScan) -> Inventory:
    """Every account's records and gaps, plus the organization's (accounts with where they were scanned)."""
    listing = scan.listing
    management = listing.organization.management_account
    regions = sorted({r for inv in scan.inventories.values() for r in inv.regions})
    merged = Inventory(account=management, regions=regions, partition=next(
        (inv.partition for inv in scan.inventories.values()), "aws"), source="aws",
        services=sorted({s for inv in scan.inventories.values() for s in inv.services or []}),
        emulated=any(inv.emulated for inv in scan.inventories.values()))
    starts = [inv.started_at for inv in scan.inventories.values() if inv.started_at]
    ends = [inv.finished_at for inv in scan.inventories.values() if inv.finished_at]
    merged.started_at = min(starts) if starts else None
    merged.finished_at = max(ends) if ends else None
    accounts = []
    for account in listing.accounts:
        plan = scan.plans.get(account.id)
        if plan is None:  # not selected: listed, not scanned
            accounts.append(account)
            continue
        unknown = {"assessed": f"member role refused: {plan.denied.describe()}"} if plan.denied else {}
        accounts.append(account.model_copy(update={
            "regions": plan.regions, "disabled_regions": plan.disabled_regions,
            "scp_denied_regions": plan.scp_denied_regions, "assessed": plan.denied is None, "unknown": unknown}))
    merged.add([listing.organization, *listing.units, *accounts, *listing.policies])
    seen = {(r.resource_type, r.arn) for r in merged.resources}
    for inv in scan.inventories.values():  # records every member sees (the organization itself) are kept once
        fresh = [r for r in inv.resources if (r.resource_type, r.arn) not in seen]
        seen.update((r.resource_type, r.arn) for r in fresh)
        merged.add(fresh)
    merged.add_gaps(listing.gaps)
    merged.add_gaps(g if g.account else g.model_copy(update={"account": inv.account})
                    for inv in scan.inventories.values() for g in inv.gaps)
    by_service: dict[str, int] = defaultdict(int)
    by_api: dict[str, int] = defaultdict(int)
    for inv in scan.inventories.values():
        for key, count in inv.stats.calls_by_service.items():
            by_service[key] += count
        for key, count in inv.stats.calls_by_api.items():
            by_api[key] += count
    by_service["organizations"] += listing.calls
    merged.stats = ScanStats(calls_by_service=dict(sorted(by_service.items())),
                             calls_by_api=dict(sorted(by_api.items())), wall_seconds=scan.wall_seconds)
    return merged


def assess_organization(scan: OrgScan, executor: Executor, *, rules: list[Rule], rules_dir: Path | None = None,
                        mutelist: Path | None = None, crown_jewels: Any = None,
                        paths: bool = True) -> Assessment:
    """The merged assessment; ``assessment.organization`` carries the per-account breakdown."""
    snapshots = [(a, inventory_to_dict(inv)) for a, inv in scan.inventories.items() if scan.plans[a].denied is None]
    findings: list[Finding] = []
    by_account: dict[str, list[Finding]] = defaultdict(list)
    for (account, _), result in executor.run(_evaluate_item, snapshots, str(rules_dir) if rules_dir else None):
        if isinstance(result, BaseException):
            raise RuntimeError(f"rule evaluation of account {account} failed: {result}") from result
        account_findings = [Finding.model_validate(f) for f in result]
        by_account[account] = account_findings
    for account, _ in snapshots:  # a stable order, whatever order the workers finished in
        findings.extend(by_account[account])
    merged = merged_inventory(scan)
    org_findings = evaluate(merged, org_rules(rules), runtime=True)
    findings.extend(org_findings)
    for f in org_findings:
        by_account[f.account].append(f)
    suppressions = None
    if mutelist is not None:
        from ssrm.engine.suppress import load_mutelist

        findings, report = load_mutelist(mutelist).apply(findings)
        suppressions = report.as_dict()
        by_account = defaultdict(list)
        for f in findings:
            by_account[f.account].append(f)
    assessment = build_assessment(merged, findings, {r.id: r.phase for r in rules}, len(rules),
                                  suppressions=suppressions)
    frameworks = all_frameworks()
    assessment.compliance = {key: evaluate_framework(fw, [(f.rule_id, f.status) for f in assessment.findings])
                             .as_dict() for key, fw in frameworks.items()}
    assessment.controls_of_rule = controls_of_rule()
    assessment.organization = breakdown(scan, by_account, {r.id: r.phase for r in rules}, frameworks)
    if paths:
        from ssrm.org.crosspaths import add_org_paths

        add_org_paths(assessment, scan, by_account, crown_jewels, executor)
    return assessment


def _evaluate_item(item: tuple[str, dict[str, Any]], rules_dir: str | None) -> list[dict[str, Any]]:
    return evaluate_account(item[1], rules_dir)


def breakdown(scan: OrgScan, by_account: dict[str, list[Finding]], phases: dict[str, Any],
              frameworks: dict[str, Any]) -> dict[str, Any]:
    """Scores per layer per account (worst first), compliance per account, OUs, and how the scan ran."""
    rows: list[AccountView] = []
    for account in scan.selected:
        plan = scan.plans[account.id]
        inventory = scan.inventories[account.id]
        found = by_account.get(account.id, [])
        maturity = assess_maturity(found, phases)
        counts = {s.value: sum(1 for f in found if f.status is s) for s in Status}
        rows.append(AccountView(
            account=account.id, name=account.name, ou_path=account.ou_path, environment=account.environment,
            status="not assessed" if plan.denied else "assessed",
            reason=plan.denied.describe() if plan.denied else "",
            note=f"not assessed: {plan.denied.error} on {plan.denied.api}" if plan.denied else
            (f"SCP denies {', '.join(plan.scp_denied_regions)}" if plan.scp_denied_regions else ""),
            layers={layer.value: maturity.layers[layer].total.score for layer in Layer},
            overall=maturity.overall.score, counts=counts,
            compliance={key: evaluate_framework(fw, [(f.rule_id, f.status) for f in found]).score
                        for key, fw in frameworks.items()} if found else {},
            regions=plan.regions, disabled_regions=plan.disabled_regions, scp_denied_regions=plan.scp_denied_regions,
            gaps=len(inventory.gaps), resources=len(inventory.resources),
            wall_seconds=inventory.stats.wall_seconds, calls=inventory.stats.total_calls,
        ))
    rows.sort(key=lambda r: (r.status != "not assessed", r.overall if r.overall is not None else 101.0, r.account))
    listing = scan.listing
    return {
        "organization": listing.organization.id,
        "management_account": listing.organization.management_account,
        "run_id": scan.run_id,
        "executor": scan.executor,
        "workers": scan.workers,
        "units": scan.units_total,
        "units_resumed": scan.units_resumed,
        "accounts_listed": len(listing.accounts),
        "accounts_selected": len(scan.selected),
        "accounts_not_assessed": sum(1 for r in rows if r.status == "not assessed"),
        "ous": sorted({a.ou_path for a in listing.accounts}),
        "accounts": [r.as_dict() for r in rows],
        "unit_errors": [g.model_dump(mode="json") for g in scan.unit_errors],
    }


def account_gaps(scan: OrgScan) -> list[Gap]:
    return [p.denied for p in scan.plans.values() if p.denied is not None]
