"""Step Functions rules: execution logging and tracing."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.operations.stepfunctions import StepFunctionsStateMachine
from ssrm.rules.base import Verdict, failed, passed, rule


@rule(
    id="stepfunctions_state_machine_logging", title="Step Functions state machines log executions",
    description=("Execution logs record what each workflow run did and with which input, needed to investigate "
                 "failures and misuse."),
    resource_type=StepFunctionsStateMachine, layer=Layer.APPS, domain=Domain.THREAT_DETECTION,
    severity=Severity.MEDIUM, stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.QUICK_WINS, smm="TD1.2",
    needs=("logging_level",),
    remediation=Remediation(
        text="Send execution history to CloudWatch Logs (level ERROR or ALL).",
        cli="aws stepfunctions update-state-machine --state-machine-arn ARN --logging-configuration "
            "'level=ERROR,includeExecutionData=false,destinations=[{cloudWatchLogsLogGroup={logGroupArn=LOG_GROUP_ARN}}]'",
        terraform='resource "aws_sfn_state_machine" "this" {\n  logging_configuration {\n'
                  '    log_destination = "${aws_cloudwatch_log_group.sfn.arn}:*"\n    level = "ERROR"\n  }\n}',
    ),
    references=("FSBP StepFunctions.1",),
    skips="which level is enough (any level but OFF passes)",
)
def machine_logging(machine: StepFunctionsStateMachine, inv: Inventory) -> Verdict:
    if machine.logging_level and machine.logging_level != "OFF":
        return passed(f"logging level {machine.logging_level}")
    return failed(f"state machine {machine.label} logging level is OFF")


@rule(
    id="stepfunctions_state_machine_tracing", title="Step Functions state machines trace with X-Ray",
    description=("X-Ray tracing follows each execution through the services it calls, showing unexpected paths and "
                 "failures."),
    resource_type=StepFunctionsStateMachine, layer=Layer.APPS, domain=Domain.THREAT_DETECTION,
    severity=Severity.LOW, stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.EFFICIENT, smm="TD3.1",
    needs=("tracing_enabled",),
    remediation=Remediation(
        text="Enable X-Ray tracing to follow each execution across the services it calls.",
        cli="aws stepfunctions update-state-machine --state-machine-arn ARN --tracing-configuration enabled=true",
        terraform='resource "aws_sfn_state_machine" "this" {\n  tracing_configuration {\n    enabled = true\n  }\n}',
    ),
    skips="sampling rules of X-Ray",
)
def machine_tracing(machine: StepFunctionsStateMachine, inv: Inventory) -> Verdict:
    if machine.tracing_enabled:
        return passed("X-Ray tracing enabled")
    return failed(f"state machine {machine.label} has X-Ray tracing off")
