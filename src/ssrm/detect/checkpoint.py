"""Which objects were already processed, so repeated runs neither reprocess nor miss files."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ssrm.detect.sources import LogObject


class CheckpointError(ValueError):
    pass


class Checkpoint:
    """A JSON map of object URI -> change stamp; an object whose stamp changed is processed again."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.done: dict[str, str] = {}
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.done = dict(data["objects"])
            except (ValueError, KeyError, TypeError) as exc:
                raise CheckpointError(f"checkpoint {path} is not readable: {exc}") from exc

    def pending(self, objs: list[LogObject]) -> list[LogObject]:
        return [o for o in objs if self.done.get(o.uri) != o.stamp]

    def mark(self, objs: list[LogObject]) -> None:
        for o in objs:
            self.done[o.uri] = o.stamp

    def save(self) -> None:
        """Written atomically: a crash leaves the previous checkpoint, never half of one."""
        if self.path is None:
            return
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps({"version": 1, "objects": self.done}, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
