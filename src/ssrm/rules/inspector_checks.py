"""Shared checks for the vulnerability rules: does Inspector cover a resource, and what to say about what it
found. When Inspector does not scan a resource, what is on it is unknown: ERROR, never PASS."""

from __future__ import annotations

from ssrm.model import Inventory, Status
from ssrm.model.resource import Resource
from ssrm.model.resources.compute.vulnerability import InspectorStatus, Vulnerability
from ssrm.rules.base import Verdict, failed, not_applicable, passed

SCAN_LABELS = {"ec2": "EC2 instance", "ecr": "ECR container image", "lambda": "Lambda function",
               "lambda_code": "Lambda code"}
STATUS_FIELDS = {"ec2": "ec2", "ecr": "ecr", "lambda": "lambda_standard", "lambda_code": "lambda_code"}
SHOWN = 3  # vulnerabilities named in a reason


def inspector_in(inv: Inventory, region: str) -> InspectorStatus | None:
    return next(inv.in_region(InspectorStatus, region), None)


def unknown(reason: str) -> Verdict:
    return Verdict(Status.ERROR, reason)


def inspector_covers(resource: Resource, inv: Inventory, scan_type: str) -> Verdict | None:
    """None when Inspector's ``scan_type`` scanning covers the resource's region, else why it is unknown."""
    if not inv.scanned("inspector2"):  # left out on purpose (--services): as for every other service
        return not_applicable("Inspector (inspector2) was not scanned")
    gap = inv.listing_gap(Vulnerability.resource_type, resource.region)
    if gap is not None:
        return unknown(f"vulnerabilities unknown: {gap.describe()}")
    status = inspector_in(inv, resource.region)
    if status is None:
        return unknown(f"vulnerabilities unknown: no Inspector status in {resource.region}")
    status.need(STATUS_FIELDS[scan_type])
    if not status.scans(scan_type):
        state = status.status_of(scan_type) or "DISABLED"
        return unknown(f"vulnerabilities unknown: Inspector {SCAN_LABELS[scan_type]} scanning is {state} in "
                       f"{resource.region}")
    return None


def judge(found: list[Vulnerability], exposure: str = "") -> Verdict:
    """FAIL on CRITICAL/HIGH vulnerabilities with a public exploit or a fix (basic image scanning says neither:
    every CRITICAL/HIGH one counts), most urgent named first."""
    actionable = [v for v in found if v.actionable or (v.source == "ecr-basic" and v.serious)]
    if not actionable:
        serious = [v for v in found if v.serious]
        if serious:
            return passed(f"{len(serious)} CRITICAL/HIGH vulnerability(ies), none with a public exploit or a fix")
        return passed("no CRITICAL or HIGH vulnerability reported")
    named = "; ".join(v.describe() for v in actionable[:SHOWN])
    more = f" and {len(actionable) - SHOWN} more" if len(actionable) > SHOWN else ""
    return failed(f"{exposure}{len(actionable)} exploitable or fixable CRITICAL/HIGH vulnerability(ies): {named}{more}")
