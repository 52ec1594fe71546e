"""IAM Access Analyzer (regional): ListAnalyzers, one paged call per region."""

from __future__ import annotations

from ssrm.model.resources.identity.accessanalyzer import AccessAnalyzer
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.identity.iam_documents import tag_dict
from ssrm.sources.aws.context import CollectContext

ANALYZER = AccessAnalyzer.resource_type


def collect(ctx: CollectContext) -> None:
    analyzers = ctx.pages("list_analyzers", "analyzers", resource_types=(ANALYZER,))
    for entry in analyzers or []:
        tags = entry.get("tags")
        ctx.add(AccessAnalyzer(
            arn=entry["arn"], id=entry.get("name", entry["arn"]), name=entry.get("name", ""),
            account=ctx.account, region=ctx.region,
            tags=tags if isinstance(tags, dict) else tag_dict(tags),
            analyzer_type=entry.get("type", ""), status=entry.get("status", ""),
        ))


COLLECTOR = Collector(
    name="accessanalyzer",
    client="accessanalyzer",
    scope="regional",
    title="IAM Access Analyzer",
    resource_types=(ANALYZER,),
    actions=("access-analyzer:ListAnalyzers",),
    collect=collect,
)
