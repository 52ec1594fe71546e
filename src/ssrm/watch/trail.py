"""Event-driven refresh: a CloudTrail event that changes configuration re-collects what it touched.

The trail is read from the same sources as ``ssrm detect`` (local folders or files, ``s3://`` prefixes).
Between scheduled cycles new log objects are polled; each write event that succeeded (``readOnly`` false,
no ``errorCode``) names a service (``eventSource``), a region and usually a resource. ssrm re-reads just that
resource where it has a resource-level read (``ssrm.watch.targets``, ``ssrm.sources.aws.single``), else the
collectors of that service in that region (global services: once); the result replaces the old records in
the last run's inventory, the rules and attack paths are judged again, and the run is kept and notified as
a cycle would be (``ssrm.watch.refresh``).
"""

from __future__ import annotations

import gzip
import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssrm.detect.sources import LogObject, list_objects, parse_s3, s3_client
from ssrm.sources.aws.single import Target
from ssrm.watch.targets import targets_of

log = logging.getLogger("ssrm.watch")
_READ_PREFIXES = ("Get", "List", "Describe", "Head", "Lookup", "Search", "Batch Get", "Select", "Scan", "Query")


@dataclass(frozen=True)
class Change:
    """A write seen in the trail: which AWS client it went to, where, what."""

    client: str  # botocore service name: ec2, s3, iam, ...
    region: str
    event_name: str
    resource: str = ""
    targets: tuple[Target, ...] | None = None  # the resources to re-read; None: the service in the region


def is_change(record: Mapping[str, Any]) -> bool:
    if record.get("errorCode") or record.get("eventType") not in (None, "AwsApiCall"):
        return False
    read_only = record.get("readOnly")
    if isinstance(read_only, bool):
        return not read_only
    return not str(record.get("eventName") or "").startswith(_READ_PREFIXES)


def changes_in(records: Iterable[Mapping[str, Any]]) -> list[Change]:
    out = []
    for r in records:
        if not isinstance(r, Mapping) or not is_change(r):
            continue
        source = str(r.get("eventSource") or "")
        if not source.endswith(".amazonaws.com"):
            continue
        params = r.get("requestParameters") or {}
        resource = ""
        if isinstance(params, Mapping):
            for key in ("groupId", "bucketName", "roleName", "userName", "instanceId", "policyArn", "functionName"):
                if params.get(key):
                    resource = str(params[key])
                    break
        out.append(Change(source.removesuffix(".amazonaws.com"), str(r.get("awsRegion") or "us-east-1"),
                          str(r.get("eventName")), resource, targets_of(r)))
    return out


def read_records(obj: LogObject) -> list[Mapping[str, Any]]:
    """The ``Records`` of one CloudTrail log object (JSON, gzip or not); [] for anything else."""
    if obj.uri.startswith("s3://"):
        bucket, key = parse_s3(obj.uri)
        raw = s3_client().get_object(Bucket=bucket, Key=key)["Body"].read()
    else:
        raw = Path(obj.uri).read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    try:
        doc = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        log.warning("skipped %s: not a CloudTrail JSON log", obj.uri)
        return []
    records = doc.get("Records") if isinstance(doc, dict) else None
    return records if isinstance(records, list) else []


@dataclass
class TrailPoller:
    """Finds the changes in log objects that appeared since the last poll."""

    sources: Sequence[str]
    seen: set[tuple[str, str]] = field(default_factory=set)
    started: bool = False

    def prime(self) -> None:
        """Everything already delivered predates the watch: only later objects trigger a refresh."""
        self.seen = {(o.uri, o.stamp) for o in list_objects(self.sources)}
        self.started = True

    def poll(self) -> list[Change]:
        if not self.started:
            self.prime()
            return []
        fresh = [o for o in list_objects(self.sources) if (o.uri, o.stamp) not in self.seen]
        changes: list[Change] = []
        for obj in fresh:
            try:
                changes += changes_in(read_records(obj))
            except OSError as exc:
                log.warning("cannot read %s: %s", obj.uri, exc)
                continue
            self.seen.add((obj.uri, obj.stamp))
        return changes


def group_changes(changes: Iterable[Change], collectors: Sequence[Any]) -> dict[tuple[str, ...], set[str]]:
    """(collector names) -> regions to re-collect; global collectors get the region "global"."""
    by_client: dict[str, list[Any]] = defaultdict(list)
    for c in collectors:
        by_client[c.client].append(c)
    groups: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for change in changes:
        matching = by_client.get(change.client, [])
        for scope in ("global", "regional"):
            names = tuple(sorted(c.name for c in matching if c.scope == scope))
            if names:
                groups[names].add("global" if scope == "global" else change.region)
    return dict(groups)


def merge_inventory(base: Any, fresh: Any, collectors: Sequence[Any], regions: set[str]) -> Any:
    """``base`` with the resources and gaps of ``collectors`` in ``regions`` replaced by ``fresh``'s."""
    from ssrm.model import Inventory

    types = {t for c in collectors for t in c.resource_types}
    names = {c.name for c in collectors} | {c.client for c in collectors}
    everywhere = "global" in regions

    def replaced(resource_type: str, region: str) -> bool:
        return resource_type in types and (everywhere or region in regions)

    merged = Inventory(account=base.account, regions=list(base.regions), partition=base.partition,
                       source=base.source, started_at=base.started_at, finished_at=fresh.finished_at,
                       skipped_regions=list(base.skipped_regions), services=base.services)
    merged.add(r for r in base.resources if not replaced(r.resource_type, r.region))
    merged.add(r for r in fresh.resources if r.resource_type in types)
    merged.add_gaps(g for g in base.gaps if not (g.service in names and (everywhere or g.region in regions)))
    merged.add_gaps(fresh.gaps)
    return merged


@dataclass
class TrailRefresher:
    """Turns trail changes into refreshed runs (``between`` hook of the watch loop)."""

    poller: TrailPoller
    refresh: Callable[[list[Change]], Any]
    poll_every: float = 20.0
    sleep: Callable[[float], object] = time.sleep

    def __call__(self, budget: float) -> None:
        changes = [c for c in self.poller.poll() if c.targets != ()]  # () : a data event, nothing to re-read
        if changes:
            log.info("trail: %s → refreshing %s", ", ".join(sorted({c.event_name for c in changes})),
                     ", ".join(sorted({t.ref for c in changes for t in c.targets or ()} |
                                      {f"{c.client} in {c.region}" for c in changes if c.targets is None})))
            self.refresh(changes)
        self.sleep(max(0.0, min(self.poll_every, budget)))
