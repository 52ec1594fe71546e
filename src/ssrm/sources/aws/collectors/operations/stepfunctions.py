"""Step Functions: ListStateMachines, then DescribeStateMachine per machine (no batch form exists)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.operations.stepfunctions import StepFunctionsStateMachine
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.operations._calls import listing
from ssrm.sources.aws.context import CollectContext

MACHINE = StepFunctionsStateMachine.resource_type
DESCRIBED = ("logging_level", "log_destinations", "tracing_enabled")


def collect(ctx: CollectContext) -> None:
    machines, _ = listing(ctx, "list_state_machines", "stateMachines", token="nextToken",
                          resource_types=(MACHINE,))
    for machine in ctx.parallel(lambda m: read_machine(ctx, m), machines or []):
        ctx.add(machine)


def read_machine(ctx: CollectContext, item: dict[str, Any]) -> StepFunctionsStateMachine:
    arn = str(item["stateMachineArn"])
    name = str(item.get("name") or arn.rsplit(":", 1)[-1])
    base: dict[str, Any] = {"arn": arn, "id": name, "name": name, "account": ctx.account, "region": ctx.region,
                            "machine_type": item.get("type", "STANDARD")}
    reply = ctx.call("describe_state_machine", stateMachineArn=arn, resource=name)
    if not reply.ok:
        return StepFunctionsStateMachine(**base, unknown=dict.fromkeys(DESCRIBED, reply.reason))
    logging = reply.get("loggingConfiguration") or {}
    groups = [((d.get("cloudWatchLogsLogGroup") or {}).get("logGroupArn")) for d in logging.get("destinations") or []]
    return StepFunctionsStateMachine(
        **base, logging_level=logging.get("level", "OFF"), log_destinations=tuple(g for g in groups if g),
        tracing_enabled=bool((reply.get("tracingConfiguration") or {}).get("enabled")),
    )


COLLECTOR = Collector(
    name="stepfunctions",
    client="stepfunctions",
    scope="regional",
    resource_types=(MACHINE,),
    actions=("states:ListStateMachines", "states:DescribeStateMachine"),
    collect=collect,
    title="Step Functions",
)
