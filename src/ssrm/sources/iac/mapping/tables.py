"""The declarative tables (see ``table.py``): EKS, ECR, DynamoDB, Aurora/RDS clusters, IAM groups,
VPC endpoints, OpenSearch/Elasticsearch, Secrets Manager, CloudWatch log groups.

Each default names the AWS documentation it comes from (the API reference's default for the parameter
unless said otherwise).
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.apps.ecr import EcrRepository
from ssrm.model.resources.apps.logs import LogGroup
from ssrm.model.resources.compute.network import VpcEndpoint
from ssrm.model.resources.containers.eks import EksCluster
from ssrm.model.resources.containers.opensearch import OpenSearchDomain
from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.model.resources.data.rds import RdsDbCluster
from ssrm.model.resources.data.secretsmanager import Secret
from ssrm.model.resources.identity.iam import IamGroup, InlinePolicy
from ssrm.sources.iac.mapping import tables_core, tables_ec2, tables_iam, tables_s3
from ssrm.sources.iac.mapping.build import Links, as_list, policy_document, sub
from ssrm.sources.iac.mapping.table import Field, Table, flag
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown

TF, CFN = "terraform", "cloudformation"


def _tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _bool(value: Any) -> Any:
    return flag(value)


def _json(value: Any) -> Any:
    return policy_document(value)


def _vpc_of_subnets(subnets: Any, links: Links, fmt: str) -> Any:
    if find_unknown(subnets) is not None:
        return find_unknown(subnets)
    kind, attr = ("aws_subnet", "vpc_id") if fmt == TF else ("AWS::EC2::Subnet", "VpcId")
    for ref in as_list(subnets):
        subnet = links.find(kind, ref)
        if subnet is not None and isinstance(subnet.attrs.get(attr), str):
            return subnet.attrs[attr]
    return Unknown("the VPC of subnets not declared in the code is not known") if subnets else None


def _companion_policy(raw: RawResource, links: Links, kind: str, attr: str, policy_attr: str, inline: Any) -> Any:
    policy = policy_document(inline)
    for companion in links.referencing(kind, attr, raw):
        policy = policy_document(companion.attrs.get(policy_attr))
    return links.unresolved(kind, attr) or policy


# --- EKS -------------------------------------------------------------------------------------------
def _eks_logs(value: Any) -> Any:
    if isinstance(value, dict):  # CloudFormation: {ClusterLogging: {EnabledTypes: [{Type: api}, ...]}}
        types = (value.get("ClusterLogging") or {}).get("EnabledTypes") or []
        return tuple(t.get("Type") for t in types if isinstance(t, dict))
    return _tuple(value)


def _eks_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    subnets = raw.attrs.get("vpc_config") if fmt == TF else raw.attrs.get("ResourcesVpcConfig")
    from ssrm.sources.iac.mapping.table import read_path

    ids = read_path({"v": subnets}, "v.subnet_ids" if fmt == TF else "v.SubnetIds")
    return {"vpc_id": _vpc_of_subnets(ids, links, fmt)}


EKS = Table(
    EksCluster, ("aws_eks_cluster",), ("AWS::EKS::Cluster",), name=("name", "Name"),
    fields=(
        Field("version", "version", "Version"),
        Field("endpoint_public_access", "vpc_config.endpoint_public_access",
              "ResourcesVpcConfig.EndpointPublicAccess", True, "EKS API VpcConfigRequest: public endpoint on", _bool),
        Field("endpoint_private_access", "vpc_config.endpoint_private_access",
              "ResourcesVpcConfig.EndpointPrivateAccess", False, "EKS API VpcConfigRequest", _bool),
        Field("public_access_cidrs", "vpc_config.public_access_cidrs", "ResourcesVpcConfig.PublicAccessCidrs",
              ("0.0.0.0/0",), "EKS API VpcConfigRequest: publicAccessCidrs defaults to 0.0.0.0/0", _tuple),
        Field("secrets_key_arn", "encryption_config.provider.key_arn", "EncryptionConfig.Provider.KeyArn", None,
              "EKS: envelope encryption of secrets is off unless a key is given"),
        Field("enabled_log_types", "enabled_cluster_log_types", "Logging", (), "EKS: control plane logs off",
              _eks_logs),
        Field("subnet_ids", "vpc_config.subnet_ids", "ResourcesVpcConfig.SubnetIds", convert=_tuple),
        Field("security_group_ids", "vpc_config.security_group_ids", "ResourcesVpcConfig.SecurityGroupIds", (),
              "EKS creates only its cluster security group", _tuple),
    ),
    live_only={"status": "cluster status", "platform_version": "assigned by EKS"},
    derived=("vpc_id",), derive=_eks_derive)


# --- ECR -------------------------------------------------------------------------------------------
def _ecr_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        policy = _companion_policy(raw, links, "aws_ecr_repository_policy", "repository", "policy", None)
        lifecycle = _companion_policy(raw, links, "aws_ecr_lifecycle_policy", "repository", "policy", None)
    else:
        policy = policy_document(raw.attrs.get("RepositoryPolicyText"))
        text = (raw.attrs.get("LifecyclePolicy") or {}).get("LifecyclePolicyText") \
            if isinstance(raw.attrs.get("LifecyclePolicy"), dict) else raw.attrs.get("LifecyclePolicy")
        lifecycle = policy_document(text)
    return {"policy": policy, "lifecycle_policy": lifecycle}


ECR = Table(
    EcrRepository, ("aws_ecr_repository",), ("AWS::ECR::Repository",), name=("name", "RepositoryName"),
    fields=(
        Field("scan_on_push", "image_scanning_configuration.scan_on_push",
              "ImageScanningConfiguration.ScanOnPush", False, "ECR API: scanOnPush false", _bool),
        Field("image_tag_mutability", "image_tag_mutability", "ImageTagMutability", "MUTABLE",
              "ECR API CreateRepository: imageTagMutability MUTABLE"),
        Field("encryption_type", "encryption_configuration.encryption_type",
              "EncryptionConfiguration.EncryptionType", "AES256", "ECR API EncryptionConfiguration: AES256"),
        Field("kms_key", "encryption_configuration.kms_key", "EncryptionConfiguration.KmsKey", None,
              "ECR: AWS-managed key when KMS is chosen without a key"),
    ),
    live_only={"uri": "assigned at creation", "registry_id": "the account id",
               "registry_scan_type": "a registry-wide setting outside the repository",
               "registry_scanning": "a registry-wide setting outside the repository"},
    derived=("policy", "lifecycle_policy"), derive=_ecr_derive)


# --- DynamoDB --------------------------------------------------------------------------------------
def _dynamodb_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    from ssrm.sources.iac.mapping.table import read_path

    path = "server_side_encryption.enabled" if fmt == TF else "SSESpecification.SSEEnabled"
    enabled = read_path(raw.attrs, path)
    stream = read_path(raw.attrs, "stream_enabled") if fmt == TF else raw.attrs.get("StreamSpecification")
    kind, attr, dimension = ("aws_appautoscaling_target", "resource_id", "scalable_dimension") if fmt == TF else \
        ("AWS::ApplicationAutoScaling::ScalableTarget", "ResourceId", "ScalableDimension")
    name = raw.attrs.get("name" if fmt == TF else "TableName")
    targets = [t for t in links.of_kind(kind) if isinstance(name, str) and t.attrs.get(attr) == f"table/{name}"]
    dimensions = [str(t.attrs.get(dimension)).rsplit(":", 1)[-1] for t in targets]
    if not targets and any(find_unknown(t.attrs.get(attr)) for t in links.of_kind(kind)):
        dimensions_value: Any = Unknown(f"a {kind} names its table only at apply")
    else:
        dimensions_value = dimensions
    return {"sse_type": enabled if isinstance(enabled, Unknown) else ("KMS" if flag(enabled) else "AWS_OWNED"),
            "stream_enabled": stream if isinstance(stream, Unknown) else bool(flag(stream)),
            "autoscaled_dimensions": dimensions_value}


DYNAMODB = Table(
    DynamoDBTable, ("aws_dynamodb_table",), ("AWS::DynamoDB::Table",), name=("name", "TableName"),
    fields=(
        Field("billing_mode", "billing_mode", "BillingMode", "PROVISIONED", "DynamoDB API CreateTable"),
        Field("kms_key_arn", "server_side_encryption.kms_key_arn", "SSESpecification.KMSMasterKeyId", None,
              "DynamoDB: AWS-owned key unless SSE is enabled"),
        Field("deletion_protection", "deletion_protection_enabled", "DeletionProtectionEnabled", False,
              "DynamoDB API CreateTable: DeletionProtectionEnabled false", _bool),
        Field("pitr_enabled", "point_in_time_recovery.enabled",
              "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", False,
              "DynamoDB: point-in-time recovery off until enabled", _bool),
    ),
    constants={"status": ("ACTIVE", "a table in code is created ACTIVE")},
    derived=("sse_type", "stream_enabled", "autoscaled_dimensions"), derive=_dynamodb_derive)


# --- RDS / Aurora clusters -------------------------------------------------------------------------
def _cluster_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    kind, attr = ("aws_rds_cluster_instance", "cluster_identifier") if fmt == TF else \
        ("AWS::RDS::DBInstance", "DBClusterIdentifier")
    members = [m.address for m in links.referencing(kind, attr, raw)]
    return {"members": members}


RDS_CLUSTER = Table(
    RdsDbCluster, ("aws_rds_cluster",), ("AWS::RDS::DBCluster",), name=("cluster_identifier", "DBClusterIdentifier"),
    fields=(
        Field("engine", "engine", "Engine", "aurora", "AWS provider aws_rds_cluster: engine defaults to aurora "
              "(CloudFormation requires Engine)"),
        Field("engine_version", "engine_version", "EngineVersion", "", "RDS picks the engine's default version"),
        Field("storage_encrypted", "storage_encrypted", "StorageEncrypted", False,
              "RDS API CreateDBCluster: StorageEncrypted false for provisioned clusters", _bool),
        Field("kms_key_id", "kms_key_id", "KmsKeyId", None, "no key unless encrypted"),
        Field("backup_retention_days", "backup_retention_period", "BackupRetentionPeriod", 1,
              "RDS API CreateDBCluster: BackupRetentionPeriod 1"),
        Field("deletion_protection", "deletion_protection", "DeletionProtection", False,
              "RDS API CreateDBCluster", _bool),
        Field("publicly_accessible", "publicly_accessible", "PubliclyAccessible", None,
              "set on instances for Aurora; None means not reported", _bool),
        Field("iam_auth", "iam_database_authentication_enabled", "EnableIAMDatabaseAuthentication", False,
              "RDS API CreateDBCluster", _bool),
        Field("security_group_ids", "vpc_security_group_ids", "VpcSecurityGroupIds", [],
              "the VPC's default security group", list),
        Field("port", "port", "Port", None, "the engine's default port"),
        Field("log_exports", "enabled_cloudwatch_logs_exports", "EnableCloudwatchLogsExports", [],
              "RDS: no log exports unless listed", list),
        Field("copy_tags_to_snapshot", "copy_tags_to_snapshot", "CopyTagsToSnapshot", False,
              "RDS API CreateDBCluster", _bool),
        Field("master_username", "master_username", "MasterUsername", None, "given with a snapshot or global db"),
        Field("auto_minor_version_upgrade", "auto_minor_version_upgrade", "AutoMinorVersionUpgrade", None,
              "reported for Multi-AZ DB clusters only", _bool),
        Field("backtrack_window", "backtrack_window", "BacktrackWindow", 0, "RDS API: backtracking off", int),
    ),
    constants={"status": ("available", "a cluster in code is created available")},
    live_only={"multi_az": "whether members run in several zones is known once they are placed"},
    derived=("members",), derive=_cluster_derive)


# --- IAM groups ------------------------------------------------------------------------------------
def _group_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    inline: list[Any] = []
    attached: list[Any] = []
    members: list[Any] = []
    if fmt == TF:
        for p in links.referencing("aws_iam_group_policy", "group", raw):
            inline.append(sub(InlinePolicy, name=p.attrs.get("name") or p.address,
                              document=policy_document(p.attrs.get("policy")) or {}))
        attached += [p.attrs.get("policy_arn") for p in links.referencing("aws_iam_group_policy_attachment",
                                                                          "group", raw)]
        attached += [p.attrs.get("policy_arn") for p in links.referencing("aws_iam_policy_attachment", "groups", raw)]
        for m in links.referencing("aws_iam_group_membership", "group", raw):
            members += as_list(m.attrs.get("users"))
        members += [m.attrs.get("user") for m in links.referencing("aws_iam_user_group_membership", "groups", raw)]
        missing = links.unresolved("aws_iam_group_policy", "group") or \
            links.unresolved("aws_iam_group_policy_attachment", "group")
    else:
        for p in raw.attrs.get("Policies") or []:
            inline.append(sub(InlinePolicy, name=p.get("PolicyName") or "",
                              document=policy_document(p.get("PolicyDocument")) or {}))
        for p in links.referencing("AWS::IAM::Policy", "Groups", raw):
            inline.append(sub(InlinePolicy, name=p.attrs.get("PolicyName") or p.address,
                              document=policy_document(p.attrs.get("PolicyDocument")) or {}))
        attached += as_list(raw.attrs.get("ManagedPolicyArns"))
        members += [u.address for u in links.referencing("AWS::IAM::User", "Groups", raw)]
        for addition in links.referencing("AWS::IAM::UserToGroupAddition", "GroupName", raw):
            members += as_list(addition.attrs.get("Users"))
        missing = links.unresolved("AWS::IAM::Policy", "Groups")
    values: dict[str, Any] = {"inline_policies": missing or inline, "attached_policy_arns": missing or attached,
                              "members": [m for m in members if isinstance(m, str)]}
    return values


IAM_GROUP = Table(
    IamGroup, ("aws_iam_group",), ("AWS::IAM::Group",), name=("name", "GroupName"),
    fields=(Field("path", "path", "Path", "/", "IAM API CreateGroup: Path /"),),
    derived=("inline_policies", "attached_policy_arns", "members"), derive=_group_derive)


# --- VPC endpoints ---------------------------------------------------------------------------------
VPC_ENDPOINT = Table(
    VpcEndpoint, ("aws_vpc_endpoint",), ("AWS::EC2::VPCEndpoint",),
    fields=(
        Field("vpc_id", "vpc_id", "VpcId"),
        Field("service_name", "service_name", "ServiceName"),
        Field("endpoint_type", "vpc_endpoint_type", "VpcEndpointType", "Gateway",
              "EC2 API CreateVpcEndpoint: VpcEndpointType Gateway"),
        Field("policy", "policy", "PolicyDocument", None, "full access when no policy is given", _json),
        Field("route_table_ids", "route_table_ids", "RouteTableIds", (), "none", _tuple),
        Field("subnet_ids", "subnet_ids", "SubnetIds", (), "none", _tuple),
        Field("security_group_ids", "security_group_ids", "SecurityGroupIds", (), "the VPC's default group", _tuple),
        Field("private_dns_enabled", "private_dns_enabled", "PrivateDnsEnabled", False,
              "EC2 API CreateVpcEndpoint", _bool),
    ),
    constants={"state": ("available", "an endpoint in code is created available")})


# --- OpenSearch / Elasticsearch --------------------------------------------------------------------
def _search_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    from ssrm.sources.iac.mapping.table import read_path

    if fmt == TF:
        subnets = read_path(raw.attrs, "vpc_options.subnet_ids")
        options = raw.attrs.get("log_publishing_options")
        logs: Any = options if isinstance(options, Unknown) else {
            str(o.get("log_type")): bool(flag(o.get("enabled", True))) for o in options or [] if isinstance(o, dict)}
        kinds = ("aws_opensearch_domain_policy", "aws_elasticsearch_domain_policy")
        policy = policy_document(raw.attrs.get("access_policies"))
        for kind in kinds:
            for companion in links.referencing(kind, "domain_name", raw):
                policy = policy_document(companion.attrs.get("access_policies"))
    else:
        subnets = read_path(raw.attrs, "VPCOptions.SubnetIds")
        options = raw.attrs.get("LogPublishingOptions")
        logs = options if isinstance(options, Unknown) else {
            str(k): bool(flag((v or {}).get("Enabled", True))) for k, v in (options or {}).items()}
        policy = policy_document(raw.attrs.get("AccessPolicies"))
    return {"vpc_id": _vpc_of_subnets(subnets, links, fmt), "log_publishing": logs, "access_policy": policy}


SEARCH = Table(
    OpenSearchDomain, ("aws_opensearch_domain", "aws_elasticsearch_domain"),
    ("AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"), name=("domain_name", "DomainName"),
    fields=(
        Field("engine_version", "engine_version", "EngineVersion", convert=str),
        Field("encryption_at_rest", "encrypt_at_rest.enabled", "EncryptionAtRestOptions.Enabled", False,
              "OpenSearch API EncryptionAtRestOptions: disabled", _bool),
        Field("node_to_node_encryption", "node_to_node_encryption.enabled", "NodeToNodeEncryptionOptions.Enabled",
              False, "OpenSearch API NodeToNodeEncryptionOptions: disabled", _bool),
        Field("enforce_https", "domain_endpoint_options.enforce_https", "DomainEndpointOptions.EnforceHTTPS", False,
              "OpenSearch API DomainEndpointOptions: EnforceHTTPS false", _bool),
        Field("tls_policy", "domain_endpoint_options.tls_security_policy", "DomainEndpointOptions.TLSSecurityPolicy",
              "Policy-Min-TLS-1-0-2019-07", "OpenSearch API DomainEndpointOptions"),
        Field("subnet_ids", "vpc_options.subnet_ids", "VPCOptions.SubnetIds", (), "a public endpoint", _tuple),
        Field("fine_grained_access_control", "advanced_security_options.enabled", "AdvancedSecurityOptions.Enabled",
              False, "OpenSearch API AdvancedSecurityOptions", _bool),
        Field("internal_user_database", "advanced_security_options.internal_user_database_enabled",
              "AdvancedSecurityOptions.InternalUserDatabaseEnabled", False, "OpenSearch API", _bool),
        Field("instance_count", "cluster_config.instance_count", "ClusterConfig.InstanceCount", 1,
              "OpenSearch API ClusterConfig: InstanceCount 1", int),
        Field("dedicated_master_enabled", "cluster_config.dedicated_master_enabled",
              "ClusterConfig.DedicatedMasterEnabled", False, "OpenSearch API ClusterConfig", _bool),
        Field("dedicated_master_count", "cluster_config.dedicated_master_count", "ClusterConfig.DedicatedMasterCount",
              0, "none without dedicated masters", int),
        Field("zone_awareness", "cluster_config.zone_awareness_enabled", "ClusterConfig.ZoneAwarenessEnabled", False,
              "OpenSearch API ClusterConfig", _bool),
    ),
    live_only={"endpoint": "assigned at creation", "update_available": "service software state",
               "software_version": "service software state"},
    derived=("vpc_id", "log_publishing", "access_policy"), derive=_search_derive)


# --- Secrets Manager -------------------------------------------------------------------------------
def _secret_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        rotations = links.referencing("aws_secretsmanager_secret_rotation", "secret_id", raw)
        rules = [r.attrs.get("rotation_rules") for r in rotations]
        days = [first.get("automatically_after_days") for rule in rules
                if isinstance(rule, list) and rule and isinstance(first := rule[0], dict)]
        lambdas = [r.attrs.get("rotation_lambda_arn") for r in rotations]
        policy = _companion_policy(raw, links, "aws_secretsmanager_secret_policy", "secret_arn", "policy",
                                   raw.attrs.get("policy"))
    else:
        rotations = links.referencing("AWS::SecretsManager::RotationSchedule", "SecretId", raw)
        days = [(r.attrs.get("RotationRules") or {}).get("AutomaticallyAfterDays") for r in rotations]
        lambdas = [r.attrs.get("RotationLambdaARN") for r in rotations]
        policies = links.referencing("AWS::SecretsManager::ResourcePolicy", "SecretId", raw)
        policy = policy_document(policies[-1].attrs.get("ResourcePolicy")) if policies else None
    return {"rotation_enabled": bool(rotations), "rotation_days": days[0] if days else None,
            "rotation_lambda_arn": lambdas[0] if lambdas else None, "policy": policy}


SECRET = Table(
    Secret, ("aws_secretsmanager_secret",), ("AWS::SecretsManager::Secret",), name=("name", "Name"),
    fields=(
        Field("description", "description", "Description", "", "none"),
        Field("kms_key_id", "kms_key_id", "KmsKeyId", None, "Secrets Manager: the aws/secretsmanager key"),
    ),
    constants={"owning_service": (None, "a secret declared in code is not managed by another service")},
    live_only={"last_rotated": "rotation history", "last_accessed": "access history", "created": "creation time"},
    derived=("rotation_enabled", "rotation_days", "rotation_lambda_arn", "policy"), derive=_secret_derive)


# --- CloudWatch log groups -------------------------------------------------------------------------
def _retention(value: Any) -> Any:
    days = int(value)
    return days or None  # Terraform writes 0 for "never expire"


LOG_GROUP = Table(
    LogGroup, ("aws_cloudwatch_log_group",), ("AWS::Logs::LogGroup",), name=("name", "LogGroupName"),
    fields=(
        Field("retention_days", "retention_in_days", "RetentionInDays", None,
              "CloudWatch Logs: events never expire unless a retention is set", _retention),
        Field("kms_key_id", "kms_key_id", "KmsKeyId", None, "CloudWatch Logs: service-owned encryption"),
        Field("log_group_class", "log_group_class", "LogGroupClass", "STANDARD", "CloudWatch Logs CreateLogGroup"),
    ),
    live_only={"stored_bytes": "what has been written"})

TABLES: list[Table] = [EKS, ECR, DYNAMODB, RDS_CLUSTER, IAM_GROUP, VPC_ENDPOINT, SEARCH, SECRET, LOG_GROUP,
                       *tables_core.TABLES, *tables_ec2.TABLES, *tables_iam.TABLES,
                       *tables_s3.TABLES]

# Companion kinds these tables fold in (not reported as unmapped).
TERRAFORM_COMPANIONS = frozenset({
    "aws_ecr_repository_policy", "aws_ecr_lifecycle_policy", "aws_iam_group_policy", "aws_iam_group_policy_attachment",
    "aws_iam_group_membership", "aws_opensearch_domain_policy", "aws_elasticsearch_domain_policy",
    "aws_secretsmanager_secret_rotation", "aws_secretsmanager_secret_policy", "aws_appautoscaling_target",
}) | tables_ec2.TERRAFORM_COMPANIONS
CLOUDFORMATION_COMPANIONS = frozenset({
    "AWS::IAM::UserToGroupAddition", "AWS::SecretsManager::RotationSchedule", "AWS::SecretsManager::ResourcePolicy",
    "AWS::ApplicationAutoScaling::ScalableTarget",
}) | tables_ec2.CLOUDFORMATION_COMPANIONS
