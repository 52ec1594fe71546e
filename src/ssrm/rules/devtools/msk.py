"""MSK rules: traffic encrypted between brokers and to clients, brokers private and authenticating, monitored.

Serverless clusters are always private, TLS-only and IAM-authenticated: those rules pass them by construction.
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.devtools.msk import MskCluster
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule


@rule(
    id="msk_cluster_in_cluster_encryption", title="MSK clusters encrypt traffic between broker nodes",
    description=("Replication traffic between brokers carries every message; without encryption it can be read inside "
                 "the VPC."),
    resource_type=MskCluster, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="In-cluster encryption is fixed at creation: create a cluster with InCluster=true and migrate "
             "(e.g. with MirrorMaker 2).",
        cli="aws kafka create-cluster-v2 --cluster-name NAME --provisioned file://provisioned.json  "
            "# EncryptionInfo.EncryptionInTransit.InCluster=true",
        terraform='resource "aws_msk_cluster" "this" {\n  encryption_info {\n    encryption_in_transit {\n'
                  '      in_cluster = true\n    }\n  }\n}',
    ),
    references=("FSBP MSK.1",),
)
def in_cluster_encryption(cluster: MskCluster, inv: Inventory) -> Verdict:
    if cluster.in_cluster_tls:
        return passed("broker-to-broker traffic is TLS")
    return failed(f"cluster {cluster.label} has EncryptionInTransit.InCluster false")


@rule(
    id="msk_cluster_client_tls", title="MSK clusters accept only TLS connections from clients",
    description="Clients allowed to connect in plaintext send messages and credentials unencrypted across the network.",
    resource_type=MskCluster, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Move clients to the TLS listeners, then set client-broker encryption to TLS only.",
        cli="aws kafka update-security --cluster-arn ARN --current-version VERSION "
            "--encryption-info 'EncryptionInTransit={ClientBroker=TLS}'",
        terraform='resource "aws_msk_cluster" "this" {\n  encryption_info {\n    encryption_in_transit {\n'
                  '      client_broker = "TLS"\n    }\n  }\n}',
    ),
)
def client_tls(cluster: MskCluster, inv: Inventory) -> Verdict:
    if cluster.client_broker == "TLS":
        return passed("clients connect over TLS only")
    return failed(f"cluster {cluster.label} accepts plaintext clients (ClientBroker {cluster.client_broker})")


@rule(
    id="msk_cluster_public_access", title="MSK cluster brokers are not reachable from the internet",
    description=("Brokers reachable from the internet expose every topic to attacks on authentication and the Kafka "
                 "protocol."),
    resource_type=MskCluster, layer=Layer.APPS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="IP2.1",
    remediation=Remediation(
        text="Turn public access off and reach the brokers through the VPC (peering, PrivateLink, VPN).",
        cli="aws kafka update-connectivity --cluster-arn ARN --current-version VERSION "
            "--connectivity-info 'PublicAccess={Type=DISABLED}'",
        terraform='resource "aws_msk_cluster" "this" {\n  broker_node_group_info {\n    connectivity_info {\n'
                  '      public_access {\n        type = "DISABLED"\n      }\n    }\n  }\n}',
    ),
    skips="security groups in front of public brokers (the attack-path engine weighs them)",
)
def public_access(cluster: MskCluster, inv: Inventory) -> Verdict:
    if cluster.public_access != "DISABLED":
        return failed(f"cluster {cluster.label} has public access {cluster.public_access}")
    return passed("public access disabled")


@rule(
    id="msk_cluster_unauthenticated_access", title="MSK clusters require clients to authenticate",
    resource_type=MskCluster, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1530"), phase=Phase.QUICK_WINS, smm="IA1.4",
    remediation=Remediation(
        text="Enable IAM, SASL/SCRAM or mutual TLS client authentication and turn unauthenticated access off.",
        cli="aws kafka update-security --cluster-arn ARN --current-version VERSION --client-authentication "
            "'Sasl={Iam={Enabled=true}},Unauthenticated={Enabled=false}'",
        terraform='resource "aws_msk_cluster" "this" {\n  client_authentication {\n'
                  '    unauthenticated = false\n    sasl {\n      iam = true\n    }\n  }\n}',
    ),
    skips="Kafka ACLs on topics (not readable through the AWS API)",
)
def unauthenticated_access(cluster: MskCluster, inv: Inventory) -> Verdict:
    """Anyone who reaches a broker can then read and write every topic."""
    if cluster.unauthenticated_access:
        return failed(f"cluster {cluster.label} allows unauthenticated clients")
    return passed("clients must authenticate")


@rule(
    id="msk_cluster_enhanced_monitoring", title="MSK clusters have enhanced monitoring configured",
    description=("Enhanced monitoring exposes per-broker and per-topic metrics needed to notice abuse and failure "
                 "early."),
    resource_type=MskCluster, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1499", "T1496"), phase=Phase.QUICK_WINS, smm="RS1.1",
    remediation=Remediation(
        text="Raise the monitoring level to PER_BROKER or finer to see broker and disk pressure before an outage.",
        cli="aws kafka update-monitoring --cluster-arn ARN --current-version VERSION "
            "--enhanced-monitoring PER_BROKER",
        terraform='resource "aws_msk_cluster" "this" {\n  enhanced_monitoring = "PER_BROKER"\n}',
    ),
    references=("FSBP MSK.2",),
    skips="serverless clusters (monitoring level is not configurable)",
)
def enhanced_monitoring(cluster: MskCluster, inv: Inventory) -> Verdict:
    if cluster.cluster_type == "SERVERLESS":
        return not_applicable("serverless clusters have no monitoring level")
    if cluster.enhanced_monitoring == "DEFAULT":
        return failed(f"cluster {cluster.label} has enhanced monitoring DEFAULT")
    return passed(f"enhanced monitoring {cluster.enhanced_monitoring}")
