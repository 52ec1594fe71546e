"""AWS Config (regional): DescribeConfigurationRecorders and their status (two calls per region)."""

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
    for entry in entries:
        name = entry.get("name", "default")
        group = entry.get("recordingGroup") or {}
        status = by_name.get(name)
        unknown: dict[str, str] = {}
        if not statuses.ok:
            unknown = dict.fromkeys(("recording", "last_status"), statuses.reason)
        elif status is None:
            unknown = dict.fromkeys(("recording", "last_status"), "no status returned for this recorder")
        ctx.add(ConfigRecorder(
            arn=entry.get("arn") or ctx.arn("config", f"configuration-recorder/{name}"), id=name, name=name,
            account=ctx.account, region=ctx.region, unknown=unknown, role_arn=entry.get("roleARN", ""),
            all_supported=bool(group.get("allSupported")),
            include_global_types=bool(group.get("includeGlobalResourceTypes")),
            recording=bool((status or {}).get("recording")), last_status=(status or {}).get("lastStatus", ""),
        ))


COLLECTOR = Collector(
    name="config",
    client="config",
    scope="regional",
    title="AWS Config",
    resource_types=(RECORDER,),
    actions=("config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus"),
    collect=collect,
)
