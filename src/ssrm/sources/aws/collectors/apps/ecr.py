"""ECR: DescribeRepositories and the registry scanning configuration; per repository GetRepositoryPolicy and
GetLifecyclePolicy (neither has a batch form). Repository tags are not collected (no rule reads them)."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from ssrm.model.resources.apps.ecr import EcrRepository
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
    for repository in ctx.parallel(lambda item: _repository(ctx, item, registry), repositories):
        ctx.add(repository)


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


COLLECTOR = Collector(
    name="ecr", client="ecr", scope="regional", resource_types=(REPOSITORY,),
    actions=("ecr:DescribeRepositories", "ecr:GetRegistryScanningConfiguration", "ecr:GetRepositoryPolicy",
             "ecr:GetLifecyclePolicy"),
    collect=collect, title="ECR",
)
