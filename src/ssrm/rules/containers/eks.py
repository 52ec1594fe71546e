"""EKS cluster rules: API endpoint exposure, secrets encryption, control plane audit logs, supported version."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.containers.eks import EksCluster
from ssrm.rules.base import Verdict, failed, passed, rule

WORLD = frozenset({"0.0.0.0/0", "::/0"})

# End of extended support per Kubernetes minor version (AWS's published EKS calendar): after it, AWS
# upgrades the control plane itself and the version is unsupported. Versions not listed are newer.
END_OF_SUPPORT: dict[str, date] = {
    "1.23": date(2024, 10, 11), "1.24": date(2025, 1, 31), "1.25": date(2025, 5, 1),
    "1.26": date(2025, 6, 11), "1.27": date(2025, 7, 24), "1.28": date(2025, 11, 26),
    "1.29": date(2026, 3, 23), "1.30": date(2026, 7, 23), "1.31": date(2026, 11, 26),
    "1.32": date(2027, 3, 23), "1.33": date(2027, 7, 29),
}
OLDEST_LISTED = (1, 23)


def scan_day(inv: Inventory) -> date:
    """The scan's own date, so re-judging a saved snapshot gives the same answer."""
    moment = inv.finished_at or inv.started_at or datetime.now(UTC)
    return moment.date()


@rule(
    id="eks_cluster_public_endpoint", title="EKS cluster API endpoints are not publicly accessible",
    description=("A public API endpoint exposes the cluster's control plane to the whole internet; a leaked kubeconfig"
                 " or a flaw is then enough."),
    resource_type=EksCluster, layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1133", "T1190"), phase=Phase.FOUNDATIONAL, smm="IP2.1",
    needs=("endpoint_public_access",),
    remediation=Remediation(
        text="Turn on private endpoint access and turn off public access; reach the API over VPN or a bastion.",
        cli="aws eks update-cluster-config --name CLUSTER --resources-vpc-config "
            "endpointPublicAccess=false,endpointPrivateAccess=true",
        terraform='resource "aws_eks_cluster" "this" {\n  vpc_config {\n    endpoint_public_access  = false\n'
                  '    endpoint_private_access = true\n  }\n}',
    ),
    references=("FSBP EKS.1",),
    skips="Kubernetes RBAC and authentication on the endpoint (not readable through AWS APIs)",
)
def cluster_public_endpoint(cluster: EksCluster, inv: Inventory) -> Verdict:
    if cluster.endpoint_public_access:
        cidrs = ", ".join(cluster.public_access_cidrs) or "0.0.0.0/0"
        return failed(f"cluster {cluster.label} API endpoint is public (allowed from {cidrs})")
    return passed("API endpoint is private")


@rule(
    id="eks_cluster_endpoint_open_to_world", title="Public EKS API endpoints are limited to known CIDRs",
    resource_type=EksCluster, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1133", "T1078.001"), phase=Phase.QUICK_WINS, smm="IP1.1",
    needs=("endpoint_public_access", "public_access_cidrs"),
    remediation=Remediation(
        text="Restrict the public endpoint to your office or VPN CIDRs (or make it private).",
        cli="aws eks update-cluster-config --name CLUSTER --resources-vpc-config publicAccessCidrs=203.0.113.0/24",
        terraform='resource "aws_eks_cluster" "this" {\n  vpc_config {\n'
                  '    public_access_cidrs = ["203.0.113.0/24"]\n  }\n}',
    ),
    references=(),
)
def cluster_endpoint_open_to_world(cluster: EksCluster, inv: Inventory) -> Verdict:
    """An empty allow-list means 0.0.0.0/0: the whole internet can try credentials on the API server."""
    if not cluster.endpoint_public_access:
        return passed("API endpoint is private")
    open_to = WORLD & set(cluster.public_access_cidrs or ("0.0.0.0/0",))
    if open_to:
        return failed(f"cluster {cluster.label} API endpoint accepts {', '.join(sorted(open_to))}")
    return passed("public endpoint limited to " + ", ".join(cluster.public_access_cidrs))


