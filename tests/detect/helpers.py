"""Small builders shared by the detect tests."""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from ssrm.detect.ingest import Loader

ACCOUNT = "111122223333"
T0 = datetime(2026, 11, 4, 3, 0, tzinfo=UTC)


def record(**over: Any) -> dict[str, Any]:
    """A CloudTrail record by IAM user alice; keyword arguments replace (dicts merge one level)."""
    rec: dict[str, Any] = {
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": f"arn:aws:iam::{ACCOUNT}:user/alice",
            "accountId": ACCOUNT, "accessKeyId": "AKIAEXAMPLEKEY000001", "userName": "alice",
        },
        "eventTime": T0.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": "sts.amazonaws.com", "eventName": "GetCallerIdentity", "awsRegion": "us-east-1",
        "sourceIPAddress": "198.51.100.10", "userAgent": "aws-cli/2.17.20", "requestParameters": None,
        "responseElements": None, "eventID": str(uuid.uuid4()), "eventType": "AwsApiCall",
        "recipientAccountId": ACCOUNT,
    }
    for key, value in over.items():
        if key == "userIdentity" and isinstance(value, dict):
            rec[key] = {**rec[key], **value}
            if value.get("type") in ("Root", "AssumedRole"):
                rec[key].pop("userName", None)
        else:
            rec[key] = value
    return rec


def at(minutes: float = 0, **over: Any) -> dict[str, Any]:
    return record(eventTime=(T0 + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ"), **over)


def write_trail(folder: Path, records: list[dict[str, Any]], name: str = "part.json.gz") -> Path:
    day = records[0]["eventTime"][:10].replace("-", "/") if records else "2026/11/04"
    path = folder / "AWSLogs" / ACCOUNT / "CloudTrail" / "us-east-1" / day / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
    return path


def load_records(records: list[dict[str, Any]], tmp: Path,
                 columns: Iterable[str] | None = None) -> duckdb.DuckDBPyConnection:
    """A connection whose ``ct`` table holds ``records`` (only ``columns`` filled, if given)."""
    path = write_trail(tmp, records)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    loader = Loader(con, columns=columns)
    result = loader.load([(str(path), path)])
    loader.close()
    assert not result.problems, result.problems
    return con
