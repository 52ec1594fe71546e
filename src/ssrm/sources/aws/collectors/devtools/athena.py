"""Athena: workgroups (ListWorkGroups, then GetWorkGroup each: there is no batch form).

Shape: Athena API reference, ``WorkGroup.Configuration`` (ResultConfiguration.EncryptionConfiguration,
EnforceWorkGroupConfiguration).
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.devtools.athena import AthenaWorkGroup
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

WORKGROUP = AthenaWorkGroup.resource_type
DETAIL = ("encryption_option", "enforce_configuration")


def collect(ctx: CollectContext) -> None:
    groups = ctx.pages("list_work_groups", "WorkGroups", resource_types=(WORKGROUP,))
    for group in ctx.parallel(lambda g: workgroup_of(ctx, g), groups or []):
        ctx.add(group)


def workgroup_of(ctx: CollectContext, summary: dict[str, Any]) -> AthenaWorkGroup:
    name = summary["Name"]
    base: dict[str, Any] = {"arn": ctx.arn("athena", f"workgroup/{name}"), "id": name, "name": name,
                            "account": ctx.account, "region": ctx.region, "state": summary.get("State", "ENABLED")}
    reply = ctx.call("get_work_group", WorkGroup=name, resource=name)
    if not reply.ok:
        return AthenaWorkGroup(**base, unknown=dict.fromkeys(DETAIL, reply.reason))
    configuration = (reply.get("WorkGroup") or {}).get("Configuration") or {}
    results = configuration.get("ResultConfiguration") or {}
    encryption = results.get("EncryptionConfiguration") or {}
    return AthenaWorkGroup(
        **base, encryption_option=encryption.get("EncryptionOption") or None, kms_key=encryption.get("KmsKey"),
        enforce_configuration=bool(configuration.get("EnforceWorkGroupConfiguration")),
        output_location=results.get("OutputLocation"),
    )


COLLECTOR = Collector(
    name="athena",
    client="athena",
    scope="regional",
    resource_types=(WORKGROUP,),
    actions=("athena:ListWorkGroups", "athena:GetWorkGroup"),
    collect=collect,
    title="Athena",
)