@rule(
    id="eks_cluster_secrets_encrypted", title="EKS clusters envelope-encrypt Kubernetes secrets with KMS",
    description=("Envelope encryption with a KMS key protects Kubernetes secrets in etcd, and lets you control and "
                 "audit their decryption."),
    resource_type=EksCluster, layer=Layer.HOSTS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.DISCOVER_SPREAD, attack=("T1552.007", "T1528"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("secrets_key_arn",),
    remediation=Remediation(
        text="Associate a KMS key with the cluster to encrypt Kubernetes secrets (cannot be undone).",
        cli="aws eks associate-encryption-config --cluster-name CLUSTER --encryption-config "
            "'[{\"resources\":[\"secrets\"],\"provider\":{\"keyArn\":\"KEY_ARN\"}}]'",
        terraform='resource "aws_eks_cluster" "this" {\n  encryption_config {\n    resources = ["secrets"]\n'
                  '    provider {\n      key_arn = aws_kms_key.eks.arn\n    }\n  }\n}',
    ),
    references=("FSBP EKS.3",),
    skips="EKS's default etcd volume encryption (always on; this control asks for a customer KMS key)",
)
def cluster_secrets_encrypted(cluster: EksCluster, inv: Inventory) -> Verdict:
    if cluster.secrets_key_arn:
        return passed(f"secrets encrypted with {cluster.secrets_key_arn}")
    return failed(f"cluster {cluster.label} does not envelope-encrypt secrets with a KMS key")


@rule(
    id="eks_cluster_audit_logging", title="EKS clusters send control plane audit logs to CloudWatch",
    resource_type=EksCluster, layer=Layer.HOSTS, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008", "T1098.006"), phase=Phase.QUICK_WINS, smm="TD1.2",
    needs=("enabled_log_types",),
    remediation=Remediation(
        text="Enable the audit (and api, authenticator) control plane log types.",
        cli="aws eks update-cluster-config --name CLUSTER --logging "
            "'{\"clusterLogging\":[{\"types\":[\"api\",\"audit\",\"authenticator\"],\"enabled\":true}]}'",
        terraform='resource "aws_eks_cluster" "this" {\n  enabled_cluster_log_types = ["api", "audit", '
                  '"authenticator"]\n}',
    ),
    references=("FSBP EKS.8",),
)
def cluster_audit_logging(cluster: EksCluster, inv: Inventory) -> Verdict:
    """Without the audit log nobody can tell who created a pod, read a secret or bound a cluster role."""
    if "audit" in cluster.enabled_log_types:
        return passed("control plane logs: " + ", ".join(cluster.enabled_log_types))
    enabled = ", ".join(cluster.enabled_log_types) or "none"
    return failed(f"cluster {cluster.label} does not log audit events (enabled: {enabled})")


@rule(
    id="eks_cluster_supported_version", title="EKS clusters run a supported Kubernetes version",
    description=("Kubernetes versions out of support get no security fixes, and clusters on them cannot take the "
                 "platform's patches."),
    resource_type=EksCluster, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1611"), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    needs=("version",),
    remediation=Remediation(
        text="Upgrade the control plane one minor version at a time, then the node groups and add-ons.",
        cli="aws eks update-cluster-version --name CLUSTER --kubernetes-version 1.33",
        terraform='resource "aws_eks_cluster" "this" {\n  version = "1.33"\n}',
    ),
    references=("FSBP EKS.2",),
    skips="node group and add-on versions",
)
def cluster_supported_version(cluster: EksCluster, inv: Inventory) -> Verdict:
    version = cluster.version
    end = END_OF_SUPPORT.get(version)
    if end is None:
        major, _, minor = version.partition(".")
        if major.isdigit() and minor.isdigit() and (int(major), int(minor)) < OLDEST_LISTED:
            return failed(f"cluster {cluster.label} runs Kubernetes {version}, long out of support")
        return passed(f"Kubernetes {version}")
    if scan_day(inv) > end:
        return failed(f"cluster {cluster.label} runs Kubernetes {version}, out of support since {end.isoformat()}")
    return passed(f"Kubernetes {version}, supported until {end.isoformat()}")
