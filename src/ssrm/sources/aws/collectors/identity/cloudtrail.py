"""CloudTrail (regional): DescribeTrails, then GetTrailStatus and GetEventSelectors per trail.

A multi-region (or organization) trail shows up in every region's DescribeTrails. Each trail ARN is
recorded once per scan, by whichever region claims it first, and always carries its home region; the
detail calls are made in the home region, where the trail itself lives (the emulator answers them
nowhere else).
"""

from __future__ import annotations

import threading
from typing import Any
from weakref import WeakKeyDictionary

from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.identity.iam_documents import as_datetime
from ssrm.sources.aws.context import CollectContext

_claimed: WeakKeyDictionary[Any, set[str]] = WeakKeyDictionary()
_claim_lock = threading.Lock()


def claim(session: Any, arn: str) -> bool:
    """True the first time ``arn`` is seen in this scan session."""
    with _claim_lock:
        seen = _claimed.setdefault(session, set())
        if arn in seen:
            return False
        seen.add(arn)
        return True


def management_events(selectors: dict[str, Any]) -> tuple[bool, str]:
    """(records management events, read/write type) from basic or advanced event selectors.

    A trail with neither kind of selector has AWS's default: all management events.
    """
    if not selectors.get("EventSelectors") and not selectors.get("AdvancedEventSelectors"):
        return True, "All"
    for selector in selectors.get("EventSelectors") or []:
        if selector.get("IncludeManagementEvents", True):
            return True, str(selector.get("ReadWriteType", "All"))
    for advanced in selectors.get("AdvancedEventSelectors") or []:
        fields = {f.get("Field"): f for f in advanced.get("FieldSelectors") or []}
        category = fields.get("eventCategory", {})
        if "Management" in (category.get("Equals") or []):
            read_only = fields.get("readOnly", {}).get("Equals") or []
            kind = "All" if not read_only else ("ReadOnly" if "true" in read_only else "WriteOnly")
            return True, kind
    return False, ""


ALL_BUCKETS = {"arn:aws:s3", "arn:aws:s3:::", "arn:aws-us-gov:s3", "arn:aws-cn:s3"}


def s3_data_events(selectors: dict[str, Any]) -> str:
    """Which S3 object-level events the trail records for every bucket (CIS 4.8 write, 4.9 read).

    Basic selectors name ``AWS::S3::Object`` with the all-buckets value; advanced ones select the Data category
    and the S3 object type without narrowing to particular buckets. "" when no selector covers all buckets.
    """
    kinds: set[str] = set()
    for selector in selectors.get("EventSelectors") or []:
        for data in selector.get("DataResources") or []:
            if data.get("Type") == "AWS::S3::Object" and ALL_BUCKETS & set(data.get("Values") or []):
                kinds.add(str(selector.get("ReadWriteType", "All")))
    for advanced in selectors.get("AdvancedEventSelectors") or []:
        fields = {f.get("Field"): f for f in advanced.get("FieldSelectors") or []}
        if "Data" not in (fields.get("eventCategory", {}).get("Equals") or []):
            continue
        if "AWS::S3::Object" not in (fields.get("resources.type", {}).get("Equals") or []):
            continue
        if any(key in fields.get("resources.ARN", {}) for key in ("Equals", "StartsWith")):
            continue  # narrowed to some buckets
        read_only = fields.get("readOnly", {}).get("Equals") or []
        kinds.add("All" if not read_only else ("ReadOnly" if "true" in read_only else "WriteOnly"))
    if "All" in kinds or {"ReadOnly", "WriteOnly"} <= kinds:
        return "All"
    return next(iter(kinds), "")


def build_trail(ctx: CollectContext, entry: dict[str, Any]) -> CloudTrailTrail:
    arn = entry["TrailARN"]
    home = entry.get("HomeRegion") or ctx.region
    home_ctx = ctx if home == ctx.region else CollectContext(ctx.session, ctx.collector, home)
    status = home_ctx.call("get_trail_status", resource=arn, Name=arn)
    selectors = home_ctx.call("get_event_selectors", resource=arn, TrailName=arn)
    unknown: dict[str, str] = {}
    details: dict[str, Any] = {}
    if status.ok:
        details.update(logging=bool(status.get("IsLogging")),
                       latest_delivery_error=status.get("LatestDeliveryError") or None,
                       latest_delivery=as_datetime(status.get("LatestDeliveryTime")))
    else:
        unknown.update(dict.fromkeys(("logging", "latest_delivery_error", "latest_delivery"), status.reason))
    if selectors.ok:
        details["management_events"], details["management_read_write"] = management_events(selectors.data or {})
        details["s3_data_events"] = s3_data_events(selectors.data or {})
    else:
        unknown.update(dict.fromkeys(("management_events", "management_read_write", "s3_data_events"),
                                     selectors.reason))
    return CloudTrailTrail(
        arn=arn, id=arn, name=entry.get("Name", arn), account=ctx.account, region=home, unknown=unknown,
        home_region=home, multi_region=bool(entry.get("IsMultiRegionTrail")),
        organization_trail=bool(entry.get("IsOrganizationTrail")),
        include_global_events=bool(entry.get("IncludeGlobalServiceEvents")),
        log_file_validation=bool(entry.get("LogFileValidationEnabled")), kms_key_id=entry.get("KmsKeyId"),
        s3_bucket=entry.get("S3BucketName"), s3_key_prefix=entry.get("S3KeyPrefix"),
        cloudwatch_log_group_arn=entry.get("CloudWatchLogsLogGroupArn"), **details,
    )


def collect(ctx: CollectContext) -> None:
    trails = ctx.pages("describe_trails", "trailList", resource_types=(CloudTrailTrail.resource_type,),
                       includeShadowTrails=True)
    mine = [t for t in trails or [] if t.get("TrailARN") and claim(ctx.session, t["TrailARN"])]
    for trail in ctx.parallel(lambda entry: build_trail(ctx, entry), mine):
        ctx.add(trail)


COLLECTOR = Collector(
    name="cloudtrail",
    client="cloudtrail",
    scope="regional",
    title="CloudTrail",
    resource_types=(CloudTrailTrail.resource_type,),
    actions=("cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"),
    collect=collect,
)
