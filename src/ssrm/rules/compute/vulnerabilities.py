"""Known software vulnerabilities on hosts, images and functions, as Amazon Inspector (or ECR basic scanning)
reports them; and whether Inspector scans each kind of resource at all.

The SSRM hosts layer is where "OS exploits, container breakouts, embedded malware" live. AWS computes the
vulnerabilities; what the customer owns is turning the scanner on and acting on what it finds. When
Inspector does not scan a resource, what is on it is unknown: ERROR, never PASS.
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, Status
from ssrm.model.resource import Resource
from ssrm.model.resources.account import Region
from ssrm.model.resources.apps.awslambda import LambdaFunction
from ssrm.model.resources.apps.ecr import EcrRepository
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.vulnerability import InspectorStatus, Vulnerability, vulnerabilities_on
from ssrm.rules.base import Check, Rule, Verdict, failed, passed, rule
from ssrm.rules.identity.listing import not_scanned, require_listed

SCAN_LABELS = {"ec2": "EC2 instance", "ecr": "ECR container image", "lambda": "Lambda function",
               "lambda_code": "Lambda code"}
SHOWN = 3  # vulnerabilities named in a reason


def inspector_in(inv: Inventory, region: str) -> InspectorStatus | None:
    return next(inv.in_region(InspectorStatus, region), None)


def _scanning_rule_check(scan_type: str) -> Check:
    label = SCAN_LABELS[scan_type]

    def check(region: Region, inv: Inventory) -> Verdict:
        skipped = not_scanned(inv, "inspector2", "Inspector")
        if skipped:
            return skipped
        status = inspector_in(inv, region.id)
        if status is None:
            require_listed(inv, InspectorStatus.resource_type)
            return failed(f"Inspector has no status in {region.id}: {label} scanning is off")
        field = {"lambda": "lambda_standard"}.get(scan_type, scan_type)
        status.need(field)
        state = status.status_of(scan_type)
        if state == "ENABLED":
            return passed(f"Inspector {label} scanning is enabled in {region.id}")
        return failed(f"Inspector {label} scanning is {state or 'DISABLED'} in {region.id}")

    return check


def _scanning_rule(scan_type: str, severity: Severity, phase: Phase, feature: str) -> Rule:
    label = SCAN_LABELS[scan_type]
    check = _scanning_rule_check(scan_type)
    check.__doc__ = (f"Without Inspector {label} scanning nobody is told which {label.lower()}s carry "
                     "exploitable vulnerabilities.")
    return rule(
        id=f"inspector_{scan_type}_scanning_enabled",
        title=f"Amazon Inspector scans {label.lower()}s for vulnerabilities in every region",
        resource_type=Region, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=severity,
        stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1203"), phase=phase, smm="VM2.1",
        uses=(InspectorStatus,),
        remediation=Remediation(
            text=f"Activate Amazon Inspector {label} scanning in every region (from the delegated administrator "
                 "for the whole organization).",
            cli=f"aws inspector2 enable --resource-types {feature} --region <REGION>",
            terraform=f'resource "aws_inspector2_enabler" "this" {{\n  account_ids    = [<account>]\n'
                      f'  resource_types = ["{feature}"]\n}}',
        ),
        skips="Regions the scan left out; delegated-administrator set-ups are judged per member account.",
    )(check)


inspector_ec2_scanning_enabled = _scanning_rule("ec2", Severity.HIGH, Phase.FOUNDATIONAL, "EC2")
inspector_ecr_scanning_enabled = _scanning_rule("ecr", Severity.HIGH, Phase.FOUNDATIONAL, "ECR")
inspector_lambda_scanning_enabled = _scanning_rule("lambda", Severity.MEDIUM, Phase.EFFICIENT, "LAMBDA")
inspector_lambda_code_scanning_enabled = _scanning_rule("lambda_code", Severity.MEDIUM, Phase.EFFICIENT,
                                                        "LAMBDA_CODE")


def _unknown(reason: str) -> Verdict:
    return Verdict(Status.ERROR, reason)


def _inspector_covers(resource: Resource, inv: Inventory, scan_type: str) -> Verdict | None:
    """None when Inspector's ``scan_type`` scanning covers the resource's region, else why it is unknown."""
    if not inv.scanned("inspector2"):
        return _unknown("vulnerabilities unknown: Inspector (inspector2) was not collected")
    gap = inv.listing_gap(Vulnerability.resource_type, resource.region)
    if gap is not None:
        return _unknown(f"vulnerabilities unknown: {gap.describe()}")
    status = inspector_in(inv, resource.region)
    if status is None:
        return _unknown(f"vulnerabilities unknown: no Inspector status in {resource.region}")
    status.need({"lambda": "lambda_standard"}.get(scan_type, scan_type))
    if not status.scans(scan_type):
        state = status.status_of(scan_type) or "DISABLED"
        return _unknown(f"vulnerabilities unknown: Inspector {SCAN_LABELS[scan_type]} scanning is {state} in "
                        f"{resource.region}")
    return None


def _judge(found: list[Vulnerability], exposure: str) -> Verdict:
    actionable = [v for v in found if v.actionable or (v.source == "ecr-basic" and v.serious)]
    if not actionable:
        serious = [v for v in found if v.serious]
        if serious:
            return passed(f"{len(serious)} CRITICAL/HIGH vulnerability(ies), none with a public exploit or a fix")
        return passed("no CRITICAL or HIGH vulnerability reported")
    named = "; ".join(v.describe() for v in actionable[:SHOWN])
    more = f" and {len(actionable) - SHOWN} more" if len(actionable) > SHOWN else ""
    return failed(f"{exposure}{len(actionable)} exploitable or fixable CRITICAL/HIGH vulnerability(ies): {named}{more}")


@rule(
    id="ec2_instance_exploitable_vulnerabilities",
    title="EC2 instances carry no CRITICAL or HIGH vulnerability with a public exploit or an available fix",
    resource_type=Instance, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1203", "T1068"), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    uses=(InspectorStatus, Vulnerability), runtime_only=True,
    remediation=Remediation(
        text="Patch the named packages (SSM Patch Manager, or rebuild from a patched AMI); start with instances "
             "reachable from the internet and vulnerabilities with a public exploit.",
        cli="aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=<id> "
            "--parameters Operation=Install",
        terraform='resource "aws_ssm_patch_baseline" "this" {\n  approval_rule {\n    approve_after_days = 7\n'
                  '    patch_filter {\n      key    = "CLASSIFICATION"\n      values = ["Security"]\n    }\n  }\n}',
    ),
    skips="MEDIUM and lower findings, and CRITICAL/HIGH ones with neither a known exploit nor a fix.",
)
def instance_vulnerabilities(instance: Instance, inv: Inventory) -> Verdict:
    """A known, exploitable vulnerability on a host is the attacker's cheapest way in or up."""
    unknown = _inspector_covers(instance, inv, "ec2")
    if unknown:
        return unknown
    exposure = "reachable from the internet (public IP); " if instance.public_ips else ""
    return _judge(vulnerabilities_on(inv, instance.arn), exposure)


