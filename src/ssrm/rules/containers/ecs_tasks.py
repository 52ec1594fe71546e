"""ECS task definition rules (latest ACTIVE revision of each family): what a container may do to its host."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.containers.ecs import EcsTaskDefinition
from ssrm.rules.base import Verdict, failed, passed, rule

REGISTER = "aws ecs register-task-definition --cli-input-json file://task-definition.json"


def _tf(container_lines: str) -> str:
    return ('resource "aws_ecs_task_definition" "this" {\n  container_definitions = jsonencode([{\n'
            f'    name = "app"\n{container_lines}\n  }}])\n}}')


@rule(
    id="ecs_task_definition_privileged", title="ECS containers do not run privileged",
    resource_type=EcsTaskDefinition, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1611", "T1610"), phase=Phase.EFFICIENT, smm="IA3.1",
    needs=("containers",),
    remediation=Remediation(
        text="Remove privileged: true; grant the specific Linux capabilities the container needs instead.",
        cli=REGISTER + "  # with \"privileged\": false in every container definition",
        terraform=_tf("    privileged = false"),
    ),
    references=("FSBP ECS.4",),
    skips="earlier revisions of the family (only the latest ACTIVE one is judged)",
)
def task_privileged(task: EcsTaskDefinition, inv: Inventory) -> Verdict:
    """A privileged container has every device and capability of the host: escaping it is trivial."""
    privileged = [c.name for c in task.containers if c.privileged]
    if privileged:
        return failed(f"{task.label} runs privileged containers: {', '.join(privileged)}")
    return passed("no privileged containers")


@rule(
    id="ecs_task_definition_host_network_root", title="ECS tasks in host network mode do not run as root",
    resource_type=EcsTaskDefinition, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.DISCOVER_SPREAD, attack=("T1611", "T1046"), phase=Phase.EFFICIENT, smm="IA3.1",
    needs=("network_mode", "containers"),
    remediation=Remediation(
        text="Use awsvpc network mode, or set a non-root user on every container of a host-mode task.",
        cli=REGISTER + "  # with \"networkMode\": \"awsvpc\" or \"user\": \"1000\"",
        terraform='resource "aws_ecs_task_definition" "this" {\n  network_mode = "awsvpc"\n}',
    ),
    references=("FSBP ECS.1",),
    skips="tasks in bridge, awsvpc or none network mode (not applicable to the control)",
)
def task_host_network_root(task: EcsTaskDefinition, inv: Inventory) -> Verdict:
    """In host mode a root container shares the instance's network stack and can bind or sniff any port."""
    if task.network_mode != "host":
        return passed(f"network mode {task.network_mode}")
    root = [c.name for c in task.containers if c.runs_as_root]
    if root:
        return failed(f"{task.label} uses host network mode with root containers: {', '.join(root)}")
    return passed("host network mode, every container runs as a non-root user")


@rule(
    id="ecs_task_definition_root_user", title="ECS containers name a non-root user",
    description=("A container running as root turns any code execution inside it into root on the container, and a "
                 "shorter path to the host."),
    resource_type=EcsTaskDefinition, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.DISCOVER_SPREAD, attack=("T1611", "T1068"), phase=Phase.EFFICIENT, smm="IA3.1",
    needs=("containers",),
    remediation=Remediation(
        text="Set user to a non-root uid (and build the image to run as it).",
        cli=REGISTER + "  # with \"user\": \"1000:1000\" in every container definition",
        terraform=_tf('    user = "1000:1000"'),
    ),
    references=(),
    skips="the image's own USER instruction (an unset user is treated as root, the default of most images)",
)
def task_root_user(task: EcsTaskDefinition, inv: Inventory) -> Verdict:
    root = [c.name for c in task.containers if c.runs_as_root]
    if root:
        return failed(f"{task.label} containers run as root (user unset or root): {', '.join(root)}")
    return passed("every container names a non-root user")


