"""Auto Scaling groups, launch configurations and launch templates (FSBP AutoScaling.1-6, 9 and EC2.25).

What a group launches is what every future instance will be: an IMDSv1 or public-IP setting here recreates
the exposure each time an instance is replaced, however carefully running instances were fixed.
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.compute.autoscaling import AutoScalingGroup, LaunchConfiguration, LaunchTemplate
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule


@rule(
    id="autoscaling_group_elb_health_check",
    title="Auto Scaling groups behind a load balancer use its health checks",
    resource_type=AutoScalingGroup, layer=Layer.HOSTS, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1499",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    remediation=Remediation(
        text="Set the group's health check type to ELB so instances the load balancer sees failing are replaced.",
        cli="aws autoscaling update-auto-scaling-group --auto-scaling-group-name <GROUP> --health-check-type ELB "
            "--health-check-grace-period 300",
        terraform='resource "aws_autoscaling_group" "this" {\n  health_check_type = "ELB"\n}',
    ),
    references=("FSBP AutoScaling.1",),
    skips="Groups not attached to any load balancer or target group.",
)
def group_elb_health_check(group: AutoScalingGroup, inv: Inventory) -> Verdict:
    """EC2 status checks miss an application that is up but broken: users keep hitting it."""
    if not group.behind_load_balancer:
        return not_applicable("not attached to a load balancer")
    if group.health_check_type.upper() == "ELB":
        return passed("uses load balancer health checks")
    return failed(f"health check type is {group.health_check_type} although the group serves a load balancer")


@rule(
    id="autoscaling_group_multi_az",
    title="Auto Scaling groups span more than one Availability Zone",
    resource_type=AutoScalingGroup, layer=Layer.HOSTS, domain=Domain.RESILIENCY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1499",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    remediation=Remediation(
        text="Give the group subnets in at least two Availability Zones.",
        cli="aws autoscaling update-auto-scaling-group --auto-scaling-group-name <GROUP> "
            "--vpc-zone-identifier subnet-a,subnet-b",
        terraform='resource "aws_autoscaling_group" "this" {\n'
                  '  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]\n}',
    ),
    references=("FSBP AutoScaling.2",),
    skips="Nothing: a group with no zone at all fails too.",
)
def group_multi_az(group: AutoScalingGroup, inv: Inventory) -> Verdict:
    """A zone outage takes a single-zone group down with it."""
    zones = sorted(group.availability_zones)
    if len(zones) > 1:
        return passed(f"spans {', '.join(zones)}")
    return failed(f"launches only in {', '.join(zones) or 'no zone'}")


@rule(
    id="autoscaling_group_multiple_instance_types",
    title="Auto Scaling groups use several instance types across several Availability Zones",
    resource_type=AutoScalingGroup, layer=Layer.HOSTS, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1499",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    remediation=Remediation(
        text="Use a mixed instances policy with at least two instance types so a capacity shortage of one type "
             "does not stop scaling.",
        cli="aws autoscaling update-auto-scaling-group --auto-scaling-group-name <GROUP> "
            "--mixed-instances-policy file://mixed.json",
        terraform='resource "aws_autoscaling_group" "this" {\n  mixed_instances_policy {\n'
                  '    override { instance_type = "m6i.large" }\n    override { instance_type = "m5.large" }\n'
                  '    # ...\n  }\n}',
    ),
    references=("FSBP AutoScaling.6",),
    skips="Nothing; groups with a single launch template instance type count as one type.",
)
def group_instance_types(group: AutoScalingGroup, inv: Inventory) -> Verdict:
    """One instance type in one zone is one capacity shortage from not scaling at all."""
    types, zones = sorted(set(group.instance_types)), sorted(group.availability_zones)
    if len(types) > 1 and len(zones) > 1:
        return passed(f"{len(types)} instance types across {len(zones)} zones")
    return failed(f"{len(types) or 1} instance type(s) across {len(zones)} zone(s)")


@rule(
    id="autoscaling_group_launch_template",
    title="Auto Scaling groups launch from launch templates, not launch configurations",
    resource_type=AutoScalingGroup, layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1552.005",), phase=Phase.FOUNDATIONAL, smm="IP2.1",
    remediation=Remediation(
        text="Create a launch template (with IMDSv2 required) and switch the group to it; launch configurations "
             "get no new features and cannot require IMDSv2 in every case.",
        cli="aws autoscaling update-auto-scaling-group --auto-scaling-group-name <GROUP> "
            "--launch-template LaunchTemplateId=<LT>,Version='$Default'",
        terraform='resource "aws_autoscaling_group" "this" {\n  launch_template {\n'
                  '    id      = aws_launch_template.this.id\n    version = "$Default"\n  }\n}',
    ),
    references=("FSBP AutoScaling.9",),
    skips="A mixed instances policy's launch template counts as a launch template.",
)
def group_launch_template(group: AutoScalingGroup, inv: Inventory) -> Verdict:
    """Launch configurations are frozen in time: no new security settings reach the instances they start."""
    if group.launch_template:
        return passed(f"launches from launch template {group.launch_template}")
    return failed(f"launches from launch configuration {group.launch_configuration or '(unknown)'}")


@rule(
    id="autoscaling_launch_config_imdsv2",
    title="Launch configurations require IMDSv2",
    resource_type=LaunchConfiguration, layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.CONTROL, attack=("T1552.005",), phase=Phase.QUICK_WINS, smm="IP1.1",
    remediation=Remediation(
        text="Create a new launch configuration (or better, a launch template) with HttpTokens=required and move "
             "the group to it.",
        cli="aws autoscaling create-launch-configuration --launch-configuration-name <NEW> --image-id <AMI> "
            "--instance-type <TYPE> --metadata-options HttpTokens=required,HttpEndpoint=enabled",
        terraform='resource "aws_launch_configuration" "this" {\n  metadata_options {\n'
                  '    http_tokens = "required"\n  }\n}',
    ),
    references=("FSBP AutoScaling.3",),
    skips="Configurations with the metadata endpoint disabled.",
)
def launch_config_imdsv2(config: LaunchConfiguration, inv: Inventory) -> Verdict:
    """Every instance launched from it answers IMDSv1: one SSRF away from its role's credentials."""
    if config.http_endpoint == "disabled":
        return not_applicable("the metadata endpoint is disabled")
    if config.http_tokens == "required":
        return passed("IMDSv2 required")
    return failed(f"launched instances allow IMDSv1 (http_tokens={config.http_tokens})")


