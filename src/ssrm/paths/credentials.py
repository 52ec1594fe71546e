"""Compute and the credentials it holds: instance profiles (IMDSv1 cheaper to steal than IMDSv2), Lambda
roles, keys left in user data and environments; and lateral moves between compute inside a VPC."""

from __future__ import annotations

from ssrm.model import Stage
from ssrm.model.resources.apps.awslambda import LambdaFunction
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.model.resources.identity.iam import IamInstanceProfile
from ssrm.paths.context import BuildContext
from ssrm.paths.graph import Edge, Node, NodeKind

IMDSV1_EASE = 0.9  # one forged HTTP request (SSRF) is enough
IMDSV2_EASE = 0.3  # needs code running on the host: a PUT for a token, then the GET
LAMBDA_ROLE_EASE = 0.7  # needs code running in the function (its role's keys are in its environment)
LATERAL_EASE = 0.3  # a service on the next host must be exploitable too


def instance_role(ctx: BuildContext, instance: Instance) -> tuple[str | None, str]:
    """The role behind an instance's profile and the profile's name ("" when unknown)."""
    if not instance.instance_profile_arn:
        return None, ""
    profile = ctx.inventory.get(IamInstanceProfile, instance.instance_profile_arn)
    name = instance.instance_profile_arn.rsplit("/", 1)[-1]
    if profile is None or not profile.role_arns:
        return None, name
    return profile.role_arns[0], name


def _role_label(ctx: BuildContext, role_arn: str) -> str:
    node = ctx.graph.nodes.get(role_arn)
    return node.label if node else role_arn.rsplit("/", 1)[-1]


def _instance(ctx: BuildContext, instance: Instance) -> None:
    graph = ctx.graph
    ctx.resource_node(instance, NodeKind.COMPUTE)
    role_arn, profile = instance_role(ctx, instance)
    metadata = instance.metadata
    if role_arn and role_arn in graph.nodes and metadata.endpoint_enabled:
        role = _role_label(ctx, role_arn)
        creds = graph.add_node(Node(id=f"credentials:{instance.arn}", kind=NodeKind.CREDENTIAL,
                                    label=f"{role}'s credentials on {instance.label}"))
        if metadata.imdsv1_allowed:
            fix = ctx.fix_for("ec2_instance_imdsv1_allowed", instance.arn)
            sentence = (f"On {instance.label} the instance metadata service still answers IMDSv1, so one forged "
                        f"request (SSRF) to 169.254.169.254 returns the temporary credentials of {role} "
                        f"(instance profile {profile}).")
            graph.add_edge(Edge(instance.arn, creds.id, Stage.CONTROL, "T1552.005", sentence, IMDSV1_EASE,
                                "ec2_instance_imdsv1_allowed" if fix else None, ((fix,),) if fix else ()))
        else:
            sentence = (f"With code running on {instance.label}, the attacker asks the metadata service (IMDSv2, "
                        f"token required) for the temporary credentials of {role} (instance profile {profile}).")
            graph.add_edge(Edge(instance.arn, creds.id, Stage.CONTROL, "T1552.005", sentence, IMDSV2_EASE))
        graph.add_edge(Edge(creds.id, role_arn, Stage.DISCOVER_SPREAD, "T1078.004",
                            f"The stolen credentials work from anywhere: the attacker now calls AWS as {role}."))
    if instance.user_data_secrets:
        secrets = graph.add_node(Node(id=f"user-data:{instance.arn}", kind=NodeKind.CREDENTIAL,
                                      label=f"credentials in {instance.label}'s user data"))
        fix = ctx.fix_for("ec2_instance_user_data_secrets", instance.arn)
        kinds = ", ".join(sorted({s.kind for s in instance.user_data_secrets}))
        graph.add_edge(Edge(instance.arn, secrets.id, Stage.CONTROL, "T1552.005",
                            f"{instance.label}'s user data, readable from its metadata service, holds {kinds}.",
                            IMDSV1_EASE if metadata.imdsv1_allowed else IMDSV2_EASE,
                            "ec2_instance_user_data_secrets" if fix else None, ((fix,),) if fix else ()))


