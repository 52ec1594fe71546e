"""Issue 12, part A: the network, edge, compute and application tables pass the same checks as the first
tables (tests/iac/test_coverage.py): every field a rule reads is covered, a minimal resource is never
judged on unset fields, and HCL and CloudFormation agree rule by rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrm.sources.iac.mapping import tables_compute, tables_edge
from ssrm.sources.iac.mapping.table import Table
from tests.iac import test_coverage as base

TABLES = tables_edge.TABLES + tables_compute.TABLES

MINIMAL: dict[str, tuple[str, str]] = {
    "AWS::ApiGateway::RestApi": ('resource "aws_api_gateway_rest_api" "x" { name = "x" }\n',
                                 "X:\n  Type: AWS::ApiGateway::RestApi\n  Properties: {Name: x}\n"),
    "AWS::ApiGateway::Stage": ('resource "aws_api_gateway_stage" "x" {\n  rest_api_id = "a1"\n'
                               '  stage_name = "prod"\n  deployment_id = "d1"\n}\n',
                               "X:\n  Type: AWS::ApiGateway::Stage\n"
                               "  Properties: {RestApiId: a1, StageName: prod, DeploymentId: d1}\n"),
    "AWS::ApiGatewayV2::Api": ('resource "aws_apigatewayv2_api" "x" {\n  name = "x"\n  protocol_type = "HTTP"\n}\n',
                               "X:\n  Type: AWS::ApiGatewayV2::Api\n  Properties: {Name: x, ProtocolType: HTTP}\n"),
    "AWS::ApiGatewayV2::Stage": ('resource "aws_apigatewayv2_stage" "x" {\n  api_id = "a1"\n  name = "prod"\n}\n',
                                 "X:\n  Type: AWS::ApiGatewayV2::Stage\n  Properties: {ApiId: a1, StageName: prod}\n"),
    "AWS::CloudFront::Distribution": (
        'resource "aws_cloudfront_distribution" "x" {\n  enabled = true\n'
        '  origin {\n    origin_id = "o"\n    domain_name = "site.example.com"\n'
        '    custom_origin_config {\n      origin_protocol_policy = "https-only"\n'
        '      origin_ssl_protocols = ["TLSv1.2"]\n      http_port = 80\n      https_port = 443\n    }\n  }\n'
        '  default_cache_behavior {\n    target_origin_id = "o"\n    viewer_protocol_policy = "allow-all"\n'
        '    allowed_methods = ["GET", "HEAD"]\n    cached_methods = ["GET", "HEAD"]\n  }\n'
        '  restrictions {\n    geo_restriction { restriction_type = "none" }\n  }\n'
        '  viewer_certificate { cloudfront_default_certificate = true }\n}\n',
        "X:\n  Type: AWS::CloudFront::Distribution\n  Properties:\n    DistributionConfig:\n      Enabled: true\n"
        "      Origins:\n        - Id: o\n          DomainName: site.example.com\n"
        "          CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}\n"
        "      DefaultCacheBehavior: {TargetOriginId: o, ViewerProtocolPolicy: allow-all}\n"
        "      ViewerCertificate: {CloudFrontDefaultCertificate: true}\n"),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": (
        'resource "aws_lb" "x" {\n  name = "x"\n  subnets = ["subnet-1", "subnet-2"]\n}\n',
        "X:\n  Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n"
        "  Properties: {Name: x, Subnets: [subnet-1, subnet-2]}\n"),
    "AWS::ElasticLoadBalancing::LoadBalancer": (
        'resource "aws_elb" "x" {\n  name = "x"\n  availability_zones = ["us-east-1a"]\n'
        '  cross_zone_load_balancing = false\n'
        '  listener {\n    lb_port = 80\n    lb_protocol = "http"\n    instance_port = 80\n'
        '    instance_protocol = "http"\n  }\n}\n',
        "X:\n  Type: AWS::ElasticLoadBalancing::LoadBalancer\n  Properties:\n    LoadBalancerName: x\n"
        "    AvailabilityZones: [us-east-1a]\n"
        "    Listeners: [{LoadBalancerPort: 80, Protocol: HTTP, InstancePort: 80, InstanceProtocol: HTTP}]\n"),
    "AWS::AutoScaling::AutoScalingGroup": (
        'resource "aws_autoscaling_group" "x" {\n  name = "x"\n  min_size = 1\n  max_size = 1\n'
        '  availability_zones = ["us-east-1a"]\n  launch_configuration = "lc"\n}\n',
        "X:\n  Type: AWS::AutoScaling::AutoScalingGroup\n  Properties:\n    AutoScalingGroupName: x\n"
        "    MinSize: '1'\n    MaxSize: '1'\n    AvailabilityZones: [us-east-1a]\n"
        "    LaunchConfigurationName: lc\n"),
    "AWS::AutoScaling::LaunchConfiguration": (
        'resource "aws_launch_configuration" "x" {\n  name = "x"\n  image_id = "ami-1"\n'
        '  instance_type = "t3.micro"\n}\n',
        "X:\n  Type: AWS::AutoScaling::LaunchConfiguration\n"
        "  Properties: {LaunchConfigurationName: x, ImageId: ami-1, InstanceType: t3.micro}\n"),
    "AWS::EC2::LaunchTemplate": ('resource "aws_launch_template" "x" { name = "x" }\n',
                                 "X:\n  Type: AWS::EC2::LaunchTemplate\n"
                                 "  Properties: {LaunchTemplateName: x, LaunchTemplateData: {}}\n"),
    "AWS::EC2::EIP": ('resource "aws_eip" "x" { domain = "vpc" }\n',
                      "X:\n  Type: AWS::EC2::EIP\n  Properties: {Domain: vpc}\n"),
    "AWS::EC2::TransitGateway": ('resource "aws_ec2_transit_gateway" "x" { description = "x" }\n',
                                 "X:\n  Type: AWS::EC2::TransitGateway\n  Properties: {Description: x}\n"),
    "AWS::ECS::Cluster": ('resource "aws_ecs_cluster" "x" { name = "x" }\n',
                          "X:\n  Type: AWS::ECS::Cluster\n  Properties: {ClusterName: x}\n"),
    "AWS::ECS::Service": ('resource "aws_ecs_service" "x" {\n  name = "x"\n  task_definition = "td:1"\n}\n',
                          "X:\n  Type: AWS::ECS::Service\n  Properties: {ServiceName: x, TaskDefinition: 'td:1'}\n"),
    "AWS::ECS::TaskDefinition": (
        'resource "aws_ecs_task_definition" "x" {\n  family = "x"\n'
        '  container_definitions = jsonencode([{ name = "app", image = "nginx" }])\n}\n',
        "X:\n  Type: AWS::ECS::TaskDefinition\n"
        "  Properties: {Family: x, ContainerDefinitions: [{Name: app, Image: nginx}]}\n"),
    "AWS::WAFv2::WebACL": (
        'resource "aws_wafv2_web_acl" "x" {\n  name = "x"\n  scope = "REGIONAL"\n'
        '  default_action {\n    allow {}\n  }\n  visibility_config {\n    cloudwatch_metrics_enabled = true\n'
        '    metric_name = "x"\n    sampled_requests_enabled = true\n  }\n}\n',
        "X:\n  Type: AWS::WAFv2::WebACL\n  Properties:\n    Name: x\n    Scope: REGIONAL\n"
        "    DefaultAction: {Allow: {}}\n"
        "    VisibilityConfig: {CloudWatchMetricsEnabled: true, MetricName: x, SampledRequestsEnabled: true}\n"),
    "AWS::NetworkFirewall::Firewall": (
        'resource "aws_networkfirewall_firewall" "x" {\n  name = "x"\n  vpc_id = "vpc-1"\n'
        '  firewall_policy_arn = "arn:aws:network-firewall:us-east-1:1:firewall-policy/p"\n'
        '  subnet_mapping { subnet_id = "subnet-1" }\n}\n',
        "X:\n  Type: AWS::NetworkFirewall::Firewall\n  Properties:\n    FirewallName: x\n    VpcId: vpc-1\n"
        "    FirewallPolicyArn: arn:aws:network-firewall:us-east-1:1:firewall-policy/p\n"
        "    SubnetMappings: [{SubnetId: subnet-1}]\n"),
    "AWS::NetworkFirewall::FirewallPolicy": (
        'resource "aws_networkfirewall_firewall_policy" "x" {\n  name = "x"\n  firewall_policy {\n'
        '    stateless_default_actions = ["aws:pass"]\n    stateless_fragment_default_actions = ["aws:drop"]\n'
        '  }\n}\n',
        "X:\n  Type: AWS::NetworkFirewall::FirewallPolicy\n  Properties:\n    FirewallPolicyName: x\n"
        "    FirewallPolicy: {StatelessDefaultActions: ['aws:pass'], StatelessFragmentDefaultActions: ['aws:drop']}\n"),
    "AWS::NetworkFirewall::RuleGroup": (
        'resource "aws_networkfirewall_rule_group" "x" {\n  name = "x"\n  type = "STATELESS"\n  capacity = 10\n}\n',
        "X:\n  Type: AWS::NetworkFirewall::RuleGroup\n"
        "  Properties: {RuleGroupName: x, Type: STATELESS, Capacity: 10}\n"),
    "AWS::CodeBuild::Project": (
        'resource "aws_codebuild_project" "x" {\n  name = "x"\n  service_role = "arn:aws:iam::1:role/r"\n'
        '  artifacts { type = "NO_ARTIFACTS" }\n'
        '  environment {\n    compute_type = "BUILD_GENERAL1_SMALL"\n    image = "img"\n'
        '    type = "LINUX_CONTAINER"\n  }\n  source { type = "NO_SOURCE" }\n}\n',
        "X:\n  Type: AWS::CodeBuild::Project\n  Properties:\n    Name: x\n    ServiceRole: arn:aws:iam::1:role/r\n"
        "    Artifacts: {Type: NO_ARTIFACTS}\n"
        "    Environment: {ComputeType: BUILD_GENERAL1_SMALL, Image: img, Type: LINUX_CONTAINER}\n"
        "    Source: {Type: NO_SOURCE}\n"),
    "AWS::CodeBuild::ReportGroup": (
        'resource "aws_codebuild_report_group" "x" {\n  name = "x"\n  type = "TEST"\n'
        '  export_config { type = "NO_EXPORT" }\n}\n',
        "X:\n  Type: AWS::CodeBuild::ReportGroup\n"
        "  Properties: {Name: x, Type: TEST, ExportConfig: {ExportConfigType: NO_EXPORT}}\n"),
    "AWS::ElasticBeanstalk::Environment": (
        'resource "aws_elastic_beanstalk_environment" "x" {\n  name = "x"\n  application = "app"\n'
        '  solution_stack_name = "64bit Amazon Linux 2023"\n}\n',
        "X:\n  Type: AWS::ElasticBeanstalk::Environment\n  Properties:\n    EnvironmentName: x\n"
        "    ApplicationName: app\n    SolutionStackName: 64bit Amazon Linux 2023\n"),
    "AWS::StepFunctions::StateMachine": (
        'resource "aws_sfn_state_machine" "x" {\n  name = "x"\n  role_arn = "arn:aws:iam::1:role/r"\n'
        '  definition = "{}"\n}\n',
        "X:\n  Type: AWS::StepFunctions::StateMachine\n"
        "  Properties: {StateMachineName: x, RoleArn: 'arn:aws:iam::1:role/r', DefinitionString: '{}'}\n"),
    "AWS::Events::EventBus": ('resource "aws_cloudwatch_event_bus" "x" { name = "x" }\n',
                              "X:\n  Type: AWS::Events::EventBus\n  Properties: {Name: x}\n"),
    "AWS::Events::Archive": ('resource "aws_cloudwatch_event_archive" "x" {\n  name = "x"\n'
                             '  event_source_arn = "arn:aws:events:us-east-1:1:event-bus/b"\n}\n',
                             "X:\n  Type: AWS::Events::Archive\n  Properties:\n    ArchiveName: x\n"
                             "    SourceArn: arn:aws:events:us-east-1:1:event-bus/b\n"),
    "AWS::SSM::Document": ('resource "aws_ssm_document" "x" {\n  name = "x"\n  document_type = "Command"\n'
                           '  content = "{}"\n}\n',
                           "X:\n  Type: AWS::SSM::Document\n"
                           "  Properties: {Name: x, DocumentType: Command, Content: {}}\n"),
    "AWS::Cognito::UserPool": ('resource "aws_cognito_user_pool" "x" { name = "x" }\n',
                               "X:\n  Type: AWS::Cognito::UserPool\n  Properties: {UserPoolName: x}\n"),
    "AWS::Cognito::IdentityPool": ('resource "aws_cognito_identity_pool" "x" { identity_pool_name = "x" }\n',
                                   "X:\n  Type: AWS::Cognito::IdentityPool\n"
                                   "  Properties: {IdentityPoolName: x, AllowUnauthenticatedIdentities: false}\n"),
    "AWS::SNS::Subscription": ('resource "aws_sns_topic_subscription" "x" {\n'
                               '  topic_arn = "arn:aws:sns:us-east-1:1:t"\n  protocol = "http"\n'
                               '  endpoint = "http://example.com/hook"\n}\n',
                               "X:\n  Type: AWS::SNS::Subscription\n  Properties:\n"
                               "    TopicArn: arn:aws:sns:us-east-1:1:t\n    Protocol: http\n"
                               "    Endpoint: http://example.com/hook\n"),
    "AWS::CloudWatch::Alarm": ('resource "aws_cloudwatch_metric_alarm" "x" {\n  alarm_name = "x"\n'
                               '  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods = 1\n'
                               '  metric_name = "Errors"\n  namespace = "AWS/Lambda"\n  period = 60\n'
                               '  statistic = "Sum"\n  threshold = 1\n}\n',
                               "X:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n    AlarmName: x\n"
                               "    ComparisonOperator: GreaterThanThreshold\n    EvaluationPeriods: 1\n"
                               "    MetricName: Errors\n    Namespace: AWS/Lambda\n    Period: 60\n"
                               "    Statistic: Sum\n    Threshold: 1\n"),
    "AWS::Logs::MetricFilter": ('resource "aws_cloudwatch_log_metric_filter" "x" {\n  name = "x"\n'
                                '  log_group_name = "g"\n  pattern = "ERROR"\n'
                                '  metric_transformation {\n    name = "m"\n    namespace = "n"\n'
                                '    value = "1"\n  }\n}\n',
                                "X:\n  Type: AWS::Logs::MetricFilter\n  Properties:\n    FilterName: x\n"
                                "    LogGroupName: g\n    FilterPattern: ERROR\n"
                                "    MetricTransformations: [{MetricName: m, MetricNamespace: n, MetricValue: '1'}]\n"),
    "AWS::Route53::HostedZone": ('resource "aws_route53_zone" "x" { name = "example.com" }\n',
                                 "X:\n  Type: AWS::Route53::HostedZone\n  Properties: {Name: example.com}\n"),
}


@pytest.fixture(autouse=True)
def _part_a_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "TABLES", base.TABLES + TABLES)
    for type_name, sources in MINIMAL.items():
        monkeypatch.setitem(base.MINIMAL, type_name, sources)


def test_every_table_has_a_minimal_fixture() -> None:
    assert {t.model.resource_type for t in TABLES} == set(MINIMAL)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.model.resource_type)
def test_every_field_a_rule_reads_is_mapped_or_listed(table: Table) -> None:
    base.test_every_field_a_rule_reads_is_mapped_or_listed(table)
    assert not table.unmapped(), (table.model.__name__, table.unmapped())


@pytest.mark.parametrize("type_name", sorted(MINIMAL))
def test_minimal_resource_never_judged_on_unset_fields(tmp_path: Path, type_name: str) -> None:
    base.test_minimal_resource_never_judged_on_unset_fields(tmp_path, type_name)


@pytest.mark.parametrize("type_name", sorted(MINIMAL))
def test_hcl_and_cloudformation_agree(tmp_path: Path, type_name: str) -> None:
    base.test_hcl_and_cloudformation_agree(tmp_path, type_name)
