"""Systems Manager rules: instances under management, patch and association compliance, public documents."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.operations.ssm import SsmDocument, SsmManagedInstance
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.operations._scope import require_scanned


@rule(
    id="ssm_ec2_instance_managed", title="Running EC2 instances are managed by Systems Manager",
    resource_type=Instance, layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1021.008", "T1098.004"), phase=Phase.FOUNDATIONAL, smm="IP2.2",
    uses=(SsmManagedInstance,), runtime_only=True,
    remediation=Remediation(
        text="Run the SSM agent with an instance profile granting AmazonSSMManagedInstanceCore (or enable "
             "Default Host Management Configuration) so the instance is patched and reached without SSH keys.",
        cli="aws ssm update-service-setting --setting-id /ssm/managed-instance/default-ec2-instance-management-role "
            "--setting-value service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole",
        terraform='resource "aws_iam_role_policy_attachment" "ssm" {\n  role       = aws_iam_role.instance.name\n'
                  '  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"\n}',
    ),
    references=("FSBP SSM.1",),
    skips="instances that are not running (a stopped agent cannot report); on-premises managed nodes",
)
def instance_managed(instance: Instance, inv: Inventory) -> Verdict:
    """An unmanaged instance is patched and reached by hand: SSH keys, open admin ports, drift."""
    if instance.state != "running":
        return not_applicable(f"instance is {instance.state or 'not running'}")
    require_scanned(inv, "ssm")
    node = inv.get(SsmManagedInstance, instance.id)
    if node is None or node.region != instance.region:
        return failed(f"instance {instance.label} is not registered with Systems Manager")
    return passed(f"managed by Systems Manager (agent {node.ping_status or 'status unknown'})")


@rule(
    id="ssm_managed_instance_patch_compliant", title="Managed instances comply with their patch baseline",
    description="An instance missing patches from its baseline runs software with known, published vulnerabilities.",
    resource_type=SsmManagedInstance, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1211"), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    needs=("patch_status",),
    remediation=Remediation(
        text="Install the missing patches with Patch Manager (AWS-RunPatchBaseline, Operation=Install), ideally "
             "from a patch policy in Quick Setup.",
        cli="aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=INSTANCE_ID "
            "--parameters Operation=Install",
        terraform='resource "aws_ssm_association" "patch" {\n  name = "AWS-RunPatchBaseline"\n'
                  '  schedule_expression = "rate(1 day)"\n  parameters = { Operation = "Install" }\n'
                  '  targets {\n    key    = "InstanceIds"\n    values = ["*"]\n  }\n}',
    ),
    references=("FSBP SSM.2",),
    skips="nodes with no patch compliance data (never scanned: NOT_APPLICABLE, as AWS Config reports them)",
)
def patch_compliant(node: SsmManagedInstance, inv: Inventory) -> Verdict:
    if node.patch_status is None:
        return not_applicable("no patch compliance data reported for this node")
    if node.patch_status == "COMPLIANT":
        return passed("patch compliance COMPLIANT")
    return failed(f"node {node.id} patch compliance is {node.patch_status}")


@rule(
    id="ssm_managed_instance_association_compliant",
    description=("A non-compliant association means the configuration State Manager should enforce (agents, hardening)"
                 " is not in place."),
    title="Managed instances comply with their State Manager associations",
    resource_type=SsmManagedInstance, layer=Layer.HOSTS, domain=Domain.ASSURANCE, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=("T1578.005",), phase=Phase.FOUNDATIONAL, smm="SA2.1",
    needs=("association_status",),
    remediation=Remediation(
        text="Find the failing association (aws ssm list-compliance-items) and fix the document or its targets.",
        cli="aws ssm list-compliance-items --resource-ids INSTANCE_ID --resource-types ManagedInstance "
            "--filters Key=ComplianceType,Values=Association",
        terraform='resource "aws_ssm_association" "baseline" {\n  name = "AWS-GatherSoftwareInventory"\n'
                  '  targets {\n    key    = "InstanceIds"\n    values = ["*"]\n  }\n}',
    ),
    references=("FSBP SSM.3",),
    skips="nodes with no association (NOT_APPLICABLE)",
)
def association_compliant(node: SsmManagedInstance, inv: Inventory) -> Verdict:
    if node.association_status is None:
        return not_applicable("no association compliance data reported for this node")
    if node.association_status == "COMPLIANT":
        return passed("association compliance COMPLIANT")
    return failed(f"node {node.id} association compliance is {node.association_status}")


@rule(
    id="ssm_managed_instance_agent_online", title="Managed instances' SSM agent is online",
    resource_type=SsmManagedInstance, layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=("T1562.001",), phase=Phase.FOUNDATIONAL, smm="IP2.2",
    needs=("ping_status",),
    remediation=Remediation(
        text="Restart or reinstall the SSM agent and check the instance profile and network path to the SSM "
             "endpoints; a lost agent means no patching and no inventory.",
        cli="aws ssm describe-instance-information --filters Key=PingStatus,Values=ConnectionLost",
        terraform='resource "aws_vpc_endpoint" "ssm" {\n  service_name      = "com.amazonaws.REGION.ssm"\n'
                  '  vpc_endpoint_type = "Interface"\n}',
    ),
    skips="whether the agent version is the latest",
)
def agent_online(node: SsmManagedInstance, inv: Inventory) -> Verdict:
    """A node whose agent stopped reporting silently drops out of patching and inventory (or was tampered with)."""
    if node.ping_status == "Online":
        return passed("agent Online")
    return failed(f"node {node.id} agent ping status is {node.ping_status or 'empty'}")


@rule(
    id="ssm_document_public", title="Systems Manager documents owned by the account are not public",
    resource_type=SsmDocument, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.CRITICAL,
    stage=Stage.RECON, attack=("T1526", "T1552.001"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("public",),
    remediation=Remediation(
        text="Stop sharing the document with 'All'; share with named accounts, and keep block public sharing on.",
        cli="aws ssm modify-document-permission --name DOCUMENT --permission-type Share --account-ids-to-remove All"
            " && aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission "
            "--setting-value Disable",
        terraform='resource "aws_ssm_document" "this" {\n  permissions = {\n    type        = "Share"\n'
                  '    account_ids = "111122223333"\n  }\n}',
    ),
    references=("FSBP SSM.4",),
    skips="documents owned by Amazon or shared with the account by others",
)
def document_public(document: SsmDocument, inv: Inventory) -> Verdict:
    """Public documents reveal scripts, hostnames and sometimes credentials to anyone."""
    if document.public:
        return failed(f"document {document.label} is shared with All (public)")
    shared = len(document.shared_with_accounts)
    return passed(f"not public (shared with {shared} account{'s' if shared != 1 else ''})")
