"""identity collectors: IAM, Organizations, CloudTrail, Config, GuardDuty, Access Analyzer, Security Hub, Audit
Manager."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.identity import (
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

COLLECTORS: tuple[Collector, ...] = (
    iam.COLLECTOR,
    organizations.COLLECTOR,
    cloudtrail.COLLECTOR,
    config.COLLECTOR,
    guardduty.COLLECTOR,
    accessanalyzer.COLLECTOR,
    securityhub.COLLECTOR,
    governance.CONTACT_COLLECTOR,
    governance.MACIE_COLLECTOR,
    auditmanager.COLLECTOR,
)