def _function(ctx: BuildContext, function: LambdaFunction) -> None:
    graph = ctx.graph
    ctx.resource_node(function, NodeKind.COMPUTE)
    if function.role_arn in graph.nodes:
        role = _role_label(ctx, function.role_arn)
        creds = graph.add_node(Node(id=f"credentials:{function.arn}", kind=NodeKind.CREDENTIAL,
                                    label=f"{role}'s credentials in {function.label}"))
        graph.add_edge(Edge(function.arn, creds.id, Stage.CONTROL, "T1552",
                            f"Code running in {function.label} reads {role}'s temporary keys from its environment "
                            "(AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN).", LAMBDA_ROLE_EASE))
        graph.add_edge(Edge(creds.id, function.role_arn, Stage.DISCOVER_SPREAD, "T1078.004",
                            f"The keys work outside the function: the attacker now calls AWS as {role}."))
    if function.environment_secret_hints:
        secrets = graph.add_node(Node(id=f"environment:{function.arn}", kind=NodeKind.CREDENTIAL,
                                      label=f"credentials in {function.label}'s environment"))
        fix = ctx.fix_for("lambda_function_env_secrets", function.arn)
        graph.add_edge(Edge(function.arn, secrets.id, Stage.CONTROL, "T1552.001",
                            f"{function.label}'s environment variables hold credentials: "
                            f"{', '.join(function.environment_secret_hints[:3])}.", LAMBDA_ROLE_EASE,
                            "lambda_function_env_secrets" if fix else None, ((fix,),) if fix else ()))


def _lateral(ctx: BuildContext) -> None:
    """Compute inside a security group reaches instances and databases whose groups admit that group."""
    graph = ctx.graph
    network = ctx.network
    members: dict[str, list[str]] = {}
    for instance in ctx.inventory.of_type(Instance):
        if instance.state in ("terminated", "shutting-down"):
            continue
        for group in instance.security_group_ids:
            members.setdefault(group, []).append(instance.arn)
    used_positions: set[str] = set()
    targets: list[tuple[str, str, tuple[str, ...], str]] = [
        (i.arn, i.label, i.security_group_ids, i.vpc_id or "") for i in ctx.inventory.of_type(Instance)]
    targets += [(d.arn, d.label, tuple(d.security_group_ids), d.vpc_id or "")
                for d in ctx.inventory.of_type(RdsDbInstance)]
    for arn, label, groups, _ in targets:
        if arn not in graph.nodes:
            continue
        for source, service in network.admitted_from_groups(groups).items():
            if source not in members:
                continue
            source_group = network.groups.get(source)
            name = source_group.group_name if source_group else source
            position = f"inside:{source}"
            if position not in used_positions:
                graph.add_node(Node(id=position, kind=NodeKind.ENDPOINT, label=f"a host in security group {name}"))
                used_positions.add(position)
            is_database = graph.nodes[arn].kind is NodeKind.DATA
            technique = "T1210" if not is_database else "T1213.006"
            verb = "exploits a service of" if not is_database else "connects to the database port of"
            graph.add_edge(Edge(position, arn, Stage.DISCOVER_SPREAD, technique,
                                f"From inside {name}, the attacker {verb} {label} on {service} "
                                f"(its security group admits {name}).", LATERAL_EASE))
    for position in used_positions:
        group = position.removeprefix("inside:")
        for member in members.get(group, []):
            graph.add_edge(Edge(member, position, Stage.DISCOVER_SPREAD, "T1046",
                                f"{graph.nodes[member].label} sits in security group "
                                f"{ctx.network.groups[group].group_name if group in ctx.network.groups else group}"
                                ", so its network position is that group's."))


def add_compute(ctx: BuildContext) -> None:
    for instance in ctx.inventory.of_type(Instance):
        if instance.state not in ("terminated", "shutting-down"):
            _instance(ctx, instance)
    for function in ctx.inventory.of_type(LambdaFunction):
        _function(ctx, function)
    _lateral(ctx)
