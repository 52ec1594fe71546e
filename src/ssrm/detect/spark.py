"""``ssrm detect --engine spark``: the same compiled Sigma rules, run as Spark SQL over a cluster's executors.

An organization's trail is billions of events a day; Spark reads them where they are (local folders, S3
prefixes, Parquet) in parallel. The rules are compiled once by ssrm's pySigma backend (the DuckDB dialect)
and translated here to Spark SQL: the functions differ by name (``regexp_matches`` -> ``regexp_like``,
``json_extract_string`` -> ``get_json_object``), string literals are read raw (regular expressions keep
their backslashes) and LIKE uses Spark's default escape, the backslash. The ``ct`` view has the same columns
as DuckDB's table, so every rule, benign condition and resource expression runs unchanged.

Covered: single-event rules (alerts per rule, principal and resource, as the DuckDB engine groups them) and
Sigma ``event_count`` / ``value_count`` correlations. Every rule and correlation feed is evaluated in one pass
over the input (a ``CASE`` per rule, matched rows kept), so the files are parsed once. Behavioural baselines,
flow logs and instance credential exfiltration stay with the DuckDB engine (they keep state between runs).
"""

from __future__ import annotations

import gzip
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ssrm.detect.ingest import Kind, sniff
from ssrm.detect.ruleset import Correlation, Ruleset
from ssrm.detect.schema import ACCOUNT_SQL, COLUMNS, PRINCIPAL_SQL, RECORD_FIELDS, resource_sql

_JSON_PATH = re.compile(r"json_extract_string\(([a-z_]+), '\$\.([^']*)'\)")
_QUOTED_KEY = re.compile(r'"([^"]+)"')

#: event_time in Spark: ISO 8601, else epoch seconds or milliseconds (as the DuckDB engine reads it)
EVENT_TIME = (
    "coalesce(try_cast({r}eventTime AS TIMESTAMP), CASE "
    "WHEN try_cast({r}eventTime AS BIGINT) BETWEEN 100000000 AND 99999999999 "
    "THEN timestamp_seconds(try_cast({r}eventTime AS BIGINT)) "
    "WHEN try_cast({r}eventTime AS BIGINT) BETWEEN 100000000000 AND 99999999999999 "
    "THEN timestamp_millis(try_cast({r}eventTime AS BIGINT)) END)"
)


class SparkError(RuntimeError):
    """Spark is missing or cannot run (one line for the user)."""


def to_spark_sql(sql: str) -> str:
    """A DuckDB boolean/scalar expression of ssrm's backend, as Spark SQL (raw string literals)."""

    def json_path(m: re.Match[str]) -> str:
        path = _QUOTED_KEY.sub(r"\1", m[2])
        return f"get_json_object({m[1]}, '$.{path}')"

    out = _JSON_PATH.sub(json_path, sql)
    out = out.replace(" ESCAPE '\\'", "")
    out = re.sub(r"\bregexp_matches\(", "regexp_like(", out)
    out = re.sub(r"\bstarts_with\(", "startswith(", out)
    out = re.sub(r"\bends_with\(", "endswith(", out)
    out = re.sub(r"\bTRY_CAST\(", "try_cast(", out)
    out = re.sub(r"\bAS VARCHAR\)", "AS STRING)", out)
    return out


def _spark_type(duck: str) -> str:
    """DuckDB column types of :data:`RECORD_FIELDS` as Spark DDL (JSON objects stay raw JSON text)."""
    out = re.sub(r"\bSTRUCT\(", "STRUCT<", duck).replace(")", ">")
    out = re.sub(r"(\w+) (VARCHAR|JSON|STRUCT<)", lambda m: f"`{m[1]}`: {m[2]}", out)
    return out.replace("VARCHAR", "STRING").replace("JSON", "STRING")


def record_ddl() -> str:
    return ", ".join(f"`{k}` {_spark_type(v)}" for k, v in RECORD_FIELDS.items())


