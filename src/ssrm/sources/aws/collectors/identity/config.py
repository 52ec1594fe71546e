"""AWS Config (regional): DescribeConfigurationRecorders and their status (two calls per region); where a
recorder exists, the Config rules and their remediation configurations (DescribeConfigRules, then
DescribeRemediationConfigurations per 25 rules), to count the remediations that run automatically."""

from __future__ import annotations

from ssrm.model.resources.identity.config import ConfigRecorder
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

RECORDER = ConfigRecorder.resource_type


def collect(ctx: CollectContext) -> None:
    recorders = ctx.call("describe_configuration_recorders", resource_types=(RECORDER,))
    if not recorders.ok:
        return
    entries = recorders.get("ConfigurationRecorders") or []
    if not entries:
        return
    statuses = ctx.call("describe_configuration_recorder_status")
    by_name = {s.get("name"): s for s in statuses.get("ConfigurationRecordersStatus") or []}
    remediations, why = automatic_remediations(ctx)
    for entry in entries:
        name = entry.get("name", "default")
        group = entry.get("recordingGroup") or {}
        status = by_name.get(name)
        unknown: dict[str, str] = {}
        if not statuses.ok:
            unknown = dict.fromkeys(("recording", "last_status"), statuses.reason)
        elif status is None:
            unknown = dict.fromkeys(("recording", "last_status"), "no status returned for this recorder")
        if why:
            unknown["auto_remediations"] = why
        ctx.add(ConfigRecorder(
            arn=entry.get("arn") or ctx.arn("config", f"configuration-recorder/{name}"), id=name, name=name,
            account=ctx.account, region=ctx.region, unknown=unknown, role_arn=entry.get("roleARN", ""),
            all_supported=bool(group.get("allSupported")),
            include_global_types=bool(group.get("includeGlobalResourceTypes")),
            recording=bool((status or {}).get("recording")), last_status=(status or {}).get("lastStatus", ""),
            auto_remediations=remediations,
        ))


REMEDIATION_BATCH = 25  # DescribeRemediationConfigurations takes at most 25 rule names


def automatic_remediations(ctx: CollectContext) -> tuple[int, str]:
    """(how many Config rules remediate automatically, "") or (0, why that could not be read)."""
    names: list[str] = []
    params: dict[str, str] = {}
    while True:
        page = ctx.call("describe_config_rules", **params)
        if not page.ok:
            return 0, page.reason
        names += [str(r["ConfigRuleName"]) for r in page.get("ConfigRules") or [] if r.get("ConfigRuleName")]
        if not page.get("NextToken"):
            break
        params = {"NextToken": str(page.get("NextToken"))}
    automatic = 0
    for start in range(0, len(names), REMEDIATION_BATCH):
        reply = ctx.call("describe_remediation_configurations", ConfigRuleNames=names[start:start + REMEDIATION_BATCH])
        if not reply.ok:
            return 0, reply.reason
        automatic += sum(1 for r in reply.get("RemediationConfigurations") or [] if r.get("Automatic"))
    return automatic, ""


COLLECTOR = Collector(
    name="config",
    client="config",
    scope="regional",
    title="AWS Config",
    resource_types=(RECORDER,),
    actions=("config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus",
             "config:DescribeConfigRules", "config:DescribeRemediationConfigurations"),
    collect=collect,
)
