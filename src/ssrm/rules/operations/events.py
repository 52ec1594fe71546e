"""EventBridge rules: bus policies open to anyone, custom buses without a policy, buses without archive."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.operations.events import EventArchive, EventBus
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.operations._scope import require_scanned
from ssrm.rules.policy import actions_of, public_statements

BUS_POLICY_TF = ('resource "aws_cloudwatch_event_bus_policy" "this" {\n'
                 '  event_bus_name = aws_cloudwatch_event_bus.this.name\n'
                 '  policy         = data.aws_iam_policy_document.bus.json\n}')


@rule(
    id="eventbridge_bus_policy_public", title="EventBridge event bus policies do not grant access to anyone",
    resource_type=EventBus, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1546"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("policy",),
    remediation=Remediation(
        text="Replace Principal \"*\" with named accounts or pin it with aws:PrincipalOrgID.",
        cli="aws events remove-permission --event-bus-name BUS --statement-id SID",
        terraform=BUS_POLICY_TF,
    ),
    skips="statements limited by a restricting condition (organization, account, source ARN)",
)
def bus_policy_public(bus: EventBus, inv: Inventory) -> Verdict:
    """Anyone who can PutEvents on the bus can trigger the targets of its rules with forged events."""
    open_statements = public_statements(bus.policy)
    if open_statements:
        actions = ", ".join(actions_of(open_statements[0])) or "NotAction"
        return failed(f"bus policy allows {actions} to Principal \"*\" with no restricting condition")
    return passed("no bus policy statement is open to anyone" if bus.policy else "no bus policy")


@rule(
    id="eventbridge_custom_bus_policy", title="EventBridge custom event buses have a resource-based policy",
    description=("A resource policy states explicitly which accounts and services may put events on the bus, instead "
                 "of relying on defaults."),
    resource_type=EventBus, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.LOW,
    stage=Stage.DISCOVER_SPREAD, attack=("T1546",), phase=Phase.EFFICIENT, smm="IA3.1",
    needs=("policy",),
    remediation=Remediation(
        text="Attach a policy naming exactly which accounts or services may put events on the bus.",
        cli="aws events put-permission --event-bus-name BUS --policy file://bus-policy.json",
        terraform=BUS_POLICY_TF,
    ),
    references=("FSBP EventBridge.3",),
    skips="the default bus and partner event buses",
)
def custom_bus_policy(bus: EventBus, inv: Inventory) -> Verdict:
    if bus.is_default or bus.is_partner:
        return not_applicable(f"{bus.name} is not a custom event bus")
    if bus.policy:
        return passed("custom bus has a resource-based policy")
    return failed(f"custom bus {bus.label} has no resource-based policy")


@rule(
    id="eventbridge_bus_archive", title="Custom EventBridge event buses archive their events",
    description=("An archive keeps the events a bus received, so they can be replayed after an outage or examined "
                 "after an incident."),
    resource_type=EventBus, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485",), phase=Phase.QUICK_WINS, smm="RS1.1",
    uses=(EventArchive,),
    remediation=Remediation(
        text="Create an archive on the bus so lost or mishandled events can be replayed.",
        cli="aws events create-archive --archive-name BUS-archive --event-source-arn BUS_ARN --retention-days 30",
        terraform='resource "aws_cloudwatch_event_archive" "this" {\n  name             = "bus-archive"\n'
                  '  event_source_arn = aws_cloudwatch_event_bus.this.arn\n  retention_days   = 30\n}',
    ),
    skips="the default bus and partner event buses",
)
def bus_archive(bus: EventBus, inv: Inventory) -> Verdict:
    if bus.is_default or bus.is_partner:
        return not_applicable(f"{bus.name} is not a custom event bus")
    require_scanned(inv, "events")
    archives = [a for a in inv.in_region(EventArchive, bus.region) if a.event_source_arn == bus.arn]
    if archives:
        return passed(f"archived by {archives[0].label}")
    return failed(f"custom bus {bus.label} has no archive")
