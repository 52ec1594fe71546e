"""identity resource types: IAM, Organizations, and the account's logging and detection services."""

from ssrm.model.resources.identity import (
    accessanalyzer,
    auditmanager,
    cloudtrail,
    config,
    governance,
    guardduty,
    iam,
    organizations,
    securityhub,
)

__all__ = ["accessanalyzer", "auditmanager", "cloudtrail", "config", "governance", "guardduty", "iam", "organizations",
           "securityhub"]