@rule(
    id="autoscaling_launch_config_hop_limit",
    title="Launch configurations keep the metadata response hop limit at 1",
    resource_type=LaunchConfiguration, layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1552.005",), phase=Phase.QUICK_WINS, smm="IP1.1",
    remediation=Remediation(
        text="Set HttpPutResponseHopLimit to 1 unless containers on the host need IMDS (then 2, with IMDSv2).",
        cli="aws autoscaling create-launch-configuration --launch-configuration-name <NEW> --image-id <AMI> "
            "--instance-type <TYPE> --metadata-options HttpTokens=required,HttpPutResponseHopLimit=1",
        terraform='resource "aws_launch_configuration" "this" {\n  metadata_options {\n'
                  '    http_put_response_hop_limit = 1\n  }\n}',
    ),
    references=("FSBP AutoScaling.4",),
    skips="Nothing: hop limit 2 for containers is still reported, to be muted with a reason.",
)
def launch_config_hop_limit(config: LaunchConfiguration, inv: Inventory) -> Verdict:
    """A higher hop limit lets tokens travel through proxies and containers to whoever asks."""
    if config.hop_limit <= 1:
        return passed(f"hop limit {config.hop_limit}")
    return failed(f"metadata response hop limit is {config.hop_limit}")


@rule(
    id="autoscaling_launch_config_no_public_ip",
    title="Launch configurations do not give instances public IP addresses",
    resource_type=LaunchConfiguration, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE,
    severity=Severity.HIGH, stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="IP1.1",
    remediation=Remediation(
        text="Launch into private subnets behind a load balancer; create a launch configuration without "
             "AssociatePublicIpAddress.",
        cli="aws autoscaling create-launch-configuration --launch-configuration-name <NEW> --image-id <AMI> "
            "--instance-type <TYPE> --no-associate-public-ip-address",
        terraform='resource "aws_launch_configuration" "this" {\n  associate_public_ip_address = false\n}',
    ),
    references=("FSBP AutoScaling.5",),
    skips="Configurations that leave the choice to the subnet (the subnet rules judge that).",
)
def launch_config_public_ip(config: LaunchConfiguration, inv: Inventory) -> Verdict:
    """Each replacement instance comes up directly on the internet."""
    if config.associate_public_ip:
        return failed("instances get a public IP address at launch")
    if config.associate_public_ip is None:
        return passed("no public IP requested (the subnet's setting applies)")
    return passed("public IP addresses explicitly off")


@rule(
    id="ec2_launch_template_no_public_ip",
    title="EC2 launch templates do not assign public IP addresses to network interfaces",
    resource_type=LaunchTemplate, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="IP1.1",
    needs=("associate_public_ip",),
    remediation=Remediation(
        text="Create a new default version without AssociatePublicIpAddress and launch into private subnets.",
        cli="aws ec2 create-launch-template-version --launch-template-id <LT> --source-version '$Default' "
            "--launch-template-data '{\"NetworkInterfaces\":[{\"DeviceIndex\":0,\"AssociatePublicIpAddress\":false}]}'",
        terraform='resource "aws_launch_template" "this" {\n  network_interfaces {\n'
                  '    associate_public_ip_address = false\n  }\n}',
    ),
    references=("FSBP EC2.25",),
    skips="Templates that leave the choice to the subnet.",
)
def launch_template_public_ip(template: LaunchTemplate, inv: Inventory) -> Verdict:
    """Every instance launched from the template is reachable from the internet from its first second."""
    if template.associate_public_ip:
        return failed(f"default version {template.default_version} assigns a public IP address")
    return passed(f"default version {template.default_version} assigns no public IP address")
