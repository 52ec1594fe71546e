"""Which model types infrastructure code can produce: mapped, runtime-only (never in code), or not mapped yet.

Every resource type a rule judges or looks up is in exactly one list (``tests/iac/test_coverage.py``
fails otherwise). Runtime-only types are what an IaC inventory cannot hold: rules that look them up are
NOT_APPLICABLE on code instead of judging an absence that means nothing.
"""

from __future__ import annotations

# model type -> (Terraform kinds, CloudFormation types) that produce it
MAPPED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "AWS::S3::Bucket": (("aws_s3_bucket",), ("AWS::S3::Bucket",)),
    "AWS::EC2::SecurityGroup": (("aws_security_group", "aws_default_security_group"), ("AWS::EC2::SecurityGroup",)),
    "AWS::EC2::Instance": (("aws_instance",), ("AWS::EC2::Instance",)),
    "AWS::EC2::VPC": (("aws_vpc",), ("AWS::EC2::VPC",)),
    "AWS::EC2::Subnet": (("aws_subnet",), ("AWS::EC2::Subnet",)),
    "AWS::EC2::RouteTable": (("aws_route_table",), ("AWS::EC2::RouteTable",)),
    "AWS::EC2::NetworkAcl": (("aws_network_acl", "aws_default_network_acl"), ("AWS::EC2::NetworkAcl",)),
    "AWS::EC2::Volume": (("aws_ebs_volume", "aws_instance"), ("AWS::EC2::Volume", "AWS::EC2::Instance")),
    "AWS::EC2::VPCEndpoint": (("aws_vpc_endpoint",), ("AWS::EC2::VPCEndpoint",)),
    "AWS::EC2::FlowLog": (("aws_flow_log",), ("AWS::EC2::FlowLog",)),
    "AWS::IAM::Role": (("aws_iam_role",), ("AWS::IAM::Role",)),
    "AWS::IAM::User": (("aws_iam_user",), ("AWS::IAM::User",)),
    "AWS::IAM::Group": (("aws_iam_group",), ("AWS::IAM::Group",)),
    "AWS::IAM::ManagedPolicy": (("aws_iam_policy",), ("AWS::IAM::ManagedPolicy",)),
    "AWS::KMS::Key": (("aws_kms_key",), ("AWS::KMS::Key",)),
    "AWS::SQS::Queue": (("aws_sqs_queue",), ("AWS::SQS::Queue",)),
    "AWS::SNS::Topic": (("aws_sns_topic",), ("AWS::SNS::Topic",)),
    "AWS::RDS::DBInstance": (("aws_db_instance", "aws_rds_cluster_instance"), ("AWS::RDS::DBInstance",)),
    "AWS::RDS::DBCluster": (("aws_rds_cluster",), ("AWS::RDS::DBCluster",)),
    "AWS::Lambda::Function": (("aws_lambda_function",), ("AWS::Lambda::Function",)),
    "AWS::CloudTrail::Trail": (("aws_cloudtrail",), ("AWS::CloudTrail::Trail",)),
    "AWS::EKS::Cluster": (("aws_eks_cluster",), ("AWS::EKS::Cluster",)),
    "AWS::ECR::Repository": (("aws_ecr_repository",), ("AWS::ECR::Repository",)),
    "AWS::DynamoDB::Table": (("aws_dynamodb_table",), ("AWS::DynamoDB::Table",)),
    "AWS::OpenSearchService::Domain": (("aws_opensearch_domain", "aws_elasticsearch_domain"),
                                       ("AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain")),
    "AWS::SecretsManager::Secret": (("aws_secretsmanager_secret",), ("AWS::SecretsManager::Secret",)),
    "AWS::Logs::LogGroup": (("aws_cloudwatch_log_group",), ("AWS::Logs::LogGroup",)),
    # data, analytics and security-service types (tables_data / tables_analytics / tables_security)
    "AWS::ElastiCache::ReplicationGroup":
        (("aws_elasticache_replication_group",), ("AWS::ElastiCache::ReplicationGroup",)),
    "AWS::ElastiCache::CacheCluster": (("aws_elasticache_cluster",), ("AWS::ElastiCache::CacheCluster",)),
    "AWS::Redshift::Cluster": (("aws_redshift_cluster",), ("AWS::Redshift::Cluster",)),
    "AWS::EFS::FileSystem": (("aws_efs_file_system",), ("AWS::EFS::FileSystem",)),
    "AWS::EFS::AccessPoint": (("aws_efs_access_point",), ("AWS::EFS::AccessPoint",)),
    "AWS::DAX::Cluster": (("aws_dax_cluster",), ("AWS::DAX::Cluster",)),
    "AWS::Kinesis::Stream": (("aws_kinesis_stream",), ("AWS::Kinesis::Stream",)),
    "AWS::EC2::Snapshot": (("aws_ebs_snapshot", "aws_ebs_snapshot_copy"), ()),
    "AWS::EC2::Image": (("aws_ami", "aws_ami_copy", "aws_ami_from_instance"), ()),
    "AWS::RDS::DBSnapshot": (("aws_db_snapshot", "aws_db_snapshot_copy"), ()),
    "AWS::RDS::DBClusterSnapshot": (("aws_db_cluster_snapshot",), ()),
    "AWS::RDS::EventSubscription": (("aws_db_event_subscription",), ("AWS::RDS::EventSubscription",)),
    "AWS::Backup::BackupPlan": (("aws_backup_plan",), ("AWS::Backup::BackupPlan",)),
    "AWS::Backup::BackupVault": (("aws_backup_vault",), ("AWS::Backup::BackupVault",)),
    "AWS::DMS::ReplicationInstance": (("aws_dms_replication_instance",), ("AWS::DMS::ReplicationInstance",)),
    "AWS::DMS::Endpoint": (("aws_dms_endpoint", "aws_dms_s3_endpoint"), ("AWS::DMS::Endpoint",)),
    "AWS::DMS::ReplicationTask": (("aws_dms_replication_task",), ("AWS::DMS::ReplicationTask",)),
    "AWS::MSK::Cluster": (("aws_msk_cluster",), ("AWS::MSK::Cluster",)),
    "AWS::Glue::Job": (("aws_glue_job",), ("AWS::Glue::Job",)),
    "AWS::Glue::SecurityConfiguration": (("aws_glue_security_configuration",), ("AWS::Glue::SecurityConfiguration",)),
    "AWS::Glue::DataCatalogEncryptionSettings":
        (("aws_glue_data_catalog_encryption_settings",), ("AWS::Glue::DataCatalogEncryptionSettings",)),
    "AWS::SageMaker::NotebookInstance": (("aws_sagemaker_notebook_instance",), ("AWS::SageMaker::NotebookInstance",)),
    "AWS::SageMaker::Model": (("aws_sagemaker_model",), ("AWS::SageMaker::Model",)),
    "AWS::SageMaker::EndpointConfig": (("aws_sagemaker_endpoint_configuration",), ("AWS::SageMaker::EndpointConfig",)),
    "AWS::Athena::WorkGroup": (("aws_athena_workgroup",), ("AWS::Athena::WorkGroup",)),
    "AWS::EMR::Cluster": (("aws_emr_cluster",), ("AWS::EMR::Cluster",)),
    "AWS::EMR::BlockPublicAccessConfiguration": (("aws_emr_block_public_access_configuration",), ()),
    "AWS::IAM::PasswordPolicy": (("aws_iam_account_password_policy",), ()),
    "AWS::S3::AccountPublicAccessBlock": (("aws_s3_account_public_access_block",), ()),
    "AWS::EC2::EBSEncryptionDefaults": (("aws_ebs_encryption_by_default",), ()),
    "AWS::Account::SecurityContact": (("aws_account_alternate_contact",), ()),
    "AWS::Inspector2::Status": (("aws_inspector2_enabler",), ()),
    "AWS::GuardDuty::Detector": (("aws_guardduty_detector",), ("AWS::GuardDuty::Detector",)),
    "AWS::SecurityHub::Hub": (("aws_securityhub_account",), ("AWS::SecurityHub::Hub",)),
    "AWS::Config::ConfigurationRecorder":
        (("aws_config_configuration_recorder",), ("AWS::Config::ConfigurationRecorder",)),
    "AWS::AccessAnalyzer::Analyzer": (("aws_accessanalyzer_analyzer",), ("AWS::AccessAnalyzer::Analyzer",)),
    "AWS::Macie::Session": (("aws_macie2_account",), ("AWS::Macie::Session",)),
    "AWS::Organizations::Organization": (("aws_organizations_organization",), ("AWS::Organizations::Organization",)),
    "AWS::IAM::SAMLProvider": (("aws_iam_saml_provider",), ("AWS::IAM::SAMLProvider",)),
    "AWS::IAM::OIDCProvider": (("aws_iam_openid_connect_provider",), ("AWS::IAM::OIDCProvider",)),
    "AWS::IAM::ServerCertificate": (("aws_iam_server_certificate",), ("AWS::IAM::ServerCertificate",)),
    "AWS::CertificateManager::Certificate": (("aws_acm_certificate",), ("AWS::CertificateManager::Certificate",)),
    "AWS::ACMPCA::CertificateAuthority":
        (("aws_acmpca_certificate_authority",), ("AWS::ACMPCA::CertificateAuthority",)),
    "SSRM::IaC::Output": (("terraform_output",), ("CloudFormation::Output",)),
    "SSRM::IaC::Variable": (("terraform_variable",), ("CloudFormation::Parameter",)),
}

