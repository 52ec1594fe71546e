"""Systems Manager: managed nodes with their patch and association compliance, and own documents' sharing.

DescribeInstanceInformation lists the nodes; one ListResourceComplianceSummaries listing gives every node's
compliance by type; DescribeDocumentPermission has no batch form, so it runs per own document.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.operations.ssm import SsmDocument, SsmManagedInstance
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.operations._calls import listing, tags_of
from ssrm.sources.aws.context import CollectContext

NODE = SsmManagedInstance.resource_type
DOCUMENT = SsmDocument.resource_type


def collect(ctx: CollectContext) -> None:
    collect_nodes(ctx)
    documents, _ = listing(ctx, "list_documents", "DocumentIdentifiers", resource_types=(DOCUMENT,),
                           Filters=[{"Key": "Owner", "Values": ["Self"]}])
    for document in ctx.parallel(lambda d: read_document(ctx, d), documents or []):
        ctx.add(document)


def collect_nodes(ctx: CollectContext) -> None:
    nodes, _ = listing(ctx, "describe_instance_information", "InstanceInformationList", resource_types=(NODE,))
    if not nodes:
        return
    items, why = listing(ctx, "list_resource_compliance_summaries", "ResourceComplianceSummaryItems")
    compliance: dict[tuple[str, str], str] = {}
    for item in items or []:
        if item.get("ResourceType", "ManagedInstance") == "ManagedInstance":
            compliance[(str(item.get("ResourceId")), str(item.get("ComplianceType")))] = str(item.get("Status"))
    for node in nodes:
        node_id = str(node.get("InstanceId", ""))
        unknown = {} if items is not None else dict.fromkeys(("patch_status", "association_status"), why)
        latest = node.get("IsLatestVersion")
        ctx.add(SsmManagedInstance(
            arn=ctx.arn("ssm", f"managed-instance/{node_id}"), id=node_id, name=node.get("ComputerName", ""),
            account=ctx.account, region=ctx.region, ping_status=node.get("PingStatus", ""),
            platform_type=node.get("PlatformType", ""), agent_version=node.get("AgentVersion", ""),
            agent_latest=latest if isinstance(latest, bool) else None,
            patch_status=compliance.get((node_id, "Patch")),
            association_status=compliance.get((node_id, "Association")), unknown=unknown,
        ))


def read_document(ctx: CollectContext, item: dict[str, Any]) -> SsmDocument:
    name = str(item["Name"])
    base: dict[str, Any] = {
        "arn": ctx.arn("ssm", f"document/{name}"), "id": name, "name": name, "account": ctx.account,
        "region": ctx.region, "tags": tags_of(item.get("Tags")), "document_type": item.get("DocumentType", ""),
        "owner": item.get("Owner", ""),
    }
    reply = ctx.call("describe_document_permission", Name=name, PermissionType="Share", resource=name)
    if not reply.ok:
        return SsmDocument(**base, unknown=dict.fromkeys(("public", "shared_with_accounts"), reply.reason))
    accounts = [str(a) for a in reply.get("AccountIds") or []]
    return SsmDocument(**base, public="all" in (a.lower() for a in accounts),
                       shared_with_accounts=tuple(a for a in accounts if a.lower() != "all"))


COLLECTOR = Collector(
    name="ssm",
    client="ssm",
    scope="regional",
    resource_types=(NODE, DOCUMENT),
    actions=("ssm:DescribeInstanceInformation", "ssm:ListResourceComplianceSummaries", "ssm:ListDocuments",
             "ssm:DescribeDocumentPermission"),
    collect=collect,
    title="Systems Manager",
)
