"""AWS Budgets: the account's budgets and whether anyone is told when spending crosses them."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class Budget(Resource):
    resource_type = "AWS::Budgets::Budget"
    service = "budgets"

    budget_type: str = "COST"  # COST | USAGE | RI_UTILIZATION | SAVINGS_PLANS_COVERAGE | ...
    limit: str = ""  # "100.0 USD"
    notifications: int = 0  # DescribeNotificationsForBudget: alerts, each with its subscribers
