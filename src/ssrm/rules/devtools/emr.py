"""EMR (FSBP EMR.1, EMR.2): analytics clusters run Spark, Hive and notebooks that execute whatever reaches them."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.devtools.emr import EmrBlockPublicAccess, EmrCluster
from ssrm.rules.base import Verdict, failed, passed, rule


@rule(
    id="emr_cluster_primary_no_public_ip",
    title="EMR cluster primary nodes have no public IP address",
    resource_type=EmrCluster, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="IP1.1",
    needs=("master_public_dns",), runtime_only=True,
    remediation=Remediation(
        text="Launch clusters in private subnets (reach them through SSM or a bastion); a running cluster must be "
             "recreated.",
        cli="aws emr create-cluster ... --ec2-attributes SubnetId=<PRIVATE_SUBNET>",
        terraform='resource "aws_emr_cluster" "this" {\n  ec2_attributes {\n'
                  '    subnet_id = aws_subnet.private.id\n  }\n}',
    ),
    references=("FSBP EMR.1",),
    skips="Terminated clusters.",
)
def primary_no_public_ip(cluster: EmrCluster, inv: Inventory) -> Verdict:
    """A public primary node exposes YARN, Spark and Jupyter endpoints that run code on request."""
    if cluster.master_public_dns:
        return failed(f"primary node is public at {cluster.master_public_dns}")
    return passed("primary node has no public address")


@rule(
    id="emr_block_public_access_enabled",
    title="EMR block public access is on, allowing at most SSH",
    resource_type=EmrBlockPublicAccess, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE,
    severity=Severity.CRITICAL, stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS,
    smm="IP1.1", needs=("enabled", "permitted_ports"), runtime_only=True,
    remediation=Remediation(
        text="Turn on EMR block public access in the region and permit no port beyond 22.",
        cli="aws emr put-block-public-access-configuration --block-public-access-configuration "
            "BlockPublicSecurityGroupRules=true,PermittedPublicSecurityGroupRuleRanges=[{MinRange=22,MaxRange=22}]",
        terraform='resource "aws_emr_block_public_access_configuration" "this" {\n'
                  '  block_public_security_group_rules = true\n}',
    ),
    references=("FSBP EMR.2",),
)
def block_public_access(config: EmrBlockPublicAccess, inv: Inventory) -> Verdict:
    """Without it, one security group rule opens a cluster's web consoles to the world."""
    if not config.enabled:
        return failed(f"EMR block public access is off in {config.region}")
    extra = [p for p in config.permitted_ports if p != "22"]
    if extra:
        return failed(f"EMR block public access permits ports {', '.join(extra)} from anywhere")
    return passed("EMR block public access is on" + (" (SSH permitted)" if config.permitted_ports else ""))
