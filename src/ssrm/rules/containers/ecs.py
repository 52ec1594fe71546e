"""ECS cluster and service rules: monitoring, public IPs, Fargate platform patching."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.containers.ecs import EcsCluster, EcsService
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

# The current Fargate platform versions (Linux and Windows); LATEST resolves to them.
LATEST_FARGATE = frozenset({"LATEST", "1.4.0", "1.0.0"})


@rule(
    id="ecs_cluster_container_insights", title="ECS clusters have Container Insights enabled",
    resource_type=EcsCluster, layer=Layer.HOSTS, domain=Domain.ASSURANCE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1496.001", "T1610"), phase=Phase.FOUNDATIONAL, smm="SA2.1",
    remediation=Remediation(
        text="Turn on Container Insights (or enhanced observability) for the cluster.",
        cli="aws ecs update-cluster-settings --cluster CLUSTER --settings name=containerInsights,value=enabled",
        terraform='resource "aws_ecs_cluster" "this" {\n  setting {\n    name  = "containerInsights"\n'
                  '    value = "enabled"\n  }\n}',
    ),
    references=("FSBP ECS.12",),
)
def cluster_container_insights(cluster: EcsCluster, inv: Inventory) -> Verdict:
    """Without task-level metrics a hijacked service (crypto-mining, a rogue task) goes unnoticed."""
    if cluster.container_insights in ("enabled", "enhanced"):
        return passed(f"Container Insights {cluster.container_insights}")
    return failed(f"cluster {cluster.label} has Container Insights {cluster.container_insights}")


@rule(
    id="ecs_service_public_ip", title="ECS services do not assign public IP addresses",
    description=("A task with a public IP can be reached from, and reach, the internet directly, bypassing load "
                 "balancers and NAT controls."),
    resource_type=EcsService, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1133"), phase=Phase.FOUNDATIONAL, smm="IP2.1",
    remediation=Remediation(
        text="Run tasks in private subnets without public IPs; reach them through a load balancer, and the "
             "internet through a NAT gateway or VPC endpoints.",
        cli="aws ecs update-service --cluster CLUSTER --service SERVICE --network-configuration "
            "'awsvpcConfiguration={subnets=[PRIVATE_SUBNET],securityGroups=[SG],assignPublicIp=DISABLED}'",
        terraform='resource "aws_ecs_service" "this" {\n  network_configuration {\n'
                  '    subnets          = [aws_subnet.private.id]\n    assign_public_ip = false\n  }\n}',
    ),
    references=("FSBP ECS.2",),
    skips="services not in awsvpc mode (their tasks use the instance's addresses, judged on EC2)",
)
def service_public_ip(service: EcsService, inv: Inventory) -> Verdict:
    if service.assign_public_ip:
        return failed(f"service {service.label} gives its tasks public IP addresses")
    return passed("tasks get no public IP")


@rule(
    id="ecs_service_fargate_platform_latest", title="Fargate services run on the latest platform version",
    description=("The latest Fargate platform version carries the current kernel and runtime fixes; older versions "
                 "keep known flaws."),
    resource_type=EcsService, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1611", "T1190"), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    remediation=Remediation(
        text="Set the platform version to LATEST and redeploy the service.",
        cli="aws ecs update-service --cluster CLUSTER --service SERVICE --platform-version LATEST "
            "--force-new-deployment",
        terraform='resource "aws_ecs_service" "this" {\n  platform_version = "LATEST"\n}',
    ),
    references=("FSBP ECS.10",),
    skips="services on EC2 or external capacity (their hosts are patched on EC2)",
)
def service_fargate_platform(service: EcsService, inv: Inventory) -> Verdict:
    if not service.on_fargate:
        return not_applicable(f"runs on {service.launch_type or 'EC2 capacity providers'}, not Fargate")
    version = service.platform_version or "LATEST"
    if version in LATEST_FARGATE:
        return passed(f"platform version {version}")
    return failed(f"service {service.label} is pinned to Fargate platform version {version}")
