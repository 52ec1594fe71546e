"""AWS Config rules: a recorder records every resource type in every scanned region."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.account import Region
from ssrm.model.resources.identity.config import ConfigRecorder
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.listing import not_scanned


@rule(
    id="config_recorder_enabled", title="AWS Config records all resources in every region",
    resource_type=Region, layer=Layer.CLOUD, domain=Domain.ASSURANCE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1578.005",), phase=Phase.FOUNDATIONAL, smm="SA2.1", uses=(ConfigRecorder,),
    remediation=Remediation(
        text="Create a configuration recorder for all supported resource types, a delivery channel, and "
             "start recording.",
        cli="aws configservice put-configuration-recorder --configuration-recorder "
            "name=default,roleARN=<ROLE_ARN> --recording-group allSupported=true,includeGlobalResourceTypes=true "
            "&& aws configservice start-configuration-recorder --configuration-recorder-name default",
        terraform='resource "aws_config_configuration_recorder" "main" {\n  role_arn = "<ROLE_ARN>"\n'
                  '  recording_group {\n    all_supported = true\n  }\n}',
    ),
    references=("CIS 4.3", "FSBP Config.1"),
)
def recorder_enabled(region: Region, inv: Inventory) -> Verdict:
    """Without a recorder there is no configuration history to investigate or assess."""
    skipped = not_scanned(inv, "config", "AWS Config")
    if skipped:
        return skipped
    recorders = list(inv.in_region(ConfigRecorder, region.id))
    if not recorders:
        return failed(f"no AWS Config recorder in {region.id}")
    for recorder in recorders:
        if "recording" not in recorder.unknown and recorder.recording and recorder.all_supported:
            return passed(f"recorder {recorder.name} records all resource types in {region.id}")
    problems: list[str] = []
    for recorder in recorders:
        recorder.need("recording")
        problems.append(f"recorder {recorder.name} " + ("is stopped" if not recorder.recording
                                                          else "records only selected resource types"))
    return failed(f"{region.id}: " + "; ".join(problems))


@rule(
    id="config_auto_remediation", title="AWS Config corrects drift automatically for some rules",
    description=("A Config rule that only reports drift waits for someone to act; an automatic remediation (an SSM "
                 "Automation runbook attached to the rule) puts the setting back, such as re-blocking public access "
                 "on a bucket, within minutes of the change."),
    resource_type=ConfigRecorder, layer=Layer.CLOUD, domain=Domain.INCIDENT_RESPONSE, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=("T1578.005", "T1562.001"), phase=Phase.OPTIMIZED, smm="IR4.4",
    needs=("auto_remediations",),
    remediation=Remediation(
        text="Attach automatic remediations (SSM Automation documents such as AWS-DisableS3BucketPublicReadWrite) "
             "to the Config rules whose fix is always the same, with a retry limit.",
        cli="aws configservice put-remediation-configurations --remediation-configurations "
            "'[{\"ConfigRuleName\":\"s3-bucket-public-read-prohibited\",\"TargetType\":\"SSM_DOCUMENT\","
            "\"TargetId\":\"AWS-DisableS3BucketPublicReadWrite\",\"Automatic\":true,"
            "\"MaximumAutomaticAttempts\":3,\"RetryAttemptSeconds\":60}]'",
        terraform='resource "aws_config_remediation_configuration" "public_read" {\n'
                  '  config_rule_name = aws_config_config_rule.public_read.name\n  target_type      = "SSM_DOCUMENT"\n'
                  '  target_id        = "AWS-DisableS3BucketPublicReadWrite"\n  automatic        = true\n'
                  '  maximum_automatic_attempts = 3\n  retry_attempt_seconds      = 60\n}',
    ),
    skips="remediation run by other tools (Security Hub automation rules, a CSPM's auto-fix)",
)
def auto_remediation(recorder: ConfigRecorder, inv: Inventory) -> Verdict:
    if recorder.auto_remediations:
        return passed(f"{recorder.auto_remediations} Config rule(s) in {recorder.region} remediate automatically")
    return failed(f"no Config rule in {recorder.region} remediates automatically")
