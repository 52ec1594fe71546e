"""The collection context a collector works through: clients, counted calls, gaps, results.

Collectors never catch botocore errors themselves: ``call`` and ``pages`` turn every failure into a
recorded gap and a ``Reply`` that says why, so one failing API never loses the rest of the scan.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from ssrm.model import Gap, Resource

if TYPE_CHECKING:
    from ssrm.sources.aws.collector import Collector
    from ssrm.sources.aws.session import ScanSession

T = TypeVar("T")
U = TypeVar("U")

# A stream of calls made one after another makes at least this many a second (a slow 500 ms answer each):
# a lane limited to R calls a second needs R / this streams to keep to its limit, no more.
CALLS_PER_STREAM = 2.0

@dataclass(frozen=True)
class Reply:
    """The outcome of one API call: data, a definite absence, or an error that made it unknown."""

    data: dict[str, Any] | None = None
    absent: bool = False
    error: str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.data is not None

    @property
    def reason(self) -> str:
        """Why the value is unknown, for ``Resource.unknown``."""
        return f"{self.error}: {self.message}" if self.message else str(self.error)

    def get(self, key: str, default: Any = None) -> Any:
        return (self.data or {}).get(key, default)


# NotImplementedError: what the in-process emulator raises for an API it lacks (AWS never does); it is
# recorded as a gap like any refusal, so no collector needs its own guard for it.
# ResponseParserError: an answer that is not AWS's (an HTML page from a proxy or an endpoint that is not AWS).
CALL_ERRORS = (ClientError, BotoCoreError, NotImplementedError, ResponseParserError)
HTML_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _one_line(message: str) -> str:
    """Error messages go into one-line outputs: an HTML error page becomes its title."""
    if message.lstrip().startswith("<"):
        title = HTML_TITLE.search(message)
        message = title.group(1) if title else "HTML error page"
    elif "<html" in message.lower() or "<!doctype html" in message.lower():  # a parser error quoting the page
        title = HTML_TITLE.search(message)
        message = f"an HTML page, not an AWS answer ({title.group(1) if title else 'no title'})"
    return " ".join(message.split())[:300]


def error_of(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, ClientError):
        err = exc.response.get("Error", {})
        code = err.get("Code") or "ClientError"
        if str(code).isdigit():
            code = f"HTTP {code}"
        return str(code), _one_line(str(err.get("Message") or ""))
    if isinstance(exc, NotImplementedError):
        return "NotImplemented", _one_line(str(exc))
    return type(exc).__name__, _one_line(str(exc))


class CollectContext:
    """One collector working in one region."""

    def __init__(self, session: ScanSession, collector: Collector, region: str) -> None:
        self.session = session
        self.collector = collector
        self.region = region
        # Global services are called in the partition's home region but their records say "global".
        self.resource_region = "global" if collector.scope == "global" else region

    @property
    def account(self) -> str:
        return self.session.account

    @property
    def partition(self) -> str:
        return self.session.partition

    def client(self, service: str | None = None) -> Any:
        return self.session.client(service or self.collector.client, self.region)

    def arn(self, service: str, resource: str, *, region: str | None = None, account: str | None = None) -> str:
        reg = self.resource_region if region is None else region
        reg = "" if reg == "global" else reg
        acct = self.account if account is None else account
        return f"arn:{self.partition}:{service}:{reg}:{acct}:{resource}"

    def call(
        self,
        operation: str,
        *,
        service: str | None = None,
        absent: Iterable[str] = (),
        resource_types: Iterable[str] = (),
        resource: str | None = None,
        **params: Any,
    ) -> Reply:
        """Call ``operation`` (the boto3 method name). Errors become a recorded gap and a failed Reply.

        ``absent`` lists error codes that mean "not configured" (e.g. NoSuchBucketPolicy): those give
        ``Reply(absent=True)`` and no gap. ``resource_types`` marks a listing call: if it fails, rules on
        those types in this region yield ERROR.
        """
        client = self.client(service)
        try:
            data = getattr(client, operation)(**params)
        except CALL_ERRORS as exc:
            code, message = error_of(exc)
            if code in absent:
                return Reply(absent=True, error=code, message=message)
            self._record_gap(client, operation, code, message, resource_types, resource)
            return Reply(error=code, message=message)
        data.pop("ResponseMetadata", None)
        return Reply(data=data)

    def pages(
        self,
        operation: str,
        key: str,
        *,
        service: str | None = None,
        resource_types: Iterable[str] = (),
        resource: str | None = None,
        absent: Iterable[str] = (),
        **params: Any,
    ) -> list[Any] | None:
        """Every item under ``key`` across all pages, or None when the listing failed (gap recorded).

        An ``absent`` error code yields an empty list: nothing is there to list.
        """
        client = self.client(service)
        items: list[Any] = []
        try:
            if client.can_paginate(operation):
                for page in client.get_paginator(operation).paginate(**params):
                    items.extend(page.get(key) or [])
            else:
                items.extend(getattr(client, operation)(**params).get(key) or [])
        except CALL_ERRORS as exc:
            code, message = error_of(exc)
            if code in absent:
                return []
            self._record_gap(client, operation, code, message, resource_types, resource)
            return None
        return items

    def gap(self, api: str, error: str, message: str = "", *, resource_types: Iterable[str] = (),
            resource: str | None = None) -> None:
        self.session.add_gap(
            Gap(service=self.collector.name, region=self.resource_region, api=api, error=error, message=message,
                resource_types=tuple(resource_types), resource=resource)
        )

    def _record_gap(self, client: Any, operation: str, code: str, message: str,
                    resource_types: Iterable[str], resource: str | None) -> None:
        api = client.meta.method_to_api_mapping.get(operation, operation)
        self.gap(api, code, message, resource_types=resource_types, resource=resource)

    def add(self, resource: Resource) -> None:
        self.session.add_resource(resource)

    @property
    def leads(self) -> bool:
        """Whether this process collects the account-wide parts (always, unless the scan is sharded)."""
        return bool(self.session.shard[0] == 0)

    def mine(self, items: Iterable[T], key: Callable[[T], str]) -> list[T]:
        """The items this process collects: all of them, or in a scan spread over worker processes the
        share whose key hashes to this process's shard (a stable hash: every process agrees)."""
        index, count = self.session.shard
        if count <= 1:
            return list(items)
        return [item for item in items if zlib.crc32(key(item).encode("utf-8")) % count == index]

    def parallel(self, fn: Callable[[T], U], items: Iterable[T]) -> list[U]:
        """Run per-resource detail work concurrently (order kept). Use only where no batch call exists.

        Where the collector's service has a published rate limit (EC2: 20 calls a second) the work runs in
        a few streams, enough to keep to the limit, and leaves the rest of the pool to other services."""
        ceiling = self.session.pacer.lane(self.collector.client, self.region).ceiling
        streams = math.ceil(ceiling / CALLS_PER_STREAM) if ceiling else None
        return self.session.parallel(fn, items, streams)
