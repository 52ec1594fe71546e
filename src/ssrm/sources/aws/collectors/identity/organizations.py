"""AWS Organizations (global): DescribeOrganization; AWSOrganizationsNotInUseException = no organization."""

from __future__ import annotations

from ssrm.model.resources.identity.organizations import Organization
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

ORGANIZATION = Organization.resource_type


def collect(ctx: CollectContext) -> None:
    reply = ctx.call("describe_organization", absent=("AWSOrganizationsNotInUseException",),
                     resource_types=(ORGANIZATION,))
    organization = reply.get("Organization") or {}
    if not organization.get("Arn"):
        return
    ctx.add(Organization(
        arn=organization["Arn"], id=organization.get("Id", organization["Arn"]),
        name=organization.get("Id", ""), account=ctx.account, region=ctx.resource_region,
        management_account=organization.get("MasterAccountId", ""),
        feature_set=organization.get("FeatureSet", ""),
    ))


COLLECTOR = Collector(
    name="organizations",
    client="organizations",
    scope="global",
    title="Organizations",
    resource_types=(ORGANIZATION,),
    actions=("organizations:DescribeOrganization",),
    collect=collect,
)
