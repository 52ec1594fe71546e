"""AWS Budgets (global): each budget of the account and how many alerts it sends.

One DescribeBudgets listing, then DescribeNotificationsForBudget per budget: a budget nobody is alerted on
watches nothing.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.operations.budgets import Budget
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.operations._calls import listing
from ssrm.sources.aws.context import CollectContext

BUDGET = Budget.resource_type


def collect(ctx: CollectContext) -> None:
    budgets, _ = listing(ctx, "describe_budgets", "Budgets", resource_types=(BUDGET,), AccountId=ctx.account)
    for item in budgets or []:
        ctx.add(to_budget(ctx, item))


def to_budget(ctx: CollectContext, item: dict[str, Any]) -> Budget:
    name = str(item.get("BudgetName", ""))
    arn = f"arn:aws:budgets::{ctx.account}:budget/{name}"
    notes, why = listing(ctx, "describe_notifications_for_budget", "Notifications", resource=arn,
                         AccountId=ctx.account, BudgetName=name)
    limit = item.get("BudgetLimit") or {}
    return Budget(
        arn=arn, id=name, name=name, account=ctx.account, region=ctx.resource_region,
        budget_type=str(item.get("BudgetType", "")),
        limit=f"{limit.get('Amount', '')} {limit.get('Unit', '')}".strip(),
        notifications=len(notes or []), unknown={"notifications": why} if notes is None else {},
    )


COLLECTOR = Collector(
    name="budgets",
    client="budgets",
    scope="global",
    resource_types=(BUDGET,),
    actions=("budgets:ViewBudget",),
    collect=collect,
    title="AWS Budgets",
)
