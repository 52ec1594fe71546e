"""identity collectors: IAM, Organizations, CloudTrail, Config, GuardDuty, Access Analyzer, Security Hub."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.identity import (
    accessanalyzer,
    cloudtrail,
    config,
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
)
