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
