"""EC2 Auto Scaling groups, their launch configurations, and EC2 launch templates (what new instances get)."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class AutoScalingGroup(Resource):
    resource_type = "AWS::AutoScaling::AutoScalingGroup"
    service = "autoscaling"

    launch_configuration: str | None = None  # name, when the group still launches from a launch configuration
    launch_template: str | None = None  # id or name, direct or inside a mixed instances policy
    instance_types: tuple[str, ...] = ()  # the overrides of a mixed instances policy
    availability_zones: tuple[str, ...] = ()
    health_check_type: str = "EC2"
    load_balancer_names: tuple[str, ...] = ()
    target_group_arns: tuple[str, ...] = ()

    @property
    def behind_load_balancer(self) -> bool:
        return bool(self.load_balancer_names or self.target_group_arns)


@resource_type
class LaunchConfiguration(Resource):
    resource_type = "AWS::AutoScaling::LaunchConfiguration"
    service = "autoscaling"

    image_id: str = ""
    instance_type: str = ""
    http_tokens: str = "optional"  # the launch configuration default: IMDSv1 allowed
    hop_limit: int = 1
    http_endpoint: str = "enabled"
    associate_public_ip: bool | None = None  # None: the subnet's setting decides


@resource_type
class LaunchTemplate(Resource):
    """A launch template as its default version defines it."""

    resource_type = "AWS::EC2::LaunchTemplate"
    service = "ec2"

    default_version: int = 1
    http_tokens: str | None = None  # None: not set, the AMI or account default decides
    associate_public_ip: bool | None = None  # on any network interface; None: not set
