"""Amazon ECS clusters, task definitions (the latest ACTIVE revision of each family) and services.

Environment variable values are never stored: only their names and redacted hints of credentials in them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ssrm.model.resource import Resource, resource_type

ROOT_USERS = frozenset({"root", "0"})


@resource_type
class EcsCluster(Resource):
    resource_type = "AWS::ECS::Cluster"
    service = "ecs"

    status: str = ""
    container_insights: str = "disabled"  # "enabled", "enhanced" or "disabled"


class ContainerDefinition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    image: str = ""
    privileged: bool = False
    user: str | None = None  # None: the image's default user, root for most images
    readonly_root_filesystem: bool = False
    log_driver: str | None = None
    environment_variable_names: tuple[str, ...] = ()
    environment_secret_hints: tuple[str, ...] = ()

    @property
    def runs_as_root(self) -> bool:
        """No user, or root by name or uid (``root:group`` and ``0:0`` too)."""
        return self.user is None or self.user.split(":")[0].strip() in ROOT_USERS


@resource_type
class EcsTaskDefinition(Resource):
    resource_type = "AWS::ECS::TaskDefinition"
    service = "ecs"

    family: str = ""
    revision: int = 0
    status: str = "ACTIVE"
    network_mode: str = "bridge"  # AWS's default when the definition names none
    pid_mode: str | None = None
    requires_compatibilities: tuple[str, ...] = ()
    task_role_arn: str | None = None
    execution_role_arn: str | None = None
    containers: tuple[ContainerDefinition, ...] = ()


@resource_type
class EcsService(Resource):
    resource_type = "AWS::ECS::Service"
    service = "ecs"

    cluster_arn: str = ""
    launch_type: str | None = None  # None when a capacity provider strategy decides
    capacity_providers: tuple[str, ...] = ()
    platform_version: str | None = None
    assign_public_ip: bool = False
    subnet_ids: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    task_definition_arn: str = ""

    @property
    def on_fargate(self) -> bool:
        return self.launch_type == "FARGATE" or any(p.startswith("FARGATE") for p in self.capacity_providers)
