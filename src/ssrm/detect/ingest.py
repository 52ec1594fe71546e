"""Read log files into DuckDB tables in bulk.

CloudTrail delivers ``{"Records": [...]}`` objects. DuckDB parses a top-level JSON *array* of records in
parallel but is slow on one huge object, so each file is gunzipped (zlib releases the GIL, so this runs in
threads) and the array is sliced out byte-wise into a spool file; DuckDB then reads all spool files of a
batch in one ``read_json`` call. Anything that does not look like CloudTrail, a JSON-lines file of events or
a flow log is reported and skipped; a file that breaks a batch read is isolated by reading files one by one.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import tempfile
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from types import ModuleType

import duckdb

from ssrm.detect.schema import ACCOUNT_SQL, COLUMNS, PRINCIPAL_SQL, record_fields

_HEAD = re.compile(rb'^\s*\{\s*"Records"\s*:\s*\[')
_TAIL = re.compile(rb"\]\s*\}\s*$")
_FLOW_WORDS = (b"version", b"account-id", b"interface-id", b"srcaddr", b"dstaddr", b"action", b"start")


class Kind(StrEnum):
    CLOUDTRAIL = "cloudtrail"
    ARRAY = "array"  # a bare JSON array of records (exports, recorded attack datasets)
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
    #: records read but not judged, by reason (counted, never silently dropped)
    skipped: dict[str, int] = field(default_factory=dict)


_inflate: ModuleType
try:  # ISA-L inflates gzip two to three times faster than zlib; same API, same errors
    from isal import isal_zlib as _isal

    _inflate = _isal
except ImportError:  # pragma: no cover - optional speed-up
    _inflate = zlib
INFLATE_ERROR: type[Exception] = getattr(_inflate, "error", zlib.error)


def _read(path: Path) -> bytes:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        d = _inflate.decompressobj(wbits=47)
        out: bytes = d.decompress(raw)
        if not d.eof:
            raise ValueError("truncated gzip stream")
        return out
    return raw


def sniff(head: bytes) -> Kind:
    text = head.lstrip()
    if _HEAD.match(text):
        return Kind.CLOUDTRAIL
    if text.startswith(b"["):
        return Kind.ARRAY
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


def _single_event(data: bytes) -> bytes | None:
    """A pretty-printed file holding one event (or an EventBridge envelope): as a one-record array."""
    try:
        doc = json.loads(data)
    except ValueError:
        return None
    if isinstance(doc, dict) and isinstance(doc.get("detail"), dict) and "eventName" in doc["detail"]:
        doc = doc["detail"]
    if isinstance(doc, dict) and "eventName" in doc:
        return json.dumps([doc]).encode()
    return None


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


SHARED_MEMORY = Path("/dev/shm")
SPOOL_ENV = "SSRM_SPOOL_DIR"


def spool_parent(needed: int) -> str | None:
    """Where the inflated records wait for DuckDB: ``$SSRM_SPOOL_DIR`` if set; else shared memory when it has
    room for ``needed`` bytes twice over (each batch is written once and read once: on a disk-backed
    temporary directory the kernel's write-back cost about a tenth of detection's time); else the system's
    temporary directory. Containers often give /dev/shm only 64 MB, hence the check."""
    chosen = os.environ.get(SPOOL_ENV)
    if chosen:
        return chosen
    if needed > 0 and SHARED_MEMORY.is_dir() and os.access(SHARED_MEMORY, os.W_OK):
        try:
            if shutil.disk_usage(SHARED_MEMORY).free >= 2 * needed:
                return str(SHARED_MEMORY)
        except OSError:
            return None
    return None


class Loader:
    """Turns a batch of local files into the ``ct`` table (and collects flow-log files for the flow reader).

    ``columns`` names the ``ct`` columns to fill (see :func:`ssrm.detect.schema.columns_in`); the JSON reader
    then builds only the record fields behind them and the others stay NULL. None fills every column.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, workers: int = 2,
                 columns: Iterable[str] | None = None, spool_bytes: int = 0) -> None:
        """``spool_bytes``: about how much a batch inflates to; with that much room in shared memory the spool
        goes there (see :func:`spool_parent`)."""
        self.con = con
        self.workers = workers
        self.columns = frozenset(COLUMNS) if columns is None else frozenset(columns) & frozenset(COLUMNS)
        self._fields = record_fields(self.columns)
        self._spool = tempfile.TemporaryDirectory(prefix="ssrm-ct-", dir=spool_parent(spool_bytes))
        self._n = itertools.count(1)  # spool file names (next() on it is atomic under the GIL)

    def close(self) -> None:
        self._spool.cleanup()

    def _prepare(self, uri: str, path: Path, notes: list[Problem]) -> tuple[Kind, Path | None, str | None]:
        """Classify one file and, for CloudTrail, write its records array to the spool."""
        try:
            data = _read(path)
        except (OSError, ValueError, zlib.error, INFLATE_ERROR) as exc:
            return Kind.FOREIGN, None, f"unreadable: {exc}"
        kind = sniff(data[:4096])
        if kind is Kind.FOREIGN:
            return kind, None, "not CloudTrail, JSON lines or a flow log"
        n = next(self._n)
        if kind is Kind.FLOW:
            target = Path(self._spool.name) / f"{n}.flow"
            target.write_bytes(data)
            return kind, target, None
        if kind is Kind.ARRAY:
            target = Path(self._spool.name) / f"{n}.json"
            target.write_bytes(data)
            return kind, target, None
        if kind is Kind.JSONL:
            if not _looks_like_event(data.lstrip().split(b"\n", 1)[0]):
                single = _single_event(data)
                if single is None:
                    return Kind.FOREIGN, None, "JSON, but neither CloudTrail events nor a CloudTrail log file"
                target = Path(self._spool.name) / f"{n}.json"
                target.write_bytes(single)
                return Kind.ARRAY, target, None
            target = Path(self._spool.name) / f"{n}.jsonl"
            target.write_bytes(data)
            return kind, target, None
        head = _HEAD.match(data.lstrip())
        tail = _TAIL.search(data[-64:])
        target = Path(self._spool.name) / f"{n}.json"
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
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            records, lost = _salvage_records(data.lstrip()[head.end() - 1 :] if head else b"")
            if not records:
                return Kind.FOREIGN, None, f"truncated or corrupt CloudTrail file: {str(exc)[:120]}"
            notes.append(Problem(uri, f"truncated or corrupt CloudTrail file: {len(records)} whole record(s) "
                                      f"read, {lost} unreadable part(s) skipped"))
            target.write_bytes(json.dumps(records, ensure_ascii=False).encode("utf-8", "replace"))
            return kind, target, None
        target.write_text(json.dumps(records), encoding="utf-8")
        return kind, target, None

    def _read_sql(self, kind: Kind, files: list[str], where: str, lenient: bool = False) -> str:
        """SQL reading ``files`` into ``ct`` rows. ``lenient``: DuckDB's ``ignore_errors``, so a broken line or a
        non-object record becomes an all-NULL row (counted later) and a field of the wrong type reads as missing."""
        opts = f"maximum_object_size=268435456, ignore_errors={'true' if lenient else 'false'}"
        if kind in (Kind.CLOUDTRAIL, Kind.ARRAY):
            cols_sql = _columns_literal(self._fields)
            src = f"read_json({files!r}, format='array', records=true, columns={cols_sql}, {opts})"
            proj = _projection("", self.columns)
        else:
            detail = "STRUCT(" + ", ".join(f"{k} {v}" for k, v in self._fields.items()) + ")"
            cols = dict(self._fields) | {"detail": detail}
            cols_sql = _columns_literal(cols)
            src = f"read_json({files!r}, format='newline_delimited', records=true, columns={cols_sql}, {opts})"
            proj = _jsonl_projection(self.columns)
        return (
            f"SELECT *, {PRINCIPAL_SQL} AS principal, {ACCOUNT_SQL} AS account FROM (SELECT {proj} FROM {src}) "
            f"WHERE true{where}"
        )

    def _insert(self, kind: Kind, files: list[tuple[str, Path]], where: str, problems: list[Problem],
                lenient: bool = False) -> None:
        """Fast strict read; on failure the same files leniently (bad records counted, good ones kept), and
        only if that fails too, halve the batch to isolate the unreadable file."""
        if not files:
            return
        try:
            self.con.execute(f"INSERT INTO ct {self._read_sql(kind, [str(p) for _, p in files], where, lenient)}")
            return
        except (duckdb.Error, UnicodeDecodeError) as exc:
            if not lenient:
                culprit = _culprit(str(exc), files)
                try:
                    sql = self._read_sql(kind, [str(p) for _, p in files], where, lenient=True)
                    self.con.execute(f"INSERT INTO ct {sql}")
                    problems.append(Problem(culprit, "malformed records (broken JSON lines, non-object records or "
                                                     "fields of the wrong type): the rest of the file was read, "
                                                     "unreadable records are counted under skipped events"))
                    return
                except (duckdb.Error, UnicodeDecodeError):
                    pass
            if len(files) == 1:
                self._salvage(kind, files[0], where, problems)
                return
        mid = len(files) // 2  # isolate the bad file(s) by halving
        self._insert(kind, files[:mid], where, problems)
        self._insert(kind, files[mid:], where, problems)

    def _salvage(self, kind: Kind, file: tuple[str, Path], where: str, problems: list[Problem]) -> None:
        """Last resort for one array file DuckDB cannot read at all (a cut file, ``Infinity``): decode record by
        record in Python, keep every whole record before the damage, count the rest."""
        uri, path = file
        records, lost = (_salvage_lines if kind is Kind.JSONL else _salvage_records)(path.read_bytes())
        if not records:
            problems.append(Problem(uri, "corrupt JSON, file skipped"))
            return
        # lone surrogates (``"\\ud800"``) decode to bytes DuckDB rejects: written as replacement characters
        if kind is Kind.JSONL:
            body = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
        else:
            body = json.dumps(records, ensure_ascii=False)
        path.write_bytes(body.encode("utf-8", "replace"))
        read_as = Kind.JSONL if kind is Kind.JSONL else Kind.ARRAY
        try:
            self.con.execute(f"INSERT INTO ct {self._read_sql(read_as, [str(path)], where, lenient=True)}")
        except (duckdb.Error, UnicodeDecodeError):
            problems.append(Problem(uri, "corrupt JSON, file skipped"))
            return
        problems.append(Problem(uri, f"damaged JSON: {len(records)} whole record(s) read, {lost} unreadable part(s) "
                                     "skipped"))

    def load(self, files: list[tuple[str, Path]], since: datetime | None = None,
             until: datetime | None = None) -> LoadResult:
        """Replace the ``ct`` table with the CloudTrail events of ``files``."""
        result = LoadResult()
        notes: list[Problem] = []  # files read only in part, reported with the batch
        with ThreadPoolExecutor(self.workers) as pool:
            prepared = list(pool.map(lambda f: (f[0], *self._prepare(f[0], f[1], notes)), files))
        result.problems.extend(notes)
        by_kind: dict[Kind, list[tuple[str, Path]]] = {Kind.CLOUDTRAIL: [], Kind.ARRAY: [], Kind.JSONL: []}
        for uri, kind, target, problem in prepared:
            if problem or target is None:
                result.problems.append(Problem(uri, problem or "unreadable"))
            elif kind is Kind.FLOW:
                result.flow_files.append((uri, target))
            else:
                by_kind[kind].append((uri, target))
        where = ""  # events without a readable time pass here and are counted below, not silently dropped
        if since is not None:
            where += f" AND (event_time IS NULL OR event_time >= TIMESTAMPTZ '{since.isoformat()}')"
        if until is not None:
            where += f" AND (event_time IS NULL OR event_time < TIMESTAMPTZ '{until.isoformat()}')"
        cols = ", ".join(f"{name} {_column_type(name)}" for name in COLUMNS)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE ct ({cols}, principal VARCHAR, account VARCHAR)")
        for kind, group in by_kind.items():
            self._insert(kind, group, where, result.problems)
        for group in by_kind.values():
            for _, target in group:
                target.unlink(missing_ok=True)
        result.skipped = _drop_unjudgeable(self.con)
        result.events = self.con.execute("SELECT count(*) FROM ct").fetchone()[0]  # type: ignore[index]
        result.files = sum(len(g) for g in by_kind.values())
        return result


