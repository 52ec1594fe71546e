"""Step Functions state machines."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class StepFunctionsStateMachine(Resource):
    resource_type = "AWS::StepFunctions::StateMachine"
    service = "states"

    machine_type: str = "STANDARD"
    logging_level: str = "OFF"  # ALL, ERROR, FATAL, OFF
    log_destinations: tuple[str, ...] = ()
    tracing_enabled: bool = False
