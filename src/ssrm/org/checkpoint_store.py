"""Checkpoints of an organization scan in the history store (``ssrm scan --org --store URL``).

The same pieces as the run directory (``checkpoint.RunStore``): what was asked, the listing, each
account's plan and each finished unit, one row each in ``org_checkpoints`` (gzipped JSON), written in its
own transaction as soon as the piece is done, so a kill keeps every committed piece and ``--resume RUN``
finds them wherever the scan is resumed from, as long as it names the same store.
"""

from __future__ import annotations

import gzip
import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ssrm.org.checkpoint import CheckpointError, fresh, new_run_id
from ssrm.org.units import WorkUnit
from ssrm.store import Store, StoreError, open_store
from ssrm.store.engine import now
from ssrm.store.models import OrgCheckpoint

RUN, LISTING, PLAN, UNIT = "run", "listing", "plan", "unit"


class StoreCheckpoints:
    def __init__(self, store: Store, run_id: str) -> None:
        self.store = store
        self.run_id = run_id
        self._units: dict[str, bytes] | None = None  # every unit of the run, read in one query on resume

    @classmethod
    def create(cls, url: str) -> StoreCheckpoints:
        return cls(_open(url), new_run_id())

    @classmethod
    def open(cls, url: str, run: str) -> StoreCheckpoints:
        checkpoints = cls(_open(url), run)
        if checkpoints._get(RUN, "") is None:
            checkpoints.close()
            raise CheckpointError(f"no checkpointed run {run!r} in the store {checkpoints.store.label}")
        return checkpoints

    def close(self) -> None:
        self.store.close()

    def _put(self, kind: str, key: str, data: dict[str, Any]) -> None:
        blob = gzip.compress(json.dumps(data, separators=(",", ":")).encode(), 6)
        try:
            with self.store.session() as s:
                s.merge(OrgCheckpoint(run_id=self.run_id, kind=kind, key=key, saved_at=now(), data_gz=blob))
        except SQLAlchemyError as exc:
            raise CheckpointError(f"cannot checkpoint in the store {self.store.label}: "
                                  f"{str(getattr(exc, 'orig', None) or exc).splitlines()[0]}") from exc

    def _blobs(self, kind: str, key: str | None) -> dict[str, bytes]:
        """The pieces of ``kind`` (only ``key`` when given), by key."""
        query = select(OrgCheckpoint.key, OrgCheckpoint.data_gz).where(OrgCheckpoint.run_id == self.run_id,
                                                                      OrgCheckpoint.kind == kind)
        if key is not None:
            query = query.where(OrgCheckpoint.key == key)
        try:
            with self.store.session() as s:
                return {str(k): bytes(v) for k, v in s.execute(query).all()}
        except SQLAlchemyError as exc:
            raise CheckpointError(f"cannot read the store {self.store.label}: "
                                  f"{str(getattr(exc, 'orig', None) or exc).splitlines()[0]}") from exc

    def _get(self, kind: str, key: str) -> dict[str, Any] | None:
        """The piece, or None when absent or damaged (a damaged unit is collected again)."""
        return _decoded(self._blobs(kind, key).get(key))

    def save_run(self, meta: dict[str, Any]) -> None:
        self._put(RUN, "", meta)

    def load_run(self) -> dict[str, Any]:
        meta = self._get(RUN, "")
        if meta is None:
            raise CheckpointError(f"run {self.run_id} in the store {self.store.label} has no readable description")
        return meta

    def save_listing(self, data: dict[str, Any]) -> None:
        self._put(LISTING, "", data)

    def load_listing(self) -> dict[str, Any] | None:
        return self._get(LISTING, "")

    def save_plan(self, account: str, data: dict[str, Any]) -> None:
        self._put(PLAN, account, {**data, "saved_at": now().isoformat()})

    def load_plan(self, account: str, max_age: timedelta | None) -> dict[str, Any] | None:
        return fresh(self._get(PLAN, account), "saved_at", max_age)

    def save_unit(self, unit: WorkUnit, result: dict[str, Any]) -> None:
        self._put(UNIT, unit.key, result)

    def load_unit(self, unit: WorkUnit, max_age: timedelta | None) -> dict[str, Any] | None:
        if self._units is None:
            self._units = self._blobs(UNIT, None)
        return fresh(_decoded(self._units.get(unit.key)), "finished_at", max_age)

    def units_saved(self) -> list[str]:
        """The keys of the units checkpointed so far."""
        return sorted(self._blobs(UNIT, None))


def _decoded(blob: bytes | None) -> dict[str, Any] | None:
    if blob is None:
        return None
    try:
        data = json.loads(gzip.decompress(blob))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _open(url: str) -> Store:
    try:
        return open_store(url)
    except StoreError as exc:
        raise CheckpointError(str(exc)) from exc
