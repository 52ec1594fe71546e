"""identity rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.identity import (
    accessanalyzer,
    cloudtrail,
    config,
    governance,
    guardduty,
    iam_account,
    iam_kms,
    iam_password,
    iam_policies,
    iam_roles,
    iam_root,
    iam_users,
    inspector,
    organizations,
    securityhub,
)

MODULES: tuple[ModuleType, ...] = (
    iam_root,
    iam_users,
    iam_policies,
    iam_roles,
    iam_password,
    iam_account,
    cloudtrail,
    config,
    guardduty,
    accessanalyzer,
    securityhub,
    organizations,
    inspector,
    iam_kms,
    governance,
)
