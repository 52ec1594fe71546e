"""Where logs come from: local folders or S3 prefixes, listed as objects with a change stamp."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

_DAY = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")
_SKIP_NAMES = ("CloudTrail-Digest", "/ConfigWritabilityCheckFile", "_$folder$")


class SourceError(ValueError):
    """An input location that cannot be read at all (missing folder, bad S3 URI)."""


@dataclass(frozen=True)
class LogObject:
    uri: str  # local path or s3://bucket/key
    size: int
    stamp: str  # change marker: mtime for files, ETag for S3 objects

    @property
    def day(self) -> date | None:
        """The delivery day from the AWSLogs/.../YYYY/MM/DD/ layout, if the key has one."""
        m = _DAY.search(self.uri.replace(os.sep, "/"))
        if not m:
            return None
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None


def in_window(obj: LogObject, since: datetime | None, until: datetime | None) -> bool:
    """Cheap pre-filter on the key's day; events are filtered exactly after loading."""
    day = obj.day
    if day is None:
        return True
    if since is not None and day < since.astimezone(UTC).date():
        return False
    return not (until is not None and day > until.astimezone(UTC).date())


def parse_s3(uri: str) -> tuple[str, str]:
    rest = uri[len("s3://") :]
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise SourceError(f"not an S3 location: {uri}")
    return bucket, prefix


def _skipped(name: str) -> bool:
    return any(s in name for s in _SKIP_NAMES)


def list_local(root: Path) -> list[LogObject]:
    if root.is_file():
        st = root.stat()
        return [LogObject(str(root), st.st_size, str(st.st_mtime_ns))]
    if not root.is_dir():
        raise SourceError(f"no such file or folder: {root}")
    out = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and not _skipped(str(path)):
            st = path.stat()
            out.append(LogObject(str(path), st.st_size, str(st.st_mtime_ns)))
    return out


def list_s3(client: Any, uri: str) -> list[LogObject]:
    bucket, prefix = parse_s3(uri)
    out = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            key = item["Key"]
            if key.endswith("/") or _skipped(key):
                continue
            out.append(LogObject(f"s3://{bucket}/{key}", int(item["Size"]), str(item["ETag"]).strip('"')))
    return out


def s3_client() -> Any:
    import boto3  # imported lazily: local runs never need it

    return boto3.client("s3")


def list_objects(locations: Iterable[str], client: Any | None = None) -> list[LogObject]:
    out: list[LogObject] = []
    for loc in locations:
        if loc.startswith("s3://"):
            try:
                out.extend(list_s3(client or s3_client(), loc))
            except SourceError:
                raise
            except Exception as exc:  # botocore errors: reported as a bad input, not a traceback
                raise SourceError(f"cannot list {loc}: {exc}") from exc
        else:
            out.extend(list_local(Path(loc)))
    return out


class Spool:
    """Makes objects readable as local files: local paths as they are, S3 objects downloaded to a temp folder."""

    def __init__(self, client: Any | None = None, workers: int = 8) -> None:
        self._client = client
        self._dir = tempfile.TemporaryDirectory(prefix="ssrm-detect-")
        self._workers = workers

    def close(self) -> None:
        self._dir.cleanup()

    def _fetch(self, obj: LogObject) -> tuple[LogObject, Path | None, str | None]:
        if not obj.uri.startswith("s3://"):
            return obj, Path(obj.uri), None
        bucket, key = parse_s3(obj.uri)
        target = Path(self._dir.name) / f"{abs(hash(obj.uri))}-{Path(key).name}"
        try:
            if self._client is None:
                self._client = s3_client()
            self._client.download_file(bucket, key, str(target))
        except Exception as exc:
            return obj, None, f"download failed: {exc}"
        return obj, target, None

    def fetch(self, objs: list[LogObject]) -> Iterator[tuple[LogObject, Path | None, str | None]]:
        remote = [o for o in objs if o.uri.startswith("s3://")]
        if not remote:
            yield from (self._fetch(o) for o in objs)
            return
        if self._client is None:
            self._client = s3_client()
        with ThreadPoolExecutor(self._workers) as pool:
            yield from pool.map(self._fetch, objs)

    def release(self, path: Path) -> None:
        """Delete a downloaded copy once it has been processed."""
        if str(path).startswith(self._dir.name):
            path.unlink(missing_ok=True)