def _salvage_records(data: bytes) -> tuple[list[dict[str, object]], int]:
    """Whole JSON objects of a (possibly cut or non-standard) array, in order, and how many parts were lost.

    Non-standard numbers (``NaN``, ``Infinity``) read as null; elements that are not objects are lost; a cut
    stops the walk (the cut-off tail counts as one lost part).
    """
    text = data.decode("utf-8", "replace")
    start = text.find("[")
    if start < 0:
        return [], 1
    decoder = json.JSONDecoder(parse_constant=lambda _: None)
    out: list[dict[str, object]] = []
    lost, i, n = 0, start + 1, len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n,":
            i += 1
        if i >= n or text[i] == "]":
            break
        try:
            value, i = decoder.raw_decode(text, i)
        except (ValueError, RecursionError):
            lost += 1
            break
        if isinstance(value, dict):
            out.append(value)
        else:
            lost += 1
    return out, lost


def _salvage_lines(data: bytes) -> tuple[list[dict[str, object]], int]:
    """The JSON-object lines of a JSON-lines file, and how many non-blank lines were not objects."""
    out: list[dict[str, object]] = []
    lost = 0
    for line in data.decode("utf-8", "replace").splitlines():
        if not line.strip():
            continue
        try:
            value = json.loads(line, parse_constant=lambda _: None)
        except (ValueError, RecursionError):
            lost += 1
            continue
        if isinstance(value, dict):
            out.append(value)
        else:
            lost += 1
    return out, lost