# Types no infrastructure code declares: state AWS produces while the account runs.
RUNTIME_ONLY: dict[str, str] = {
    "AWS::Backup::ProtectedResource": "recovery points exist only after backup jobs have run",
    "AWS::Backup::RecoveryPoint": "recovery points exist only after backup jobs have run",
    "AWS::SSM::ManagedInstanceInventory": "an instance registers with Systems Manager only once it runs the agent",
    "AWS::IAM::RootUser": "the root user comes with the account (its MFA, keys and last use are runtime state)",
    "AWS::Account": "account-wide findings aggregate what a live scan lists",
    "AWS::Region": "region-wide findings aggregate what a live scan lists",
    "AWS::Inspector2::Finding": "vulnerability findings come from scanning running instances and pushed images",
    "AWS::EC2::VPNConnection": "tunnel status is telemetry of a running connection",
    "AWS::Organizations::Account": "organization membership is read from the Organizations API of a live org",
    "AWS::Organizations::OrganizationalUnit": "organization structure is read from the Organizations API",
    "AWS::Organizations::Policy": "the SCPs in force are read from the Organizations API with their targets",
}

# Declarable types ssrm does not map yet: their code is listed as "not assessed" in the report.
NOT_YET_MAPPED: dict[str, str] = {t: "not mapped yet; reported under unmapped types" for t in (
    "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage",
    "AWS::CloudFront::Distribution", "AWS::CloudWatch::Alarm",
    "AWS::CodeBuild::Project", "AWS::CodeBuild::ReportGroup", "AWS::Cognito::IdentityPool", "AWS::Cognito::UserPool",
    "AWS::EC2::EIP", "AWS::ECS::Cluster",
    "AWS::ECS::Service", "AWS::ECS::TaskDefinition",
    "AWS::ElasticBeanstalk::Environment",
    "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::Events::EventBus",
    "AWS::NetworkFirewall::Firewall",
    "AWS::NetworkFirewall::FirewallPolicy", "AWS::NetworkFirewall::RuleGroup",
    "AWS::Route53::HostedZone",
    "AWS::SNS::Subscription", "AWS::SSM::Document",
    "AWS::StepFunctions::StateMachine", "AWS::WAFv2::WebACL",
    "AWS::Events::Archive",
    "AWS::Logs::MetricFilter", "AWS::AutoScaling::AutoScalingGroup",
    "AWS::AutoScaling::LaunchConfiguration", "AWS::EC2::LaunchTemplate", "AWS::ElasticLoadBalancing::LoadBalancer",
    "AWS::EC2::TransitGateway",
)}
