"""Known vulnerabilities in container images and Lambda packages: the code customers ship on AWS's hosts."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.apps.awslambda import LambdaFunction
from ssrm.model.resources.apps.ecr import EcrRepository
from ssrm.model.resources.compute.vulnerability import InspectorStatus, Vulnerability, vulnerabilities_on
from ssrm.rules.base import Verdict, passed, rule
from ssrm.rules.inspector_checks import inspector_covers, judge, unknown


@rule(
    id="ecr_repository_exploitable_vulnerabilities",
    title="The newest image in each ECR repository carries no CRITICAL or HIGH vulnerability that can be fixed",
    resource_type=EcrRepository, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1525"), phase=Phase.FOUNDATIONAL, smm="VM2.2",
    uses=(Vulnerability,), runtime_only=True,
    remediation=Remediation(
        text="Rebuild the image on a patched base image and push it; with enhanced scanning Inspector names "
             "the fixed package versions.",
        cli="aws inspector2 list-findings --filter-criteria "
            "'{\"ecrImageRepositoryName\":[{\"comparison\":\"EQUALS\",\"value\":\"<repo>\"}]}'",
        terraform='resource "aws_ecr_registry_scanning_configuration" "this" {\n  scan_type = "ENHANCED"\n'
                  '  rule {\n    scan_frequency = "CONTINUOUS_SCAN"\n    repository_filter {\n'
                  '      filter      = "*"\n      filter_type = "WILDCARD"\n    }\n  }\n}',
    ),
    skips="Older images (only the newest tagged image is read with basic scanning); MEDIUM and lower.",
)
def repository_vulnerabilities(repo: EcrRepository, inv: Inventory) -> Verdict:
    """Every task or pod that pulls a vulnerable image inherits its vulnerabilities."""
    if repo.registry_scan_type == "ENHANCED":
        uncovered = inspector_covers(repo, inv, "ecr")
        if uncovered:
            return uncovered
    elif repo.tagged_images == 0:
        return passed("the repository holds no tagged image")
    elif not (repo.scan_on_push or repo.registry_scanning):
        repo.need("registry_scanning")
        return unknown("vulnerabilities unknown: images in this repository are not scanned")
    return judge(vulnerabilities_on(inv, repo.arn), "")


@rule(
    id="lambda_function_exploitable_vulnerabilities",
    title="Lambda functions carry no CRITICAL or HIGH package vulnerability with a public exploit or a fix",
    resource_type=LambdaFunction, layer=Layer.APPS, domain=Domain.VULNERABILITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="VM2.2",
    uses=(InspectorStatus, Vulnerability), runtime_only=True,
    remediation=Remediation(
        text="Update the vulnerable dependencies in the deployment package or layer and redeploy.",
        cli="aws lambda update-function-code --function-name <name> --zip-file fileb://patched.zip",
        terraform='resource "aws_inspector2_enabler" "lambda" {\n  account_ids    = [<account>]\n'
                  '  resource_types = ["LAMBDA", "LAMBDA_CODE"]\n}',
    ),
    skips="MEDIUM and lower findings.",
)
def function_vulnerabilities(function: LambdaFunction, inv: Inventory) -> Verdict:
    """A vulnerable library in a function is reachable by whatever invokes it."""
    uncovered = inspector_covers(function, inv, "lambda")
    if uncovered:
        return uncovered
    return judge(vulnerabilities_on(inv, function.arn), "")
