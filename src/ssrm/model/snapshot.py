"""Save and load an Inventory: collect once, assess offline any time.

The snapshot is versioned (``schema_version``); loading refuses another version or a damaged file with one
clear sentence, so nothing partial is ever assessed as if it were complete.
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

import ssrm.model.resources  # noqa: F401  (registers every resource type the snapshot may name)
from ssrm.model.gaps import Gap
from ssrm.model.inventory import Inventory, ScanStats
from ssrm.model.resource import resource_from_dict, resource_to_dict

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


def inventory_from_dict(data: dict[str, Any]) -> Inventory:
    if not isinstance(data, dict) or data.get("kind") != SNAPSHOT_KIND:
        raise SnapshotError("not an ssrm inventory snapshot (no 'kind': 'ssrm-inventory')")
    version = data.get("schema_version")
    if version != SNAPSHOT_SCHEMA_VERSION:
        raise SnapshotError(
            f"snapshot schema version {version} is not supported (this ssrm reads version "
            f"{SNAPSHOT_SCHEMA_VERSION}); collect it again with this version's 'ssrm scan --save'"
        )
    try:
        stats = data.get("stats") or {}
        inventory = Inventory(
            account=str(data["account"]),
            regions=list(data["regions"]),
            partition=data.get("partition", "aws"),
            source=data.get("source", "aws"),
            skipped_regions=list(data.get("skipped_regions") or []),
            services=list(data["services"]) if data.get("services") is not None else None,
            emulated=bool(data.get("emulated", False)),
            started_at=_when(data.get("started_at")),
            finished_at=_when(data.get("finished_at")),
            stats=ScanStats(
                calls_by_service=dict(stats.get("calls_by_service") or {}),
                calls_by_api=dict(stats.get("calls_by_api") or {}),
                wall_seconds=float(stats.get("wall_seconds") or 0.0),
                max_in_flight=int(stats.get("max_in_flight") or 0),
            ),
        )
        inventory.add(resource_from_dict(r) for r in data["resources"])
        inventory.add_gaps(Gap.model_validate(g) for g in data.get("gaps") or [])
    except KeyError as exc:
        raise SnapshotError(f"snapshot is missing the field {exc.args[0]!r}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise SnapshotError(f"snapshot has an invalid resource ({where}: {first.get('msg')})") from exc
    except (ValueError, TypeError) as exc:
        raise SnapshotError(f"snapshot is invalid: {exc}") from exc
    return inventory


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def save_inventory(inventory: Inventory, path: Path) -> None:
    text = json.dumps(inventory_to_dict(inventory), indent=1, sort_keys=False)
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")


def load_inventory(path: Path) -> Inventory:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                raw = fh.read()
        else:
            raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SnapshotError(f"snapshot not found: {path}") from exc
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"snapshot {path} cannot be read: {exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            f"snapshot {path} is not valid JSON (truncated or damaged at line {exc.lineno}, column {exc.colno})"
        ) from exc
    return inventory_from_dict(data)
