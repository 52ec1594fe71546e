"""Save and load an Inventory: collect once, assess offline any time.

The snapshot is versioned (``schema_version``); loading refuses another version or a damaged file with one
clear sentence, so nothing partial is ever assessed as if it were complete.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

import ssrm.model.resources  # noqa: F401  (registers every resource type the snapshot may name)
from ssrm.model import validate as v
from ssrm.model.atomic import write_bytes_atomic
from ssrm.model.gaps import Gap
from ssrm.model.inventory import Inventory, ScanStats
from ssrm.model.resource import Resource, resource_from_dict, resource_to_dict
from ssrm.model.safe_parse import InputFileError, loads_json, read_text

SNAPSHOT_SCHEMA_VERSION = 1
SNAPSHOT_KIND = "ssrm-inventory"


class SnapshotError(Exception):
    """The snapshot cannot be used; the message is one line for the user."""


def inventory_to_dict(inventory: Inventory) -> dict[str, Any]:
    return {
        "kind": SNAPSHOT_KIND,
        "schema_version": SNAPSHOT_SCHEMA_VERSION,
        "account": inventory.account,
        "partition": inventory.partition,
        "source": inventory.source,
        "regions": list(inventory.regions),
        "skipped_regions": list(inventory.skipped_regions),
        "services": inventory.services,
        "emulated": inventory.emulated,
        "started_at": inventory.started_at.isoformat() if inventory.started_at else None,
        "finished_at": inventory.finished_at.isoformat() if inventory.finished_at else None,
        "stats": {
            "calls_by_service": dict(inventory.stats.calls_by_service),
            "calls_by_api": dict(inventory.stats.calls_by_api),
            "wall_seconds": inventory.stats.wall_seconds,
            "max_in_flight": inventory.stats.max_in_flight,
        },
        "gaps": [g.model_dump(mode="json") for g in inventory.gaps],
        "resources": [resource_to_dict(r) for r in inventory.resources],
    }


def inventory_from_dict(data: Any) -> Inventory:
    """Rebuild an Inventory, refusing (one line) any field of the wrong type, a damaged resource or a
    resource listed twice: nothing partial or doubled is ever assessed as if it were right."""
    if not isinstance(data, dict) or data.get("kind") != SNAPSHOT_KIND:
        raise SnapshotError("not an ssrm inventory snapshot (no 'kind': 'ssrm-inventory')")
    version = data.get("schema_version")
    if version != SNAPSHOT_SCHEMA_VERSION or isinstance(version, bool):
        raise SnapshotError(
            f"snapshot schema version {version!r} is not supported (this ssrm reads version "
            f"{SNAPSHOT_SCHEMA_VERSION}); collect it again with this version's 'ssrm scan --save'"
        )
    where = "snapshot"
    try:
        stats = v.mapping(data, "stats", where, {}) or {}
        inventory = Inventory(
            account=v.text(data, "account", where),
            regions=v.text_list(data, "regions", where),
            partition=v.text(data, "partition", where, "aws"),
            source=v.text(data, "source", where, "aws"),
            skipped_regions=v.text_list(data, "skipped_regions", where, []) or [],
            services=v.text_list(data, "services", where, None),
            emulated=v.flag(data, "emulated", where, False),
            started_at=v.timestamp(data, "started_at", where),
            finished_at=v.timestamp(data, "finished_at", where),
            stats=ScanStats(
                calls_by_service=v.counts(stats, "calls_by_service", f"{where}: stats"),
                calls_by_api=v.counts(stats, "calls_by_api", f"{where}: stats"),
                wall_seconds=float(v.number(stats, "wall_seconds", f"{where}: stats", 0.0) or 0.0),
                max_in_flight=int(v.number(stats, "max_in_flight", f"{where}: stats", 0) or 0),
            ),
        )
        raw_resources = v.objects(data, "resources", where)
        raw_gaps = v.objects(data, "gaps", where, [])
    except v.DocumentError as exc:
        raise SnapshotError(str(exc)) from None
    inventory.add(_resources(raw_resources))
    try:
        inventory.add_gaps(Gap.model_validate(g) for g in raw_gaps)
    except ValidationError as exc:
        raise SnapshotError(f"snapshot has an invalid gap ({_first_error(exc)})") from None
    return inventory


def _resources(raw: list[dict[str, Any]]) -> list[Resource]:
    resources: list[Resource] = []
    seen: dict[tuple[str, str, str], int] = {}
    for index, item in enumerate(raw):
        if not isinstance(item.get("type"), str):
            raise SnapshotError(f"snapshot: resources[{index}] has no 'type' string")
        try:
            resource = resource_from_dict(item)
        except ValidationError as exc:
            raise SnapshotError(f"snapshot: resources[{index}] is invalid ({_first_error(exc)})") from None
        except (ValueError, TypeError) as exc:
            raise SnapshotError(f"snapshot: resources[{index}] is invalid ({exc})") from None
        key = (resource.resource_type, resource.arn or resource.id, resource.region)
        if key in seen:
            raise SnapshotError(f"snapshot: resources[{index}] repeats resources[{seen[key]}] "
                                f"({resource.resource_type} {key[1]}); the file was edited or merged by hand")
        seen[key] = index
        resources.append(resource)
    return resources


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first.get('msg')}" if where else str(first.get("msg"))


def save_inventory(inventory: Inventory, path: Path) -> None:
    """Write the snapshot atomically (gzip when the name ends in .gz)."""
    text = json.dumps(inventory_to_dict(inventory), indent=1, sort_keys=False)
    data = gzip.compress(text.encode("utf-8")) if path.suffix == ".gz" else text.encode("utf-8")
    write_bytes_atomic(path, data)


def load_inventory(path: Path) -> Inventory:
    """Read a snapshot (plain or gzip JSON) within the size and nesting bounds."""
    try:
        data = loads_json(read_text(path, "snapshot"), str(path))
    except InputFileError as exc:
        raise SnapshotError(str(exc)) from None
    return inventory_from_dict(data)