@rule(
    id="ecr_repository_exploitable_vulnerabilities",
    title="The newest image in each ECR repository carries no CRITICAL or HIGH vulnerability that can be fixed",
    resource_type=EcrRepository, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1525", "T1611"), phase=Phase.FOUNDATIONAL, smm="VM2.2",
    uses=(Vulnerability,), runtime_only=True,
    remediation=Remediation(
        text="Rebuild the image on a patched base image and push it; with enhanced scanning Inspector names "
             "the fixed package versions.",
        cli="aws inspector2 list-findings --filter-criteria "
            "'{\"ecrImageRepositoryName\":[{\"comparison\":\"EQUALS\",\"value\":\"<repo>\"}]}'",
    ),
    skips="Older images (only the newest tagged image is read with basic scanning); MEDIUM and lower.",
)
def repository_vulnerabilities(repo: EcrRepository, inv: Inventory) -> Verdict:
    """Every task or pod that pulls a vulnerable image inherits its vulnerabilities."""
    if repo.registry_scan_type == "ENHANCED":
        unknown = _inspector_covers(repo, inv, "ecr")
        if unknown:
            return unknown
    elif not (repo.scan_on_push or repo.registry_scanning):
        repo.need("registry_scanning")
        return _unknown("vulnerabilities unknown: images in this repository are not scanned")
    return _judge(vulnerabilities_on(inv, repo.arn), "")


@rule(
    id="lambda_function_exploitable_vulnerabilities",
    title="Lambda functions carry no CRITICAL or HIGH package vulnerability with a public exploit or a fix",
    resource_type=LambdaFunction, layer=Layer.APPS, domain=Domain.VULNERABILITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1203"), phase=Phase.FOUNDATIONAL, smm="VM2.2",
    uses=(InspectorStatus, Vulnerability), runtime_only=True,
    remediation=Remediation(
        text="Update the vulnerable dependencies in the deployment package or layer and redeploy.",
        cli="aws lambda update-function-code --function-name <name> --zip-file fileb://patched.zip",
    ),
    skips="MEDIUM and lower findings.",
)
def function_vulnerabilities(function: LambdaFunction, inv: Inventory) -> Verdict:
    """A vulnerable library in a function is reachable by whatever invokes it."""
    unknown = _inspector_covers(function, inv, "lambda")
    if unknown:
        return unknown
    return _judge(vulnerabilities_on(inv, function.arn), "")
