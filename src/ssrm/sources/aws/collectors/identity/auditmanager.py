"""AWS Audit Manager (regional): GetAccountStatus, and where it is active ListAssessments (one or two calls)."""

from __future__ import annotations

from ssrm.model.resources.identity.auditmanager import AuditManagerStatus
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.operations._calls import listing
from ssrm.sources.aws.context import CollectContext

STATUS = AuditManagerStatus.resource_type


def collect(ctx: CollectContext) -> None:
    arn = ctx.arn("auditmanager", "account-status")
    reply = ctx.call("get_account_status", resource=arn, resource_types=(STATUS,))
    unknown = {} if reply.ok else dict.fromkeys(("status", "active_assessments"), reply.reason)
    status = str(reply.get("status", ""))
    active = 0
    if status == "ACTIVE":
        assessments, why = listing(ctx, "list_assessments", "assessmentMetadata", token="nextToken", resource=arn,
                                   status="ACTIVE")
        active = len(assessments or [])
        if assessments is None:
            unknown["active_assessments"] = why
    ctx.add(AuditManagerStatus(arn=arn, id=f"auditmanager-{ctx.region}", name=f"Audit Manager in {ctx.region}",
                               account=ctx.account, region=ctx.region, unknown=unknown, status=status,
                               active_assessments=active))


COLLECTOR = Collector(
    name="auditmanager",
    client="auditmanager",
    scope="regional",
    title="Audit Manager",
    resource_types=(STATUS,),
    actions=("auditmanager:GetAccountStatus", "auditmanager:ListAssessments"),
    collect=collect,
)
