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
    "AWS::S3::BucketDetails": "what the opt-in s3-extra collector reads from a live bucket; code declares these "
                              "settings on the bucket's own resources, not mapped yet",
}

# Declarable types ssrm does not map yet: their code is listed as "not assessed" in the report.
NOT_YET_MAPPED: dict[str, str] = {t: "not mapped yet; reported under unmapped types" for t in (
    "AWS::ACMPCA::CertificateAuthority",
    "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage",
    "AWS::Athena::WorkGroup", "AWS::Backup::BackupPlan", "AWS::Backup::BackupVault",
    "AWS::CertificateManager::Certificate", "AWS::CloudFront::Distribution", "AWS::CloudWatch::Alarm",
    "AWS::CodeBuild::Project", "AWS::CodeBuild::ReportGroup", "AWS::Cognito::IdentityPool", "AWS::Cognito::UserPool",
    "AWS::DMS::Endpoint", "AWS::DMS::ReplicationInstance", "AWS::DMS::ReplicationTask",
    "AWS::EC2::EBSEncryptionDefaults", "AWS::EC2::EIP", "AWS::EC2::Image", "AWS::EC2::Snapshot", "AWS::ECS::Cluster",
    "AWS::ECS::Service", "AWS::ECS::TaskDefinition", "AWS::EFS::AccessPoint", "AWS::EFS::FileSystem",
    "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup", "AWS::ElasticBeanstalk::Environment",
    "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::Events::EventBus", "AWS::Glue::DataCatalogEncryptionSettings",
    "AWS::Glue::Job", "AWS::Glue::SecurityConfiguration", "AWS::GuardDuty::Detector", "AWS::IAM::PasswordPolicy",
    "AWS::IAM::ServerCertificate", "AWS::Kinesis::Stream", "AWS::MSK::Cluster", "AWS::NetworkFirewall::Firewall",
    "AWS::NetworkFirewall::FirewallPolicy", "AWS::NetworkFirewall::RuleGroup", "AWS::RDS::DBClusterSnapshot",
    "AWS::RDS::DBSnapshot", "AWS::RDS::EventSubscription", "AWS::Redshift::Cluster", "AWS::Route53::HostedZone",
    "AWS::S3::AccountPublicAccessBlock", "AWS::SNS::Subscription", "AWS::SSM::Document",
    "AWS::SageMaker::EndpointConfig", "AWS::SageMaker::Model", "AWS::SageMaker::NotebookInstance",
    "AWS::StepFunctions::StateMachine", "AWS::WAFv2::WebACL",
    "AWS::IAM::SAMLProvider", "AWS::IAM::OIDCProvider", "AWS::SecurityHub::Hub", "AWS::Organizations::Organization",
    "AWS::Events::Archive", "AWS::Config::ConfigurationRecorder", "AWS::AccessAnalyzer::Analyzer",
    "AWS::Logs::MetricFilter", "AWS::Account::SecurityContact", "AWS::AutoScaling::AutoScalingGroup",
    "AWS::AutoScaling::LaunchConfiguration", "AWS::EC2::LaunchTemplate", "AWS::ElasticLoadBalancing::LoadBalancer",
    "AWS::Inspector2::Status", "AWS::Macie::Session", "AWS::DAX::Cluster", "AWS::EC2::TransitGateway",
    "AWS::EMR::BlockPublicAccessConfiguration", "AWS::EMR::Cluster",
    "AWS::S3::AccessPoint", "AWS::AppSync::GraphQLApi", "AWS::FSx::FileSystem", "AWS::EC2::ClientVpnEndpoint",
    "AWS::CloudFormation::Stack",
)}
