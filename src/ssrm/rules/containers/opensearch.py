"""OpenSearch Service domain rules; each implements both the OpenSearch.n and the legacy ES.n control."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.containers.opensearch import OpenSearchDomain
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.policy import public_statements

UPDATE = "aws opensearch update-domain-config --domain-name DOMAIN"
TF = 'resource "aws_opensearch_domain" "this" {{\n  {}\n}}'
# TLS 1.2 minimum with perfect-forward-secrecy ciphers; the older policies allow TLS 1.0 or weak ciphers.
LATEST_TLS = frozenset({"Policy-Min-TLS-1-2-PFS-2023-10", "Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08"})
AUDIT, ERRORS = "AUDIT_LOGS", "ES_APPLICATION_LOGS"


@rule(
    id="opensearch_domain_encrypted_at_rest", title="OpenSearch domains encrypt data at rest",
    description=("Search indexes hold copies of application data; encryption at rest protects them on disk and in "
                 "snapshots."),
    resource_type=OpenSearchDomain, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Turn on encryption at rest (engine version 6.7 or later can do it in place).",
        cli=UPDATE + " --encryption-at-rest-options Enabled=true",
        terraform=TF.format("encrypt_at_rest {\n    enabled = true\n  }"),
    ),
    references=("FSBP OpenSearch.1", "FSBP ES.1"),
)
def domain_encrypted_at_rest(domain: OpenSearchDomain, inv: Inventory) -> Verdict:
    if domain.encryption_at_rest:
        return passed("encrypted at rest")
    return failed(f"domain {domain.label} is not encrypted at rest")


@rule(
    id="opensearch_domain_in_vpc", title="OpenSearch domains are not publicly accessible (VPC access only)",
    description=("A domain with a public endpoint is reachable from the internet; its access policy is then the only "
                 "thing between attackers and the data."),
    resource_type=OpenSearchDomain, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1530"), phase=Phase.QUICK_WINS, smm="DP1.1",
    remediation=Remediation(
        text="Network access is chosen at creation: create the domain in VPC subnets and migrate the indices "
             "(snapshot and restore).",
        cli="aws opensearch create-domain --domain-name NEW --vpc-options SubnetIds=SUBNET,SecurityGroupIds=SG",
        terraform=TF.format("vpc_options {\n    subnet_ids         = [aws_subnet.private.id]\n"
                            "    security_group_ids = [aws_security_group.search.id]\n  }"),
    ),
    references=("FSBP OpenSearch.2", "FSBP ES.2"),
    skips="what the access policy allows (judged by opensearch_domain_policy_public)",
)
def domain_in_vpc(domain: OpenSearchDomain, inv: Inventory) -> Verdict:
    if domain.in_vpc:
        return passed(f"VPC access only ({domain.vpc_id or ', '.join(domain.subnet_ids)})")
    return failed(f"domain {domain.label} has a public endpoint {domain.endpoint or ''}".rstrip())


@rule(
    id="opensearch_domain_policy_public", title="OpenSearch domain access policies are not open to anyone",
    resource_type=OpenSearchDomain, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1530"), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("access_policy",),
    remediation=Remediation(
        text="Name the IAM principals (or pin a source IP / VPC) in the access policy instead of \"*\".",
        cli=UPDATE + " --access-policies file://policy.json",
        terraform='resource "aws_opensearch_domain_policy" "this" {\n  domain_name     = '
                  'aws_opensearch_domain.this.domain_name\n  access_policies = data.aws_iam_policy_document.'
                  'search.json\n}',
    ),
    references=(),
    skips="fine-grained access control inside the domain (its own rule)",
)
def domain_policy_public(domain: OpenSearchDomain, inv: Inventory) -> Verdict:
    """An open policy on a public domain lets anyone on the internet query or delete indices."""
    public = public_statements(domain.access_policy)
    if public:
        sid = public[0].get("Sid") or "an unnamed statement"
        return failed(f"domain {domain.label} access policy allows anyone ({sid})")
    return passed("access policy names its principals" if domain.access_policy else "no access policy")


@rule(
    id="opensearch_domain_node_to_node_encryption", title="OpenSearch domains encrypt traffic between nodes",
    description="Traffic between nodes carries the indexed data; without encryption it can be read inside the network.",
    resource_type=OpenSearchDomain, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Turn on node-to-node encryption (engine version 6.7 or later can do it in place).",
        cli=UPDATE + " --node-to-node-encryption-options Enabled=true",
        terraform=TF.format("node_to_node_encryption {\n    enabled = true\n  }"),
    ),
    references=("FSBP OpenSearch.3", "FSBP ES.3"),
)
def domain_node_to_node(domain: OpenSearchDomain, inv: Inventory) -> Verdict:
    if domain.node_to_node_encryption:
        return passed("node-to-node encryption on")
    return failed(f"domain {domain.label} sends data between nodes unencrypted")


@rule(
    id="opensearch_domain_https_tls", title="OpenSearch domains require HTTPS with the latest TLS policy",
    description=("Requiring HTTPS with a current TLS policy keeps queries, results and credentials from being read or "
                 "altered in transit."),
    resource_type=OpenSearchDomain, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Enforce HTTPS and use the TLS 1.2 policy with forward secrecy.",
        cli=UPDATE + " --domain-endpoint-options EnforceHTTPS=true,"
                     "TLSSecurityPolicy=Policy-Min-TLS-1-2-PFS-2023-10",
        terraform=TF.format('domain_endpoint_options {\n    enforce_https       = true\n'
                            '    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"\n  }'),
    ),
    references=("FSBP OpenSearch.8", "FSBP ES.8"),
)
def domain_https_tls(domain: OpenSearchDomain, inv: Inventory) -> Verdict:
    if not domain.enforce_https:
        return failed(f"domain {domain.label} accepts plain HTTP")
    if domain.tls_policy not in LATEST_TLS:
        return failed(f"domain {domain.label} uses TLS policy {domain.tls_policy or 'unset'}")
    return passed(f"HTTPS only, {domain.tls_policy}")


@rule(
    id="opensearch_domain_fine_grained_access", title="OpenSearch domains use fine-grained access control",
    resource_type=OpenSearchDomain, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1078.004", "T1530"), phase=Phase.EFFICIENT, smm="IA3.1",
    remediation=Remediation(
        text="Turn on fine-grained access control with an IAM master user; map roles to index permissions.",
        cli=UPDATE + " --advanced-security-options 'Enabled=true,MasterUserOptions={MasterUserARN=ROLE_ARN}'",
        terraform=TF.format("advanced_security_options {\n    enabled = true\n"
                            "    master_user_options {\n      master_user_arn = aws_iam_role.search_admin.arn\n"
                            "    }\n  }"),
    ),
    references=("FSBP OpenSearch.7",),
)
def domain_fine_grained(domain: OpenSearchDomain, inv: Inventory) -> Verdict:
    """Without it, any principal the access policy lets in can read and change every index."""
    if domain.fine_grained_access_control:
        return passed("fine-grained access control on")
    return failed(f"domain {domain.label} has no fine-grained access control")


def _log_rule_verdict(domain: OpenSearchDomain, log_type: str, what: str) -> Verdict:
    if domain.log_publishing.get(log_type):
        return passed(f"{what} published to CloudWatch Logs")
    return failed(f"domain {domain.label} does not publish {what} ({log_type})")


@rule(
    id="opensearch_domain_audit_logging", title="OpenSearch domains publish audit logs",
    description=("Audit logs record who read or changed which index; without them access to the data cannot be "
                 "reviewed."),
    resource_type=OpenSearchDomain, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Publish AUDIT_LOGS to a CloudWatch log group (needs fine-grained access control).",
        cli=UPDATE + " --log-publishing-options 'AUDIT_LOGS={CloudWatchLogsLogGroupArn=LOG_GROUP_ARN,Enabled=true}'",
        terraform=TF.format('log_publishing_options {\n    log_type                 = "AUDIT_LOGS"\n'
                            '    cloudwatch_log_group_arn = aws_cloudwatch_log_group.audit.arn\n  }'),
    ),
    references=("FSBP OpenSearch.5", "FSBP ES.5"),
)
def domain_audit_logging(domain: OpenSearchDomain, inv: Inventory) -> Verdict:
    return _log_rule_verdict(domain, AUDIT, "audit logs")


@rule(
    id="opensearch_domain_error_logging", title="OpenSearch domains publish error logs to CloudWatch",
    description="Error logs show failures and misuse of the domain that would otherwise go unnoticed.",
    resource_type=OpenSearchDomain, layer=Layer.CLOUD, domain=Domain.ASSURANCE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.FOUNDATIONAL, smm="SA2.1",
    remediation=Remediation(
        text="Publish ES_APPLICATION_LOGS (error logs) to a CloudWatch log group.",
        cli=UPDATE + " --log-publishing-options "
                     "'ES_APPLICATION_LOGS={CloudWatchLogsLogGroupArn=LOG_GROUP_ARN,Enabled=true}'",
        terraform=TF.format('log_publishing_options {\n    log_type                 = "ES_APPLICATION_LOGS"\n'
                            '    cloudwatch_log_group_arn = aws_cloudwatch_log_group.errors.arn\n  }'),
    ),
    references=("FSBP OpenSearch.4", "FSBP ES.4"),
)
def domain_error_logging(domain: OpenSearchDomain, inv: Inventory) -> Verdict:
    return _log_rule_verdict(domain, ERRORS, "error logs")


@rule(
    id="opensearch_domain_data_nodes", title="OpenSearch domains have at least three data nodes across zones",
    description=("At least three data nodes across zones keep the domain serving and its shards replicated when a node"
                 " or zone fails."),
    resource_type=OpenSearchDomain, layer=Layer.CLOUD, domain=Domain.RESILIENCY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1489", "T1485"), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    remediation=Remediation(
        text="Run at least three data nodes with zone awareness on.",
        cli=UPDATE + " --cluster-config InstanceCount=3,ZoneAwarenessEnabled=true,"
                     "ZoneAwarenessConfig={AvailabilityZoneCount=3}",
        terraform=TF.format("cluster_config {\n    instance_count         = 3\n"
                            "    zone_awareness_enabled = true\n  }"),
    ),
    references=("FSBP OpenSearch.6", "FSBP ES.6"),
)
def domain_data_nodes(domain: OpenSearchDomain, inv: Inventory) -> Verdict:
    if domain.instance_count < 3:
        return failed(f"domain {domain.label} has {domain.instance_count} data node(s), fewer than 3")
    if not domain.zone_awareness:
        return failed(f"domain {domain.label} has {domain.instance_count} data nodes in one zone")
    return passed(f"{domain.instance_count} data nodes across zones")


@rule(
    id="opensearch_domain_dedicated_masters", title="OpenSearch domains run three dedicated master nodes",
    description="Dedicated master nodes keep cluster management stable under load and through the loss of one node.",
    resource_type=OpenSearchDomain, layer=Layer.CLOUD, domain=Domain.RESILIENCY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1489",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    remediation=Remediation(
        text="Turn on dedicated master nodes, three of them.",
        cli=UPDATE + " --cluster-config DedicatedMasterEnabled=true,DedicatedMasterCount=3,"
                     "DedicatedMasterType=m6g.large.search",
        terraform=TF.format("cluster_config {\n    dedicated_master_enabled = true\n"
                            "    dedicated_master_count   = 3\n  }"),
    ),
    references=("FSBP ES.7",),
)
def domain_dedicated_masters(domain: OpenSearchDomain, inv: Inventory) -> Verdict:
    if domain.dedicated_master_enabled and domain.dedicated_master_count >= 3:
        return passed(f"{domain.dedicated_master_count} dedicated master nodes")
    count = domain.dedicated_master_count if domain.dedicated_master_enabled else 0
    return failed(f"domain {domain.label} has {count} dedicated master node(s), fewer than 3")


@rule(
    id="opensearch_domain_software_update", title="OpenSearch domains have the latest service software",
    description="Service software updates carry security fixes; a domain behind on them keeps known flaws.",
    resource_type=OpenSearchDomain, layer=Layer.CLOUD, domain=Domain.VULNERABILITY, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    remediation=Remediation(
        text="Start the pending service software update (or let the off-peak window apply it).",
        cli="aws opensearch start-service-software-update --domain-name DOMAIN",
        terraform=TF.format("auto_tune_options {\n    desired_state = \"ENABLED\"\n  }\n"
                            "  # service software updates are applied with the CLI or in the off-peak window"),
    ),
    references=("FSBP OpenSearch.10",),
    skips="Elasticsearch-engine domains (the control is for OpenSearch engines)",
)
def domain_software_update(domain: OpenSearchDomain, inv: Inventory) -> Verdict:
    if domain.is_elasticsearch:
        return not_applicable(f"engine {domain.engine_version}")
    if domain.update_available:
        return failed(f"domain {domain.label} has a service software update pending "
                      f"(running {domain.software_version or 'an older release'})")
    return passed(f"service software {domain.software_version or 'current'}")
