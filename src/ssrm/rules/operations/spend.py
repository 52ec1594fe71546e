"""Spending watched (SMM TD1.3): a budget with an alert, or a billing alarm, tells someone when the bill jumps,
which is often the first sign of stolen credentials running crypto-miners."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, UnknownField
from ssrm.model.resources.account import Account
from ssrm.model.resources.operations.budgets import Budget
from ssrm.model.resources.operations.cloudwatch import CloudWatchAlarm
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.identity.listing import require_listed

BILLING_REGION = "us-east-1"  # AWS publishes the EstimatedCharges metric only in us-east-1


def billing_alarms(inv: Inventory) -> list[CloudWatchAlarm]:
    return [a for a in inv.of_type(CloudWatchAlarm)
            if a.namespace == "AWS/Billing" and a.metric_name == "EstimatedCharges" and a.actions_enabled
            and a.alarm_actions]


@rule(
    id="budgets_spend_alert", title="Spending is watched by a budget alert or a billing alarm",
    description=("Stolen keys are most often used to run crypto-miners; the bill is where that shows first. A cost "
                 "budget with an alert (or a CloudWatch billing alarm) tells a person within hours, not at the end "
                 "of the month."),
    resource_type=Account, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1496.001",), phase=Phase.QUICK_WINS, smm="TD1.3",
    uses=(Budget, CloudWatchAlarm),
    remediation=Remediation(
        text="Create a monthly cost budget with an alert on actual and forecast spend to a monitored address "
             "(or an alarm on AWS/Billing EstimatedCharges in us-east-1 with billing alerts enabled).",
        cli="aws budgets create-budget --account-id ACCOUNT --budget file://budget.json "
            "--notifications-with-subscribers file://alerts.json",
        terraform='resource "aws_budgets_budget" "monthly" {\n  name         = "monthly"\n  budget_type  = "COST"\n'
                  '  limit_amount = "500"\n  limit_unit   = "USD"\n  time_unit    = "MONTHLY"\n'
                  '  notification {\n    comparison_operator        = "GREATER_THAN"\n'
                  '    threshold                  = 80\n'
                  '    threshold_type             = "PERCENTAGE"\n    notification_type          = "FORECASTED"\n'
                  '    subscriber_email_addresses = ["finops@example.com"]\n  }\n}',
    ),
    skips="budgets of the payer account that cover this member (not visible from the member)",
)
def spend_alert(account: Account, inv: Inventory) -> Verdict:
    budgets_scanned, alarms_scanned = inv.scanned("budgets"), inv.scanned("cloudwatch")
    if not budgets_scanned and not alarms_scanned:
        return not_applicable("neither AWS Budgets nor CloudWatch alarms were scanned")
    alarms = billing_alarms(inv)
    if alarms:
        return passed(f"billing alarm {alarms[0].name} alerts {alarms[0].alarm_actions[0]}")
    alerted = [b for b in inv.of_type(Budget) if b.budget_type == "COST"]
    for budget in alerted:
        budget.need("notifications")
    alerted = [b for b in alerted if b.notifications]
    if alerted:
        return passed(f"cost budget {alerted[0].name} ({alerted[0].limit}) sends {alerted[0].notifications} alert(s)")
    # Nothing found: only a complete look at both places may say so.
    require_listed(inv, Budget.resource_type, CloudWatchAlarm.resource_type)
    if not budgets_scanned or not alarms_scanned:
        left_out = "AWS Budgets" if not budgets_scanned else "CloudWatch alarms"
        return not_applicable(f"no spend alert found, but {left_out} was not scanned")
    if BILLING_REGION not in inv.regions:
        raise UnknownField("alarms", f"billing alarms live in {BILLING_REGION}, which the scan left out")
    return failed("no cost budget with an alert and no billing alarm: nobody is told when spending jumps")
