"""ECR: DescribeRepositories and the registry scanning configuration; per repository GetRepositoryPolicy and
GetLifecyclePolicy (neither has a batch form). Repository tags are not collected (no rule reads them).

With basic (not Inspector-enhanced) scanning, the newest tagged image's scan results are read as well:
DescribeImages (one call per repository) and, only when its summary does not rule out CRITICAL/HIGH
findings, DescribeImageScanFindings for that one image. With enhanced scanning Inspector reports them."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from ssrm.model.resources.apps.ecr import EcrRepository
from ssrm.model.resources.compute.vulnerability import Vulnerability
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.apps.documents import read_document
from ssrm.sources.aws.context import CollectContext, Reply

REPOSITORY = EcrRepository.resource_type
SCANNING_FREQUENCIES = ("SCAN_ON_PUSH", "CONTINUOUS_SCAN")


def collect(ctx: CollectContext) -> None:
    repositories = ctx.pages("describe_repositories", "repositories", resource_types=(REPOSITORY,))
    if not repositories:  # None: listing failed (gap recorded); []: nothing to read further
        return
    registry = ctx.call("get_registry_scanning_configuration")
    enhanced = registry.ok and (registry.get("scanningConfiguration") or {}).get("scanType") == "ENHANCED"

    def read(item: dict[str, Any]) -> tuple[EcrRepository, list[Vulnerability]]:
        repository = _repository(ctx, item, registry)
        if enhanced:  # Inspector reports image vulnerabilities itself
            return repository, []
        count, found = _latest_image_findings(ctx, item)
        return repository.model_copy(update={"tagged_images": count}), found

    for repository, found in ctx.parallel(read, repositories):
        ctx.add(repository)
        for vulnerability in found:
            ctx.add(vulnerability)


def _repository(ctx: CollectContext, item: dict[str, Any], registry: Reply) -> EcrRepository:
    name, arn = item["repositoryName"], item["repositoryArn"]
    unknown: dict[str, str] = {}
    policy = read_document(ctx.call("get_repository_policy", repositoryName=name, resource=arn,
                                     absent=("RepositoryPolicyNotFoundException",)),
                            "policyText", "policy", unknown)
    lifecycle = read_document(ctx.call("get_lifecycle_policy", repositoryName=name, resource=arn,
                                        absent=("LifecyclePolicyNotFoundException",)),
                               "lifecyclePolicyText", "lifecycle_policy", unknown)
    if not registry.ok:
        unknown["registry_scanning"] = registry.reason
        unknown["registry_scan_type"] = registry.reason
    scanning = registry.get("scanningConfiguration") or {}
    encryption = item.get("encryptionConfiguration") or {}
    return EcrRepository(
        arn=arn, id=name, name=name, account=ctx.account, region=ctx.region,
        uri=item.get("repositoryUri", ""), registry_id=item.get("registryId", ""),
        scan_on_push=bool((item.get("imageScanningConfiguration") or {}).get("scanOnPush")),
        registry_scan_type=scanning.get("scanType"),
        registry_scanning=_registry_rule_covering(name, scanning.get("rules") or []),
        image_tag_mutability=item.get("imageTagMutability", "MUTABLE"),
        encryption_type=encryption.get("encryptionType", "AES256"),
        kms_key=encryption.get("kmsKey") or None,
        policy=policy,
        lifecycle_policy=lifecycle,
        unknown=unknown,
    )


def _registry_rule_covering(repository: str, rules: list[dict[str, Any]]) -> str | None:
    """The frequency of the first registry scanning rule whose wildcard filter matches ``repository``."""
    for scan_rule in rules:
        frequency = scan_rule.get("scanFrequency")
        if frequency not in SCANNING_FREQUENCIES:
            continue
        for repo_filter in scan_rule.get("repositoryFilters") or []:
            if fnmatchcase(repository, str(repo_filter.get("filter", ""))):
                return str(frequency)
    return None


def _latest_image_findings(ctx: CollectContext, item: dict[str, Any]) -> tuple[int | None, list[Vulnerability]]:
    """How many tagged images the repository holds (None: unread), and the CRITICAL/HIGH basic-scan findings
    of the most recently pushed one."""
    name, arn = item["repositoryName"], item["repositoryArn"]
    images = ctx.pages("describe_images", "imageDetails", resource=arn, repositoryName=name,
                       filter={"tagStatus": "TAGGED"}, absent=("RepositoryNotFoundException",))
    if not images:
        return (None if images is None else 0), []
    latest = max(images, key=lambda image: str(image.get("imagePushedAt") or ""))
    summary = (latest.get("imageScanFindingsSummary") or {}).get("findingSeverityCounts")
    if summary is not None and not (summary.get("CRITICAL") or summary.get("HIGH")):
        return len(images), []
    digest = latest.get("imageDigest", "")
    reply = ctx.call("describe_image_scan_findings", resource=arn, repositoryName=name,
                     imageId={"imageDigest": digest}, absent=("ScanNotFoundException",))
    findings = (reply.get("imageScanFindings") or {}).get("findings") or []
    tag = ",".join(latest.get("imageTags") or []) or digest
    return len(images), [found for finding in findings if (found := _basic_finding(ctx, arn, tag, finding))]


def _basic_finding(ctx: CollectContext, repository_arn: str, image: str,
                   finding: dict[str, Any]) -> Vulnerability | None:
    severity = str(finding.get("severity", "")).upper()
    name = str(finding.get("name", ""))
    if severity not in ("CRITICAL", "HIGH") or not name:
        return None
    attributes = {a.get("key"): a.get("value") for a in finding.get("attributes") or []}
    package = " ".join(filter(None, (attributes.get("package_name"), attributes.get("package_version"))))
    score = _number(attributes.get("CVSS3_SCORE") or attributes.get("CVSS2_SCORE"))
    return Vulnerability(
        arn=f"{repository_arn}/image/{image}/{name}", id=f"{image}/{name}", name=name, account=ctx.account,
        region=ctx.region, target_arn=repository_arn, target_kind="AWS_ECR_CONTAINER_IMAGE",
        vulnerability_id=name, severity=severity, score=score,
        package=package, title=str(finding.get("description") or name)[:300], image=image, source="ecr-basic",
    )


def _number(value: object) -> float | None:
    try:
        return float(str(value)) if value is not None else None
    except ValueError:
        return None


COLLECTOR = Collector(
    name="ecr", client="ecr", scope="regional", resource_types=(REPOSITORY,),
    actions=("ecr:DescribeRepositories", "ecr:GetRegistryScanningConfiguration", "ecr:GetRepositoryPolicy",
             "ecr:GetLifecyclePolicy", "ecr:DescribeImages", "ecr:DescribeImageScanFindings"),
    collect=collect, title="ECR",
)
