"""ECR repository rules. Container images sit in the hosts layer (DESIGN.md: containers, ECR)."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.apps.ecr import EcrRepository
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.policy import actions_of, public_statements

# Actions that let a caller change what the repository serves.
PUSH_ACTIONS = ("ecr:putimage", "ecr:initiatelayerupload", "ecr:uploadlayerpart", "ecr:completelayerupload",
                "ecr:batchdeleteimage", "ecr:deleterepository", "ecr:setrepositorypolicy")


@rule(
    id="ecr_repository_scan_on_push",
    title="ECR repositories scan images for vulnerabilities when they are pushed",
    resource_type=EcrRepository, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1204.003"), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    remediation=Remediation(
        text="Turn on scan on push for the repository, or add a registry scanning rule (enhanced scanning "
             "with Amazon Inspector scans continuously) whose filter covers it.",
        cli="aws ecr put-image-scanning-configuration --repository-name <repo> "
            "--image-scanning-configuration scanOnPush=true",
        terraform='resource "aws_ecr_repository" "this" {\n  image_scanning_configuration {\n'
                  '    scan_on_push = true\n  }\n}',
    ),
    references=("FSBP ECR.1",),
    skips="Repositories covered by a registry-level scan-on-push or continuous scanning rule pass.",
)
def repository_scanned(repo: EcrRepository, inv: Inventory) -> Verdict:
    """Unscanned images ship known vulnerabilities to every host that runs them."""
    if repo.scan_on_push:
        return passed("scan on push is on")
    repo.need("registry_scanning")
    if repo.registry_scanning:
        return passed(f"covered by a registry {repo.registry_scan_type or ''} scanning rule ({repo.registry_scanning})")
    return failed("scan on push is off and no registry scanning rule covers the repository")


@rule(
    id="ecr_repository_tag_immutability",
    title="ECR repositories make image tags immutable",
    resource_type=EcrRepository, layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1525",), phase=Phase.EFFICIENT, smm="IP3.1",
    remediation=Remediation(
        text="Set image tag mutability to IMMUTABLE so a pushed tag (e.g. :prod) can never be replaced by "
             "another image; deploy by new tag or digest.",
        cli="aws ecr put-image-tag-mutability --repository-name <repo> --image-tag-mutability IMMUTABLE",
        terraform='resource "aws_ecr_repository" "this" {\n  image_tag_mutability = "IMMUTABLE"\n}',
    ),
    references=("FSBP ECR.2",),
    skips="IMMUTABLE_WITH_EXCLUSION passes: the excluded tag patterns are a deliberate choice.",
)
def repository_tags_immutable(repo: EcrRepository, inv: Inventory) -> Verdict:
    """A mutable tag lets whoever can push silently swap the image that hosts pull next."""
    if repo.tags_immutable:
        return passed(f"image tag mutability {repo.image_tag_mutability}")
    return failed(f"image tag mutability is {repo.image_tag_mutability}: tags can be overwritten")


@rule(
    id="ecr_repository_public_policy",
    title="ECR repository policies do not grant access to everyone",
    resource_type=EcrRepository, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1525", "T1530"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("policy",),
    remediation=Remediation(
        text="Remove the Principal \"*\" statement, or restrict it with aws:PrincipalOrgID / named accounts.",
        cli="aws ecr delete-repository-policy --repository-name <repo>",
        terraform='data "aws_iam_policy_document" "pull" {\n  statement {\n    actions = ["ecr:BatchGetImage", '
                  '"ecr:GetDownloadUrlForLayer"]\n    principals {\n      type        = "AWS"\n'
                  '      identifiers = ["arn:aws:iam::<account>:root"]\n    }\n  }\n}',
    ),
    references=("CIS 2.21",),
    skips="Statements for AWS service principals or restricted by an organization, account, VPC endpoint "
          "or source condition.",
)
def repository_not_public(repo: EcrRepository, inv: Inventory) -> Verdict:
    """Anyone can pull (read code and baked-in secrets) or, worse, push images."""
    if repo.policy is None:
        return passed("no repository policy")
    public = public_statements(repo.policy)
    if not public:
        return passed("repository policy grants nothing to Principal * without a condition")
    actions = sorted({a for s in public for a in actions_of(s)}) or ["*"]
    can_push = any(a.lower() in {"*", "ecr:*"} or a.lower() in PUSH_ACTIONS for a in actions)
    what = "push and pull" if can_push else "pull"
    return failed(f"repository policy lets Principal * {what}: {', '.join(actions)}")


@rule(
    id="ecr_repository_lifecycle_policy",
    title="ECR repositories expire old images with a lifecycle policy",
    resource_type=EcrRepository, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1204.003",), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    needs=("lifecycle_policy",),
    remediation=Remediation(
        text="Add a lifecycle policy that expires untagged images and keeps only the last N releases, so "
             "old vulnerable images cannot be deployed by mistake.",
        cli="aws ecr put-lifecycle-policy --repository-name <repo> --lifecycle-policy-text file://lifecycle.json",
        terraform='resource "aws_ecr_lifecycle_policy" "this" {\n  repository = aws_ecr_repository.this.name\n'
                  '  policy     = file("lifecycle.json")\n}',
    ),
    references=("FSBP ECR.3",),
)
def repository_lifecycle(repo: EcrRepository, inv: Inventory) -> Verdict:
    """Old images pile up and stay deployable long after their vulnerabilities are known."""
    if repo.lifecycle_policy is None:
        return failed("no lifecycle policy: old images are kept forever")
    count = len(repo.lifecycle_policy.get("rules") or [])
    return passed(f"lifecycle policy with {count} rule(s)")