@rule(
    id="ecs_task_definition_pid_mode_host", title="ECS tasks do not share the host's process namespace",
    description=("Sharing the host's process namespace lets a container see and signal every process on the host, a "
                 "step towards escaping it."),
    resource_type=EcsTaskDefinition, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1611", "T1613"), phase=Phase.EFFICIENT, smm="IA3.1",
    needs=("pid_mode",),
    remediation=Remediation(
        text="Remove pidMode host (or use task) so containers cannot see or signal the host's processes.",
        cli=REGISTER + "  # without \"pidMode\": \"host\"",
        terraform='resource "aws_ecs_task_definition" "this" {\n  pid_mode = "task"\n}',
    ),
    references=("FSBP ECS.3",),
)
def task_pid_mode_host(task: EcsTaskDefinition, inv: Inventory) -> Verdict:
    if task.pid_mode == "host":
        return failed(f"{task.label} shares the host's process namespace (pidMode host)")
    return passed(f"pid mode {task.pid_mode or 'private (default)'}")


@rule(
    id="ecs_task_definition_readonly_root", title="ECS containers mount their root filesystem read-only",
    resource_type=EcsTaskDefinition, layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.CONTROL, attack=("T1610", "T1543.005"), phase=Phase.EFFICIENT, smm="IP3.2",
    needs=("containers",),
    remediation=Remediation(
        text="Set readonlyRootFilesystem and give the container volumes for the paths it must write.",
        cli=REGISTER + "  # with \"readonlyRootFilesystem\": true",
        terraform=_tf("    readonlyRootFilesystem = true"),
    ),
    references=("FSBP ECS.5",),
)
def task_readonly_root(task: EcsTaskDefinition, inv: Inventory) -> Verdict:
    """A writable root filesystem lets an intruder drop and persist tools inside the container."""
    writable = [c.name for c in task.containers if not c.readonly_root_filesystem]
    if writable:
        return failed(f"{task.label} containers have a writable root filesystem: {', '.join(writable)}")
    return passed("every root filesystem is read-only")


@rule(
    id="ecs_task_definition_env_secrets", title="ECS task definitions keep no secrets in environment variables",
    resource_type=EcsTaskDefinition, layer=Layer.HOSTS, domain=Domain.APPSEC, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1552.001", "T1552.007"), phase=Phase.FOUNDATIONAL, smm="AS2.2",
    needs=("containers",),
    remediation=Remediation(
        text="Move the values to Secrets Manager or SSM Parameter Store and reference them under secrets; "
             "rotate the exposed credentials.",
        cli=REGISTER + "  # with \"secrets\": [{\"name\": \"DB_PASSWORD\", "
                       "\"valueFrom\": \"arn:aws:secretsmanager:...\"}]",
        terraform=_tf('    secrets = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }]'),
    ),
    references=("FSBP ECS.8",),
    skips="secrets referenced under 'secrets' (the right way); values are never stored, only hints",
)
def task_env_secrets(task: EcsTaskDefinition, inv: Inventory) -> Verdict:
    """Anyone with ecs:DescribeTaskDefinition reads plain environment values."""
    hints = [h for c in task.containers for h in c.environment_secret_hints]
    if hints:
        more = f" (+{len(hints) - 1} more)" if len(hints) > 1 else ""
        return failed(f"{hints[0]}{more}")
    return passed("no credentials found in environment variables")


@rule(
    id="ecs_task_definition_logging", title="ECS containers have a logging configuration",
    description="Containers without a log configuration leave no trace of what they did once the task stops.",
    resource_type=EcsTaskDefinition, layer=Layer.HOSTS, domain=Domain.THREAT_DETECTION, severity=Severity.HIGH,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.QUICK_WINS, smm="TD1.2",
    needs=("containers",),
    remediation=Remediation(
        text="Give every container a logConfiguration (awslogs or awsfirelens) so its output is kept.",
        cli=REGISTER + "  # with \"logConfiguration\": {\"logDriver\": \"awslogs\", \"options\": {...}}",
        terraform=_tf('    logConfiguration = { logDriver = "awslogs", options = { awslogs-group = "/ecs/app",\n'
                      '      awslogs-region = "us-east-1", awslogs-stream-prefix = "app" } }'),
    ),
    references=("FSBP ECS.9",),
)
def task_logging(task: EcsTaskDefinition, inv: Inventory) -> Verdict:
    silent = [c.name for c in task.containers if not c.log_driver]
    if silent:
        return failed(f"{task.label} containers have no logging configuration: {', '.join(silent)}")
    drivers = sorted({c.log_driver or "" for c in task.containers})
    return passed(f"logging with {', '.join(drivers) or 'no containers'}")
