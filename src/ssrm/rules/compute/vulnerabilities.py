"""Known software vulnerabilities on EC2 instances, as Amazon Inspector reports them.

The SSRM hosts layer is where "OS exploits, container breakouts, embedded malware" live: AWS computes the
vulnerabilities, the customer owns turning the scanner on and patching what it finds.
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.vulnerability import InspectorStatus, Vulnerability, vulnerabilities_on
from ssrm.rules.base import Verdict, rule
from ssrm.rules.inspector_checks import inspector_covers, judge


@rule(
    id="ec2_instance_exploitable_vulnerabilities",
    title="EC2 instances carry no CRITICAL or HIGH vulnerability with a public exploit or an available fix",
    resource_type=Instance, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1059"), phase=Phase.FOUNDATIONAL, smm="VM2.1",
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
    unknown = inspector_covers(instance, inv, "ec2")
    if unknown:
        return unknown
    exposure = "reachable from the internet (public IP); " if instance.public_ips else ""
    return judge(vulnerabilities_on(inv, instance.arn), exposure)