def _columns(prefix: str) -> str:
    parts = []
    for name, template in COLUMNS.items():
        expr = EVENT_TIME if name == "event_time" else template
        parts.append(f"{to_spark_sql(expr.format(r=prefix))} AS {name}")
    return ", ".join(parts)


def session(master: str = "local[2]", app: str = "ssrm-detect") -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkError("the Spark engine needs PySpark: pip install 'ssrm[spark]' (and Java 17+)") from exc
    builder = SparkSession.builder.master(master).appName(app)
    if master.startswith("local"):  # no spark-warehouse/ folder left in the user's working directory
        builder = builder.config("spark.sql.warehouse.dir", str(Path(tempfile.gettempdir()) / "ssrm-spark-warehouse"))
    return (
        builder
        .config("spark.sql.parser.escapedStringLiterals", "true")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )


def _kind(path: str) -> Kind:
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            return sniff(fh.read(4096))
    except OSError:
        return Kind.FOREIGN


def load_ct(spark: Any, sources: Iterable[str]) -> tuple[Any, list[str]]:
    """Register the ``ct`` view over local files/folders, ``s3a://`` prefixes or Parquet; returns (view, skipped).

    Local inputs are sniffed per file (CloudTrail log files, bare arrays, JSON lines; others skipped and named);
    remote prefixes are read as CloudTrail log files, Parquet folders (``*.parquet``) as the record layout.
    """
    groups: dict[str, list[str]] = {"trail": [], "lines": [], "parquet": []}
    skipped: list[str] = []
    for src in sources:
        if src.startswith(("s3://", "s3a://")):
            groups["trail"].append(src.replace("s3://", "s3a://", 1))
            continue
        root = Path(src)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for f in files:
            name = str(f)
            if name.endswith(".parquet"):
                groups["parquet"].append(name)
                continue
            kind = _kind(name)
            if kind in (Kind.CLOUDTRAIL, Kind.ARRAY):
                groups["trail" if kind is Kind.CLOUDTRAIL else "lines"].append(name)
            elif kind is Kind.JSONL:
                groups["lines"].append(name)
            else:
                skipped.append(name)
    ddl = record_ddl()
    frames = []
    if groups["trail"]:
        raw = spark.read.schema(f"Records ARRAY<STRUCT<{_spark_type_inner(ddl)}>>").option("multiLine", "true")
        df = raw.json(groups["trail"]).selectExpr("explode(Records) AS r")
        frames.append(df.selectExpr(*_select_list("r.")))
    if groups["lines"]:
        arrays = [p for p in groups["lines"] if _kind(p) is Kind.ARRAY]
        lines = [p for p in groups["lines"] if p not in arrays]
        if arrays:
            df = spark.read.schema(ddl).option("multiLine", "true").json(arrays)
            frames.append(df.selectExpr(*_select_list("")))
        if lines:
            df = spark.read.schema(f"{ddl}, `detail` STRUCT<{_spark_type_inner(ddl)}>").json(lines)
            df = df.selectExpr("CASE WHEN detail IS NOT NULL THEN detail ELSE "
                               f"named_struct({_named(RECORD_FIELDS)}) END AS r")
            frames.append(df.selectExpr(*_select_list("r.")))
    if groups["parquet"]:
        frames.append(spark.read.parquet(*groups["parquet"]).selectExpr(*_select_list("")))
    if not frames:
        frame = spark.createDataFrame([], schema=", ".join(f"{c} STRING" for c in COLUMNS))
    else:
        frame = frames[0]
        for other in frames[1:]:
            frame = frame.unionByName(other)
    frame = frame.where("event_id IS NOT NULL AND event_time IS NOT NULL")
    if spark.catalog.tableExists(MATCHED_VIEW):  # matches of an earlier input
        spark.catalog.dropTempView(MATCHED_VIEW)
    frame.createOrReplaceTempView("ct0")
    spark.sql(f"CREATE OR REPLACE TEMP VIEW ct AS SELECT *, {PRINCIPAL_SQL} AS principal, "
              f"{ACCOUNT_SQL} AS account FROM ct0")
    return spark.table("ct"), skipped


