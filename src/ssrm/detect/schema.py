"""The CloudTrail table: which record fields ssrm reads, their column names, and Sigma field mapping.

Only the fields detection needs are typed as columns; the free-form parts (``requestParameters``,
``responseElements``, ``additionalEventData``, ``resources``) stay JSON and are reached through
``json_extract_string`` when a rule names a path inside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_SESSION_ISSUER = "STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, userName VARCHAR)"
_IDENTITY = (
    "STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, accessKeyId VARCHAR, "
    "userName VARCHAR, invokedBy VARCHAR, "
    f"sessionContext STRUCT(sessionIssuer {_SESSION_ISSUER}, "
    "attributes STRUCT(creationDate VARCHAR, mfaAuthenticated VARCHAR)))"
)

#: record field -> DuckDB type, as declared to ``read_json``.
RECORD_FIELDS: dict[str, str] = {
    "eventID": "VARCHAR",
    "eventTime": "VARCHAR",
    "eventSource": "VARCHAR",
    "eventName": "VARCHAR",
    "awsRegion": "VARCHAR",
    "sourceIPAddress": "VARCHAR",
    "userAgent": "VARCHAR",
    "errorCode": "VARCHAR",
    "errorMessage": "VARCHAR",
    "eventType": "VARCHAR",
    "readOnly": "VARCHAR",
    "recipientAccountId": "VARCHAR",
    "vpcEndpointId": "VARCHAR",
    "vpcEndpointAccountId": "VARCHAR",
    "userIdentity": _IDENTITY,
    "requestParameters": "JSON",
    "responseElements": "JSON",
    "additionalEventData": "JSON",
    "resources": "JSON",
    "serviceEventDetails": "JSON",
}

RECORD_STRUCT = "STRUCT(" + ", ".join(f"{k} {v}" for k, v in RECORD_FIELDS.items()) + ")"

#: column name -> SQL template; ``{r}`` is the prefix that reaches a record field ("" or "detail.").
COLUMNS: dict[str, str] = {
    "event_id": "{r}eventID",
    # ISO 8601 as CloudTrail writes it; epoch seconds or milliseconds as some exports do; else NULL (counted)
    "event_time": (
        "coalesce(TRY_CAST({r}eventTime AS TIMESTAMPTZ), CASE "
        "WHEN TRY_CAST({r}eventTime AS BIGINT) BETWEEN 100000000 AND 99999999999 "
        "THEN to_timestamp(TRY_CAST({r}eventTime AS BIGINT)) "
        "WHEN TRY_CAST({r}eventTime AS BIGINT) BETWEEN 100000000000 AND 99999999999999 "
        "THEN to_timestamp(TRY_CAST({r}eventTime AS BIGINT) / 1000.0) END)"
    ),
    "event_source": "{r}eventSource",
    "event_name": "{r}eventName",
    "lc_event_source": "lower({r}eventSource)",
    "lc_event_name": "lower({r}eventName)",
    "lc_ui_type": "lower({r}userIdentity.type)",
    "aws_region": "{r}awsRegion",
    "source_ip": "{r}sourceIPAddress",
    "user_agent": "{r}userAgent",
    "error_code": "{r}errorCode",
    "error_message": "{r}errorMessage",
    "event_type": "{r}eventType",
    "read_only": "{r}readOnly",
    "recipient_account_id": "{r}recipientAccountId",
    "vpc_endpoint_id": "{r}vpcEndpointId",
    "vpc_endpoint_account_id": "{r}vpcEndpointAccountId",
    "ui_type": "{r}userIdentity.type",
    "ui_principal_id": "{r}userIdentity.principalId",
    "ui_arn": "{r}userIdentity.arn",
    "ui_account_id": "{r}userIdentity.accountId",
    "ui_access_key_id": "{r}userIdentity.accessKeyId",
    "ui_user_name": "{r}userIdentity.userName",
    "ui_invoked_by": "{r}userIdentity.invokedBy",
    "si_type": "{r}userIdentity.sessionContext.sessionIssuer.type",
    "si_arn": "{r}userIdentity.sessionContext.sessionIssuer.arn",
    "si_user_name": "{r}userIdentity.sessionContext.sessionIssuer.userName",
    "mfa_authenticated": "{r}userIdentity.sessionContext.attributes.mfaAuthenticated",
    "request_parameters": "{r}requestParameters",
    "response_elements": "{r}responseElements",
    "additional_event_data": "{r}additionalEventData",
    "resources": "{r}resources",
    "service_event_details": "{r}serviceEventDetails",
}

#: Columns every run reads whatever the rules: event identity and time, the principal and account keys, the
#: baseline dimensions, the evidence summary, and the request/response objects the resource guess looks into.
BASE_COLUMNS: frozenset[str] = frozenset({
    "event_id", "event_time", "event_source", "event_name", "aws_region", "source_ip", "user_agent", "error_code",
    "recipient_account_id", "ui_type", "ui_principal_id", "ui_arn", "ui_account_id", "ui_access_key_id",
    "ui_invoked_by", "si_arn", "request_parameters", "response_elements",
})

#: derived column -> the column it is computed from.
DERIVED_FROM: dict[str, str] = {
    "lc_event_source": "event_source",
    "lc_event_name": "event_name",
    "lc_ui_type": "ui_type",
}

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def columns_in(sql_texts: Iterable[str]) -> frozenset[str]:
    """The ``ct`` columns named in some SQL text, plus :data:`BASE_COLUMNS` (a word match: may over-include)."""
    words: set[str] = set()
    for text in sql_texts:
        words.update(_WORD.findall(text))
    used = {name for name in COLUMNS if name in words} | BASE_COLUMNS
    used |= {DERIVED_FROM[name] for name in used if name in DERIVED_FROM}
    return frozenset(used)


def _record_path(template: str) -> tuple[str, ...]:
    """``lower({r}userIdentity.type)`` -> ("userIdentity", "type")."""
    m = re.search(r"\{r\}([A-Za-z0-9_.]+)", template)
    assert m is not None, template
    return tuple(m[1].split("."))


def record_fields(columns: Iterable[str] | None = None) -> dict[str, str]:
    """Record fields (top-level name -> DuckDB type) that ``read_json`` must build for ``columns`` (all if None).

    Nested structs (``userIdentity``) are declared with only the members those columns reach, so the JSON
    reader skips the rest of them.
    """
    wanted = set(COLUMNS) if columns is None else set(columns)
    tree: dict[str, Any] = {}
    for name in COLUMNS:
        if name not in wanted:
            continue
        path = _record_path(COLUMNS[name])
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node.setdefault(path[-1], None)

    def decl(prefix: tuple[str, ...], node: dict[str, Any]) -> str:
        parts = []
        for key, child in node.items():
            path = (*prefix, key)
            parts.append(f"{key} {_leaf_type(path) if child is None else decl(path, child)}")
        return "STRUCT(" + ", ".join(parts) + ")"

    out: dict[str, str] = {}
    for key in RECORD_FIELDS:  # keep the declared order
        if key in tree:
            child = tree[key]
            out[key] = RECORD_FIELDS[key] if child is None else decl((key,), child)
    return out


def _leaf_type(path: tuple[str, ...]) -> str:
    return RECORD_FIELDS.get(path[0], "VARCHAR") if len(path) == 1 else "VARCHAR"


#: Sigma field (dotted path into the raw record) -> column.
SIGMA_FIELDS: dict[str, str] = {
    "eventID": "event_id",
    "eventTime": "event_time",
    "eventSource": "event_source",
    "eventName": "event_name",
    "awsRegion": "aws_region",
    "sourceIPAddress": "source_ip",
    "userAgent": "user_agent",
    "errorCode": "error_code",
    "errorMessage": "error_message",
    "eventType": "event_type",
    "readOnly": "read_only",
    "recipientAccountId": "recipient_account_id",
    "vpcEndpointId": "vpc_endpoint_id",
    "vpcEndpointAccountId": "vpc_endpoint_account_id",
    "userIdentity.type": "ui_type",
    "userIdentity.principalId": "ui_principal_id",
    "userIdentity.arn": "ui_arn",
    "userIdentity.accountId": "ui_account_id",
    "userIdentity.accessKeyId": "ui_access_key_id",
    "userIdentity.userName": "ui_user_name",
    "userIdentity.invokedBy": "ui_invoked_by",
    "userIdentity.sessionContext.sessionIssuer.type": "si_type",
    "userIdentity.sessionContext.sessionIssuer.arn": "si_arn",
    "userIdentity.sessionContext.sessionIssuer.userName": "si_user_name",
    "userIdentity.sessionContext.attributes.mfaAuthenticated": "mfa_authenticated",
}

#: JSON-typed record fields whose inner paths a rule may name.
JSON_FIELDS: dict[str, str] = {
    "requestParameters": "request_parameters",
    "responseElements": "response_elements",
    "additionalEventData": "additional_event_data",
    "resources": "resources",
    "serviceEventDetails": "service_event_details",
}

#: Who did it, one key per principal: the role (not the session) for assumed roles, else the ARN.
PRINCIPAL_SQL = (
    "CASE WHEN ui_type = 'AssumedRole' AND si_arn IS NOT NULL THEN si_arn "
    "ELSE coalesce(ui_arn, ui_principal_id, ui_invoked_by, 'unknown') END"
)


def _json_step(part: str) -> str:
    """``items[0]`` -> ``"items"[0]``: quoted key, optional array index."""
    key, bracket, index = part.partition("[")
    return f'"{key}"' + (bracket + index if bracket else "")


def sigma_field_sql(field: str) -> str | None:
    """SQL for a Sigma field name, or None when ssrm does not read that field."""
    if field in SIGMA_FIELDS:
        return SIGMA_FIELDS[field]
    head, _, rest = field.partition(".")
    if head in JSON_FIELDS:
        column = JSON_FIELDS[head]
        if not rest:
            return f"CAST({column} AS VARCHAR)"
        path = "$." + ".".join(_json_step(part) for part in rest.split("."))
        return f"json_extract_string({column}, '{path}')"
    return None

#: Sigma fields also stored lower-cased, so case-insensitive equality is a plain comparison.
LOWERED: dict[str, str] = {
    "eventName": "lc_event_name",
    "eventSource": "lc_event_source",
    "userIdentity.type": "lc_ui_type",
}

#: Account the event belongs to.
ACCOUNT_SQL = "coalesce(recipient_account_id, ui_account_id, '')"

#: Request fields that name the resource an API call acted on, most specific first.
RESOURCE_PATHS: tuple[str, ...] = (
    "bucketName",
    "secretId",
    "keyId",
    "snapshotId",
    "imageId",
    "groupId",
    "instanceId",
    "instancesSet.items[0].instanceId",
    "roleName",
    "userName",
    "policyArn",
    "functionName",
    "dBInstanceIdentifier",
    "dBSnapshotIdentifier",
    "detectorId",
    "trailName",
    "name",
    "configurationRecorderName",
    "deliveryChannelName",
    "flowLogIds.item[0]",
    "FlowLogIds[0]",
    "HubArn",
    "clusterName",
    "stackName",
    "accessKeyId",
)


def resource_sql() -> str:
    """Best guess at the resource an event touched, computed only on matched rows."""
    parts = [f"json_extract_string(request_parameters, '$.{p}')" for p in RESOURCE_PATHS]
    parts.append("json_extract_string(response_elements, '$.instancesSet.items[0].instanceId')")
    return "coalesce(" + ", ".join(parts) + ", '')"