def _culprit(message: str, files: list[tuple[str, Path]]) -> str:
    """The input named in a DuckDB read error (it names the spool file), else the batch's first file."""
    for uri, path in files:
        if str(path) in message:
            return uri
    return files[0][0] if len(files) == 1 else f"{files[0][0]} (or another file of its batch)"


#: reason -> condition; such rows cannot be judged (no id to cite, no time to place them) and are counted.
UNJUDGEABLE: dict[str, str] = {
    "unreadable record or line": "event_id IS NULL AND event_name IS NULL AND event_time IS NULL",
    "no eventID": "event_id IS NULL",
    "no readable eventTime": "event_time IS NULL OR NOT isfinite(event_time)",  # 'infinity' parses as a time
}
_UNJUDGEABLE_ANY = "event_id IS NULL OR event_time IS NULL OR NOT isfinite(event_time)"


def _drop_unjudgeable(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Count and delete ``ct`` rows without an id or a time, each under its first matching reason."""
    cases = " ".join(f"WHEN {cond} THEN '{reason}'" for reason, cond in UNJUDGEABLE.items())
    rows = con.execute(
        f"SELECT CASE {cases} END AS why, count(*) FROM ct WHERE {_UNJUDGEABLE_ANY} GROUP BY why"
    ).fetchall()
    if rows:
        con.execute(f"DELETE FROM ct WHERE {_UNJUDGEABLE_ANY}")
    return {str(why): int(n) for why, n in rows}


_JSON_COLS = {"request_parameters", "response_elements", "additional_event_data", "resources", "service_event_details"}
_TYPES = {"event_time": "TIMESTAMPTZ"}