def _spark_type_inner(ddl: str) -> str:
    return ddl.replace("` ", "`: ")


def _named(fields: dict[str, str]) -> str:
    return ", ".join(f"'{k}', `{k}`" for k in fields)


def _select_list(prefix: str) -> list[str]:
    return [part for part in _split_top(_columns(prefix))]


def _split_top(text: str) -> list[str]:
    """Split a comma-separated SQL select list at top level (not inside parentheses or quotes)."""
    out: list[str] = []
    cur: list[str] = []
    depth, quote = 0, False
    for ch in text:
        if ch == "'":
            quote = not quote
        elif not quote and ch == "(":
            depth += 1
        elif not quote and ch == ")":
            depth -= 1
        if ch == "," and depth == 0 and not quote:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if cur:
        out.append("".join(cur).strip())
    return out


#: the view of every (rule or correlation feed, event) match of the run, computed once (see :func:`match`)
MATCHED_VIEW = "ct_matched"


def _corr_key(corr: Correlation) -> str:
    return f"corr:{corr.meta.rule_id}"


def _group_sql(corr: Correlation) -> str:
    return " || '|' || ".join(f"coalesce(CAST({to_spark_sql(g)} AS STRING), '?')" for g in corr.group_by) or "''"


def match(spark: Any, ruleset: Ruleset) -> Any:
    """One pass over ``ct`` for every rule and correlation feed; the matches are kept (cached) as a view.

    Each event that matched anything keeps only what the alerts need: its id, time, principal, account, region,
    name, and one ``(rid, grp, val)`` per match: a rule's id and the resource it acted on, or a correlation's
    id, group and value. The source files are read and parsed once, however many rules there are, and the
    cached rows stay narrow however wide the events are.
    """
    default_resource = to_spark_sql(resource_sql())
    arms = [(r.meta.rule_id, r.where, f"coalesce({to_spark_sql(r.resource) if r.resource else default_resource}, '')",
             "CAST(NULL AS STRING)") for r in ruleset.rules if r.emit]
    arms += [(_corr_key(c), c.where, _group_sql(c),
              f"CAST({to_spark_sql(c.value)} AS STRING)" if c.value else "CAST(NULL AS STRING)")
             for c in ruleset.correlations]
    if arms:
        cases = ", ".join(f"CASE WHEN {to_spark_sql(where)} THEN named_struct('rid', '{key}', 'grp', {grp}, "
                          f"'val', {val}) END" for key, where, grp, val in arms)
        found = f"filter(array({cases}), x -> x IS NOT NULL)"
    else:
        found = "CAST(array() AS ARRAY<STRUCT<rid: STRING, grp: STRING, val: STRING>>)"
    frame = spark.sql(
        "SELECT event_id, event_time, principal, account, aws_region, event_name, m.rid, m.grp, m.val FROM "
        f"(SELECT *, {found} AS found FROM ct) LATERAL VIEW explode(found) t AS m"
    ).persist()
    frame.createOrReplaceTempView(MATCHED_VIEW)
    return frame


def _matched(spark: Any, ruleset: Ruleset) -> None:
    if not spark.catalog.tableExists(MATCHED_VIEW):
        match(spark, ruleset)


def rule_hits(spark: Any, ruleset: Ruleset) -> list[tuple[str, str]]:
    """(rule id, event id) of every single-event rule match."""
    _matched(spark, ruleset)
    rows = spark.sql(f"SELECT rid, event_id FROM {MATCHED_VIEW} WHERE NOT startswith(rid, 'corr:')").collect()
    return [(row[0], row[1]) for row in rows]


