"""Read log files into DuckDB tables in bulk.

CloudTrail delivers ``{"Records": [...]}`` objects. DuckDB parses a top-level JSON *array* of records in
parallel but is slow on one huge object, so each file is gunzipped (zlib releases the GIL, so this runs in
threads) and the array is sliced out byte-wise into a spool file; DuckDB then reads all spool files of a
batch in one ``read_json`` call. Anything that does not look like CloudTrail, a JSON-lines file of events or
a flow log is reported and skipped; a file that breaks a batch read is isolated by reading files one by one.
"""

from __future__ import annotations

import json
import re
import tempfile
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import duckdb

from ssrm.detect.schema import ACCOUNT_SQL, COLUMNS, PRINCIPAL_SQL, record_fields

_HEAD = re.compile(rb'^\s*\{\s*"Records"\s*:\s*\[')
_TAIL = re.compile(rb"\]\s*\}\s*$")
_FLOW_WORDS = (b"version", b"account-id", b"interface-id", b"srcaddr", b"dstaddr", b"action", b"start")


class Kind(StrEnum):
    CLOUDTRAIL = "cloudtrail"
    JSONL = "jsonl"
    FLOW = "flow"
    FOREIGN = "foreign"


@dataclass
class Problem:
    uri: str
    reason: str


@dataclass
class LoadResult:
    events: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    flow_files: list[tuple[str, Path]] = field(default_factory=list)


def _read(path: Path) -> bytes:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        d = zlib.decompressobj(wbits=47)
        out = d.decompress(raw)
        if not d.eof:
            raise ValueError("truncated gzip stream")
        return out
    return raw


def sniff(head: bytes) -> Kind:
    text = head.lstrip()
    if _HEAD.match(text):
        return Kind.CLOUDTRAIL
    if text.startswith(b"{"):
        return Kind.JSONL
    first = text.split(b"\n", 1)[0]
    words = first.split()
    if words and (words[0] in _FLOW_WORDS or (words[0].isdigit() and len(words) >= 10)):
        return Kind.FLOW
    return Kind.FOREIGN


def _looks_like_event(line: bytes) -> bool:
    try:
        doc = json.loads(line)
    except ValueError:
        return False
    if not isinstance(doc, dict):
        return False
    detail = doc.get("detail")
    return "eventName" in doc or (isinstance(detail, dict) and "eventName" in detail)


