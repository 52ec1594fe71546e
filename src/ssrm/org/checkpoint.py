"""Checkpoints of an organization scan, one small JSON file per finished unit, in a run directory.

(With ``--store`` they go to the history store instead: ``checkpoint_store.StoreCheckpoints``, the same
interface, ``Checkpoints``.)

Layout of ``DIR/RUN/``: ``run.json`` (what was asked), ``listing.json`` (the organization as listed),
``plans/ACCOUNT.json`` (regions of each account, or why it could not be reached) and
``units/ACCOUNT/REGION/GROUP.json``. Every file is written to a temporary name and renamed, so a kill
leaves either the whole checkpoint or none. ``--resume RUN`` reads them back; ``--max-age`` treats older
ones as missing.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from ssrm.org.options import DEFAULT_CHECKPOINT_DIR
from ssrm.org.units import WorkUnit

DEFAULT_DIR = DEFAULT_CHECKPOINT_DIR


class CheckpointError(Exception):
    """The run directory cannot be used; one line for the user."""


def new_run_id() -> str:
    return f"org-{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(2)}"


class Checkpoints(Protocol):
    """Where a run's finished pieces are kept: a directory (``RunStore``) or the history store."""

    run_id: str

    def save_run(self, meta: dict[str, Any]) -> None: ...
    def load_run(self) -> dict[str, Any]: ...
    def save_listing(self, data: dict[str, Any]) -> None: ...
    def load_listing(self) -> dict[str, Any] | None: ...
    def save_plan(self, account: str, data: dict[str, Any]) -> None: ...
    def load_plan(self, account: str, max_age: timedelta | None) -> dict[str, Any] | None: ...
    def save_unit(self, unit: WorkUnit, result: dict[str, Any]) -> None: ...
    def load_unit(self, unit: WorkUnit, max_age: timedelta | None) -> dict[str, Any] | None: ...
    def close(self) -> None: ...


def fresh(data: Any, stamp: str, max_age: timedelta | None) -> dict[str, Any] | None:
    """``data`` when it is a checkpoint younger than ``max_age`` (by its ``stamp`` field), else None."""
    if not isinstance(data, dict):
        return None
    if max_age is not None:
        when = data.get(stamp)
        if not when or datetime.now(UTC) - datetime.fromisoformat(when) > max_age:
            return None
    return data


class RunStore:
    def __init__(self, root: Path, run_id: str) -> None:
        self.root = root
        self.run_id = run_id
        self.path = root / run_id

    @classmethod
    def create(cls, root: Path) -> RunStore:
        store = cls(root, new_run_id())
        try:
            store.path.mkdir(parents=True, exist_ok=False)
        except OSError as exc:
            raise CheckpointError(f"cannot create the run directory {store.path}: {exc.strerror or exc}") from exc
        return store

    @classmethod
    def open(cls, root: Path, run: str) -> RunStore:
        """An existing run, by id under ``root`` or by its directory path."""
        candidate = Path(run)
        if (candidate / "run.json").is_file():
            return cls(candidate.parent, candidate.name)
        store = cls(root, run)
        if not (store.path / "run.json").is_file():
            raise CheckpointError(f"no checkpointed run {run!r} in {root} (nor a run directory at that path)")
        return store

    def _write(self, relative: str, data: Any) -> None:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, target)

    def _read(self, relative: str, tolerant: bool = False) -> Any:
        """The file's JSON; None when absent, or damaged and ``tolerant`` (that unit is collected again)."""
        target = self.path / relative
        try:
            return json.loads(target.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            if tolerant:
                return None
            raise CheckpointError(f"checkpoint {target} is unreadable ({exc}); delete it to re-collect") from exc

    def save_run(self, meta: dict[str, Any]) -> None:
        self._write("run.json", meta)

    def load_run(self) -> dict[str, Any]:
        meta = self._read("run.json")
        if not isinstance(meta, dict):
            raise CheckpointError(f"{self.path / 'run.json'} is not a run description")
        return meta

    def save_listing(self, data: dict[str, Any]) -> None:
        self._write("listing.json", data)

    def load_listing(self) -> dict[str, Any] | None:
        found = self._read("listing.json")
        return found if isinstance(found, dict) else None

    def save_plan(self, account: str, data: dict[str, Any]) -> None:
        self._write(f"plans/{account}.json", {**data, "saved_at": datetime.now(UTC).isoformat()})

    def load_plan(self, account: str, max_age: timedelta | None) -> dict[str, Any] | None:
        return fresh(self._read(f"plans/{account}.json", tolerant=True), "saved_at", max_age)

    def save_unit(self, unit: WorkUnit, result: dict[str, Any]) -> None:
        self._write(f"units/{unit.key}.json", result)

    def load_unit(self, unit: WorkUnit, max_age: timedelta | None) -> dict[str, Any] | None:
        return fresh(self._read(f"units/{unit.key}.json", tolerant=True), "finished_at", max_age)

    def close(self) -> None:
        """Nothing to release: every file is closed once written."""


def parse_age(text: str) -> timedelta:
    """'90m', '12h', '7d', '3600s' (or plain seconds) as a timedelta."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value = text.strip().lower()
    factor = units.get(value[-1:])
    number = value[:-1] if factor else value
    try:
        amount = float(number)
    except ValueError as exc:
        raise CheckpointError(f"--max-age {text!r}: use a number with s, m, h or d (e.g. 12h)") from exc
    if amount < 0:
        raise CheckpointError(f"--max-age {text!r} must not be negative")
    return timedelta(seconds=amount * (factor or 1))
