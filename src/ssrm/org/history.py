"""An organization scan kept in the history store, through the store's public API only.

Two kinds of run are kept: the merged assessment under the organization's id (``o-…``, source ``org``), so
``ssrm history --account o-…`` and ``ssrm diff --account o-…`` follow the whole organization; and one run per
assessed member account (source ``live``, its own findings, gaps, scores and inventory, target naming the
organization run), so ``ssrm diff --account 111122223333`` compares an account across organization scans
and plain ``ssrm scan`` runs alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ssrm.store import RunInfo
from ssrm.store.record import RunRecorder, assessment_document

if TYPE_CHECKING:
    from ssrm.assess.assessment import Assessment
    from ssrm.org.scan import OrgScan
    from ssrm.rules.base import Rule


def organization_id(assessment: Assessment) -> str:
    return str((assessment.organization or {}).get("organization") or assessment.inventory.account)


def keep_org_run(recorder: RunRecorder, assessment: Assessment, scan: OrgScan,
                 rules: list[Rule]) -> tuple[RunInfo | None, list[RunInfo]]:
    """(the organization's run, the member accounts' runs); (None, []) without a store."""
    if recorder.store is None:
        return None, []
    doc, inventory = assessment_document(assessment)
    org_id = organization_id(assessment)
    merged = recorder.record({**doc, "account": org_id}, inventory)
    kept: list[RunInfo] = []
    target = f"organization {org_id}, run {merged.id if merged else '?'}"
    for account_doc, account_inventory in account_documents(assessment, scan, rules):
        kept.append(recorder.store.record(account_doc, account_inventory, source="live", target=target))
    return merged, kept


def account_documents(assessment: Assessment, scan: OrgScan,
                      rules: list[Rule]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each assessed member account as its own assessment document (findings, gaps, scores, inventory)."""
    from ssrm.assess.assessment import build_assessment

    by_account: dict[str, list[Any]] = {}
    for finding in assessment.findings:
        by_account.setdefault(finding.account, []).append(finding)
    phases = {r.id: r.phase for r in rules}
    out = []
    for account, inventory in sorted(scan.inventories.items()):
        plan = scan.plans.get(account)
        if plan is None or plan.denied is not None:
            continue  # not assessed: nothing to compare later
        single = build_assessment(inventory, by_account.get(account, []), phases, len(rules))
        out.append(assessment_document(single))
    return out
