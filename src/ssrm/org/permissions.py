"""What an organization scan needs: a policy for the management (or delegated admin) identity, and one for
the member role it assumes in every account."""

from __future__ import annotations

from typing import Any

from ssrm.org.options import DEFAULT_MEMBER_ROLE

ORGANIZATION_ACTIONS = (
    "organizations:DescribeOrganization",
    "organizations:DescribePolicy",
    "organizations:ListAccountsForParent",
    "organizations:ListDelegatedAdministrators",
    "organizations:ListDelegatedServicesForAccount",
    "organizations:ListOrganizationalUnitsForParent",
    "organizations:ListPolicies",
    "organizations:ListRoots",
    "organizations:ListTagsForResource",
    "organizations:ListTargetsForPolicy",
)


def org_permissions(member_role: str = DEFAULT_MEMBER_ROLE) -> dict[str, Any]:
    from ssrm.sources.aws.collectors import required_actions

    return {
        "management": {
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "SsrmReadOrganization", "Effect": "Allow", "Action": list(ORGANIZATION_ACTIONS),
                 "Resource": "*"},
                {"Sid": "SsrmAssumeMemberRole", "Effect": "Allow", "Action": "sts:AssumeRole",
                 "Resource": f"arn:aws:iam::*:role/{member_role}"},
            ],
        },
        "member_role": {
            "name": member_role,
            "policy": {
                "Version": "2012-10-17",
                "Statement": [{"Sid": "SsrmReadOnly", "Effect": "Allow", "Action": required_actions(),
                               "Resource": "*"}],
            },
            "trust": "the management account (or the account the workers run in), with sts:ExternalId when "
                     "--external-id is used",
        },
    }
