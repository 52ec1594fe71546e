"""Whether an RDS instance's parameter group makes the server refuse unencrypted connections (FSBP RDS.38/39).

PostgreSQL says it with ``rds.force_ssl`` = 1, MySQL with ``require_secure_transport`` = 1 (or ON). One
``DescribeDBParameters`` per custom group in use (``Source=user``: only the parameters the customer set);
a parameter the customer left alone, and every default group (``default.*``), has the engine default, which
the RDS User Guide gives per major version:
- "Using SSL with a PostgreSQL DB instance": ``rds.force_ssl`` is 1 from PostgreSQL 15 on, 0 for 14 and older;
- "Requiring SSL/TLS for all connections to a MySQL DB instance": ``require_secure_transport`` is 0 (OFF)
  for MySQL 8.4 and lower.
A major version outside these is left unknown (ERROR), never guessed.
"""

from __future__ import annotations

from typing import Any

from ssrm.sources.aws.context import CollectContext

PARAMETER = {"postgres": "rds.force_ssl", "mysql": "require_secure_transport"}
ON_VALUES = {"1", "on", "true"}


def engine_default(engine: str, version: str) -> bool | None:
    """The parameter's default for ``engine`` at ``version`` (e.g. "15.4", "8.0.36"); None when not known."""
    parts = version.split(".")
    try:
        major = int(parts[0])
        minor = int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return None
    if engine == "postgres":
        return major >= 15
    if engine == "mysql" and (major, minor) <= (8, 4):
        return False
    return None


def group_of(db: dict[str, Any]) -> str:
    groups = db.get("DBParameterGroups") or [{}]
    return str(groups[0].get("DBParameterGroupName") or "")


def read_custom_groups(ctx: CollectContext, instances: list[dict[str, Any]]) -> dict[str, dict[str, str] | str]:
    """Per custom group used by a PostgreSQL or MySQL instance: the parameters the customer set (name ->
    value), or why they could not be read."""
    names = sorted({group_of(db) for db in instances if db.get("Engine", "").lower() in PARAMETER
                    and group_of(db) and not group_of(db).startswith("default.")})

    def read(name: str) -> dict[str, str] | str:
        params = ctx.pages("describe_db_parameters", "Parameters", DBParameterGroupName=name, Source="user",
                           resource=name)
        if params is None:
            return f"DescribeDBParameters failed for parameter group {name}"
        return {str(p["ParameterName"]): str(p.get("ParameterValue", "")) for p in params if "ParameterName" in p}

    return dict(zip(names, ctx.parallel(read, names), strict=True))


def tls_fields(db: dict[str, Any], groups: dict[str, dict[str, str] | str]) -> dict[str, Any]:
    """The instance's ``parameter_group``, ``tls_required``, ``tls_setting`` and their ``unknown`` reasons."""
    engine = str(db.get("Engine", "")).lower()
    group = group_of(db)
    fields: dict[str, Any] = {"parameter_group": group}
    parameter = PARAMETER.get(engine)
    if parameter is None:
        return fields
    read = groups.get(group)
    if isinstance(read, str):
        return {**fields, "unknown": {"tls_required": read}}
    if read is not None and parameter in read:
        value = read[parameter]
        return {**fields, "tls_required": value.lower() in ON_VALUES,
                "tls_setting": f"{parameter}={value} in parameter group {group}"}
    version = str(db.get("EngineVersion", ""))
    default = engine_default(engine, version)
    if default is None:
        return {**fields, "unknown": {"tls_required": f"the default of {parameter} for {engine} {version} "
                                                      "is not known to ssrm"}}
    where = "default parameter group" if read is None else "engine default, not set in"
    return {**fields, "tls_required": default,
            "tls_setting": f"{parameter}={int(default)} ({where} {group}, {engine} {version})"}