def rule_alert_rows(spark: Any, ruleset: Ruleset) -> list[Any]:
    """Grouped like the DuckDB engine: rule, principal, resource -> first, last, count, evidence ids."""
    _matched(spark, ruleset)
    sql = (
        "SELECT rid, principal, grp, first(account), first(aws_region), min(event_time), max(event_time), "
        "count(*), slice(transform(sort_array(collect_list(struct(event_time, event_id))), x -> x.event_id), 1, 10) "
        f"FROM {MATCHED_VIEW} WHERE NOT startswith(rid, 'corr:') GROUP BY rid, principal, grp"
    )
    return list(spark.sql(sql).collect())


def correlation_rows(spark: Any, corr: Correlation, ruleset: Ruleset | None = None) -> list[Any]:
    """Groups whose sliding-window count (or distinct values) meets the correlation's condition.

    With ``ruleset``, from the run's single pass (:func:`match`); without, straight over ``ct``.
    """
    if ruleset is not None:
        _matched(spark, ruleset)
        source = (f"SELECT grp, val, event_time, event_id, principal, account, aws_region FROM {MATCHED_VIEW} "
                  f"WHERE rid = '{_corr_key(corr)}'")
    else:
        val = f"CAST({to_spark_sql(corr.value)} AS STRING)" if corr.value else "NULL"
        source = (f"SELECT {_group_sql(corr)} AS grp, {val} AS val, event_time, event_id, principal, account, "
                  f"aws_region FROM ct WHERE {to_spark_sql(corr.where)}")
    agg = "size(collect_set(val) OVER w)" if corr.kind == "value_count" else "count(*) OVER w"
    sql = f"""
        WITH e AS ({source}),
        w AS (SELECT *, {agg} AS wn FROM e
              WINDOW w AS (PARTITION BY grp ORDER BY event_time
                           RANGE BETWEEN INTERVAL {corr.seconds} SECONDS PRECEDING AND CURRENT ROW))
        SELECT grp, min(event_time), max(event_time), max(wn), first(principal), first(account), first(aws_region)
        FROM w WHERE wn {corr.op} {corr.count} GROUP BY grp"""
    return list(spark.sql(sql).collect())


def alerts(spark: Any, ruleset: Ruleset) -> list[Any]:
    """Rule and correlation alerts over the ``ct`` view, shaped like the DuckDB engine's."""
    from ssrm.detect.matching import SEVERITY_SCORE
    from ssrm.model.alert import Alert, Evidence

    metas = {r.meta.rule_id: r.meta for r in ruleset.rules}
    out = []
    for rule_id, principal, resource, account, region, first, last, n, ids in rule_alert_rows(spark, ruleset):
        meta = metas[rule_id]
        what = f" on {resource}" if resource else ""
        out.append(Alert(
            rule_id=rule_id, title=meta.title, severity=meta.severity, stage=meta.stage, kind="rule",
            attack=meta.attack, principal=principal, resource=resource or "", account=account or "",
            region=region or "", first_seen=first, last_seen=last, count=int(n),
            score=SEVERITY_SCORE[meta.severity], explanation=f"{meta.title}: {principal}{what}, {n} time(s).",
            evidence=tuple(Evidence(event_id=str(i), summary="") for i in ids),
        ))
    for corr in ruleset.correlations:
        for grp, first, last, peak, principal, account, region in correlation_rows(spark, corr, ruleset):
            meta = corr.meta
            counted = f"{peak} distinct {corr.value_name}" if corr.value_name else f"{peak} matching events"
            out.append(Alert(
                rule_id=meta.rule_id, title=meta.title, severity=meta.severity, stage=meta.stage, kind="rule",
                attack=meta.attack, principal=principal or "", account=account or "", region=region or "",
                first_seen=first, last_seen=last, count=int(peak), score=min(100.0, SEVERITY_SCORE[meta.severity] + 5),
                explanation=f"{meta.title}: {counted} within {corr.seconds} s for {grp}.",
            ))
    spark.catalog.dropTempView(MATCHED_VIEW)
    out.sort(key=lambda a: a.sort_key)
    return out
