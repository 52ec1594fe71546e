"""DynamoDB Accelerator clusters (FSBP DynamoDB.3, DynamoDB.7): a cache holds the table's data in memory and
on its nodes, so it needs the protections the table has."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.dax import DaxCluster
from ssrm.rules.base import Verdict, failed, passed, rule


@rule(
    id="dynamodb_dax_encrypted_at_rest",
    title="DAX clusters encrypt data at rest",
    resource_type=DaxCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Create a new cluster with server-side encryption on (it cannot be turned on later) and move clients.",
        cli="aws dax create-cluster --cluster-name <NAME> --node-type dax.r5.large --replication-factor 3 "
            "--iam-role-arn <ROLE> --sse-specification Enabled=true",
        terraform='resource "aws_dax_cluster" "this" {\n  server_side_encryption {\n    enabled = true\n  }\n}',
    ),
    references=("FSBP DynamoDB.3",),
)
def dax_encrypted(cluster: DaxCluster, inv: Inventory) -> Verdict:
    """Cached items sit on the nodes' disks unencrypted otherwise."""
    if cluster.encrypted_at_rest:
        return passed("server-side encryption is on")
    return failed("server-side encryption is off")


@rule(
    id="dynamodb_dax_tls_endpoint",
    title="DAX clusters encrypt traffic to their endpoint with TLS",
    resource_type=DaxCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Create a new cluster with TLS endpoint encryption (it is fixed at creation) and switch clients to "
             "the daxs:// endpoint.",
        cli="aws dax create-cluster --cluster-name <NAME> --node-type dax.r5.large --replication-factor 3 "
            "--iam-role-arn <ROLE> --cluster-endpoint-encryption-type TLS",
        terraform='resource "aws_dax_cluster" "this" {\n  cluster_endpoint_encryption_type = "TLS"\n}',
    ),
    references=("FSBP DynamoDB.7",),
)
def dax_tls(cluster: DaxCluster, inv: Inventory) -> Verdict:
    """Unencrypted cache traffic carries table items in clear text inside the VPC."""
    if cluster.endpoint_encryption.upper() == "TLS":
        return passed("endpoint encryption TLS")
    return failed(f"endpoint encryption is {cluster.endpoint_encryption}")