def _columns_literal(fields: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{k}': '{v}'" for k, v in fields.items()) + "}"


def _column_type(name: str) -> str:
    return "JSON" if name in _JSON_COLS else _TYPES.get(name, "VARCHAR")


def _projection(prefix: str, columns: frozenset[str]) -> str:
    """Column expressions; columns nobody reads are typed NULLs (the table keeps its full shape)."""
    return ", ".join(
        f"{sql.format(r=prefix) if name in columns else f'CAST(NULL AS {_column_type(name)})'} AS {name}"
        for name, sql in COLUMNS.items()
    )


def _jsonl_projection(columns: frozenset[str]) -> str:
    """EventBridge wraps the record in ``detail``; CloudTrail Lake / plain exports are the record itself."""
    parts = []
    for name, sql in COLUMNS.items():
        if name in columns:
            parts.append(f"coalesce({sql.format(r='detail.')}, {sql.format(r='')}) AS {name}")
        else:
            parts.append(f"CAST(NULL AS {_column_type(name)}) AS {name}")
    return ", ".join(parts)


class Loader:
    """Turns a batch of local files into the ``ct`` table (and collects flow-log files for the flow reader).

    ``columns`` names the ``ct`` columns to fill (see :func:`ssrm.detect.schema.columns_in`); the JSON reader
    then builds only the record fields behind them and the others stay NULL. None fills every column.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, workers: int = 2,
                 columns: Iterable[str] | None = None) -> None:
        self.con = con
        self.workers = workers
        self.columns = frozenset(COLUMNS) if columns is None else frozenset(columns) & frozenset(COLUMNS)
        self._fields = record_fields(self.columns)
        self._spool = tempfile.TemporaryDirectory(prefix="ssrm-ct-")
        self._n = 0

    def close(self) -> None:
        self._spool.cleanup()

    def _prepare(self, uri: str, path: Path) -> tuple[Kind, Path | None, str | None]:
        """Classify one file and, for CloudTrail, write its records array to the spool."""
        try:
            data = _read(path)
        except (OSError, ValueError, zlib.error) as exc:
            return Kind.FOREIGN, None, f"unreadable: {exc}"
        kind = sniff(data[:4096])
        if kind is Kind.FOREIGN:
            return kind, None, "not CloudTrail, JSON lines or a flow log"
        self._n += 1
        if kind is Kind.FLOW:
            target = Path(self._spool.name) / f"{self._n}.flow"
            target.write_bytes(data)
            return kind, target, None
        if kind is Kind.JSONL:
            if not _looks_like_event(data.lstrip().split(b"\n", 1)[0]):
                return Kind.FOREIGN, None, "JSON, but neither CloudTrail events nor a CloudTrail log file"
            target = Path(self._spool.name) / f"{self._n}.jsonl"
            target.write_bytes(data)
            return kind, target, None
        head = _HEAD.match(data.lstrip())
        tail = _TAIL.search(data[-64:])
        target = Path(self._spool.name) / f"{self._n}.json"
        if head and tail:
            start = data.index(b"[")
            end = len(data) - 64 + tail.start() if len(data) > 64 else tail.start()
            with target.open("wb") as fh:
                fh.write(memoryview(data)[start : end + 1])
            return kind, target, None
        # Not the plain delivery layout: parse it properly (slow path, rare).
        try:
            doc = json.loads(data)
            records = doc["Records"]
            if not isinstance(records, list):
                raise TypeError("Records is not a list")
        except (ValueError, KeyError, TypeError) as exc:
            return Kind.FOREIGN, None, f"truncated or corrupt CloudTrail file: {exc}"
        target.write_text(json.dumps(records), encoding="utf-8")
        return kind, target, None

    def _read_sql(self, kind: Kind, files: list[str], where: str) -> str:
        if kind is Kind.CLOUDTRAIL:
            src = (
                f"read_json({files!r}, format='array', records=true, "
                f"columns={_columns_literal(self._fields)}, maximum_object_size=268435456)"
            )
            proj = _projection("", self.columns)
        else:
            detail = "STRUCT(" + ", ".join(f"{k} {v}" for k, v in self._fields.items()) + ")"
            cols = dict(self._fields) | {"detail": detail}
            src = (
                f"read_json({files!r}, format='newline_delimited', records=true, "
                f"columns={_columns_literal(cols)}, maximum_object_size=268435456)"
            )
            proj = _jsonl_projection(self.columns)
        return (
            f"SELECT *, {PRINCIPAL_SQL} AS principal, {ACCOUNT_SQL} AS account FROM (SELECT {proj} FROM {src}) "
            f"WHERE event_id IS NOT NULL{where}"
        )

    def _insert(self, kind: Kind, files: list[tuple[str, Path]], where: str, problems: list[Problem]) -> None:
        if not files:
            return
        try:
            self.con.execute(f"INSERT INTO ct {self._read_sql(kind, [str(p) for _, p in files], where)}")
            return
        except duckdb.Error:
            if len(files) == 1:
                problems.append(Problem(files[0][0], "corrupt JSON, file skipped"))
                return
        mid = len(files) // 2  # isolate the bad file(s) by halving
        self._insert(kind, files[:mid], where, problems)
        self._insert(kind, files[mid:], where, problems)

    def load(self, files: list[tuple[str, Path]], since: datetime | None = None,
             until: datetime | None = None) -> LoadResult:
        """Replace the ``ct`` table with the CloudTrail events of ``files``."""
        result = LoadResult()
        with ThreadPoolExecutor(self.workers) as pool:
            prepared = list(pool.map(lambda f: (f[0], *self._prepare(*f)), files))
        by_kind: dict[Kind, list[tuple[str, Path]]] = {Kind.CLOUDTRAIL: [], Kind.JSONL: []}
        for uri, kind, target, problem in prepared:
            if problem or target is None:
                result.problems.append(Problem(uri, problem or "unreadable"))
            elif kind is Kind.FLOW:
                result.flow_files.append((uri, target))
            else:
                by_kind[kind].append((uri, target))
        where = ""
        if since is not None:
            where += f" AND event_time >= TIMESTAMPTZ '{since.isoformat()}'"
        if until is not None:
            where += f" AND event_time < TIMESTAMPTZ '{until.isoformat()}'"
        cols = ", ".join(f"{name} {_column_type(name)}" for name in COLUMNS)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE ct ({cols}, principal VARCHAR, account VARCHAR)")
        for kind, group in by_kind.items():
            self._insert(kind, group, where, result.problems)
        for _, target in by_kind[Kind.CLOUDTRAIL] + by_kind[Kind.JSONL]:
            target.unlink(missing_ok=True)
        result.events = self.con.execute("SELECT count(*) FROM ct").fetchone()[0]  # type: ignore[index]  # an aggregate always returns one row
        result.files = sum(len(g) for g in by_kind.values())
        return result


_JSON_COLS = {"request_parameters", "response_elements", "additional_event_data", "resources", "service_event_details"}
_TYPES = {"event_time": "TIMESTAMPTZ"}
