"""identity rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.identity import (
    accessanalyzer,
    assurance,
    cloudtrail,
    config,
    governance,
    guardduty,
    iam_account,
    iam_escalation,
    iam_keys,
    iam_kms,
    iam_password,
    iam_policies,
    iam_roles,
    iam_root,
    iam_users,
    inspector,
    org_guardrails,
    org_perimeter,
    organizations,
    securityhub,
)

MODULES: tuple[ModuleType, ...] = (
    iam_root,
    iam_users,
    iam_keys,
    iam_policies,
    iam_roles,
    iam_password,
    iam_account,
    iam_escalation,
    cloudtrail,
    config,
    guardduty,
    accessanalyzer,
    assurance,
    securityhub,
    organizations,
    org_guardrails,
    org_perimeter,
    inspector,
    iam_kms,
    governance,
)
