"""Amazon Inspector (v2), regional: BatchGetAccountStatus for which scan types are on, and ListFindings for
the active CRITICAL and HIGH package vulnerabilities (one paginated call per region, filtered server-side,
so a large estate's thousands of low findings are never transferred)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.compute.vulnerability import InspectorStatus, Vulnerability
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

STATUS = InspectorStatus.resource_type
FINDING = Vulnerability.resource_type
SERIOUS_FILTER: dict[str, Any] = {
    "findingStatus": [{"comparison": "EQUALS", "value": "ACTIVE"}],
    "findingType": [{"comparison": "EQUALS", "value": "PACKAGE_VULNERABILITY"}],
    "severity": [{"comparison": "EQUALS", "value": "CRITICAL"}, {"comparison": "EQUALS", "value": "HIGH"}],
}
STATE_KEYS = {"ec2": "ec2", "ecr": "ecr", "lambda_standard": "lambda", "lambda_code": "lambdaCode"}


def collect(ctx: CollectContext) -> None:
    ctx.add(_status(ctx))
    findings = ctx.pages("list_findings", "findings", resource_types=(FINDING,), filterCriteria=SERIOUS_FILTER)
    for item in findings or []:
        vulnerability = vulnerability_from_finding(ctx, item)
        if vulnerability is not None:
            ctx.add(vulnerability)


def _status(ctx: CollectContext) -> InspectorStatus:
    arn = ctx.arn("inspector2", "status")
    reply = ctx.call("batch_get_account_status", accountIds=[ctx.account], resource=arn)
    accounts = reply.get("accounts") or []
    failed = [f for f in reply.get("failedAccounts") or [] if f.get("accountId") == ctx.account]
    if not reply.ok or failed:
        reason = reply.reason if not reply.ok else f"{failed[0].get('errorCode')}: {failed[0].get('errorMessage')}"
        return InspectorStatus(arn=arn, id=f"inspector2-{ctx.region}", account=ctx.account, region=ctx.region,
                               unknown=dict.fromkeys(STATE_KEYS, reason))
    # An account that never activated Inspector may be left out of the answer: nothing is enabled then.
    own: dict[str, Any] = next((a for a in accounts if a.get("accountId") == ctx.account), {})
    states = own.get("resourceState") or {}

    def state(key: str) -> str:
        return str((states.get(key) or {}).get("status") or "DISABLED")

    return InspectorStatus(arn=arn, id=f"inspector2-{ctx.region}", name=f"Inspector in {ctx.region}",
                           account=ctx.account, region=ctx.region, ec2=state("ec2"), ecr=state("ecr"),
                           lambda_standard=state("lambda"), lambda_code=state("lambdaCode"))


def target_arn(ctx: CollectContext, resource: dict[str, Any]) -> str:
    """The ARN ssrm gives the resource a finding is on (instance, repository, unqualified function)."""
    kind, raw = resource.get("type", ""), str(resource.get("id", ""))
    region = resource.get("region") or ctx.region
    if kind == "AWS_EC2_INSTANCE":
        return raw if raw.startswith("arn:") else ctx.arn("ec2", f"instance/{raw}", region=region)
    if kind == "AWS_ECR_CONTAINER_IMAGE":
        details = (resource.get("details") or {}).get("awsEcrContainerImage") or {}
        name = details.get("repositoryName") or raw.split(":repository/", 1)[-1].split("/sha256:", 1)[0]
        return ctx.arn("ecr", f"repository/{name}", region=region)
    if kind == "AWS_LAMBDA_FUNCTION":
        return ":".join(raw.split(":")[:7]) if raw.startswith("arn:") else ctx.arn("lambda", f"function:{raw}",
                                                                                    region=region)
    return raw


def vulnerability_from_finding(ctx: CollectContext, item: dict[str, Any]) -> Vulnerability | None:
    resources = item.get("resources") or []
    if not resources or not item.get("findingArn"):
        return None
    resource = resources[0]
    details = item.get("packageVulnerabilityDetails") or {}
    packages = details.get("vulnerablePackages") or []
    package = " ".join(filter(None, (packages[0].get("name"), packages[0].get("version")))) if packages else ""
    image = (resource.get("details") or {}).get("awsEcrContainerImage") or {}
    arn = str(item["findingArn"])
    score = item.get("inspectorScore")
    return Vulnerability(
        arn=arn, id=arn.rsplit("/", 1)[-1], name=str(details.get("vulnerabilityId") or item.get("title", "")),
        account=str(item.get("awsAccountId") or ctx.account), region=str(resource.get("region") or ctx.region),
        target_arn=target_arn(ctx, resource), target_kind=str(resource.get("type", "")),
        vulnerability_id=str(details.get("vulnerabilityId") or item.get("title", "")),
        severity=str(item.get("severity", "")).upper(), score=float(score) if score is not None else None,
        exploit_available=item.get("exploitAvailable") == "YES", fix_available=str(item.get("fixAvailable", "")),
        package=package, title=str(item.get("title", "")),
        image=",".join(image.get("imageTags") or []) or str(image.get("imageHash", "")),
    )


COLLECTOR = Collector(
    name="inspector2", client="inspector2", scope="regional", title="Inspector",
    resource_types=(STATUS, FINDING),
    actions=("inspector2:BatchGetAccountStatus", "inspector2:ListFindings"),
    collect=collect,
)
