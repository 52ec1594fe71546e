"""Credentials, account identity, regions, and the shared state of one scan (clients, counters, gaps)."""

from __future__ import annotations

import contextlib
import ctypes
import difflib
import gzip
import json
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
    TokenRetrievalError,
)
from botocore.loaders import JSONFileLoader

from ssrm.model import Gap, Resource
from ssrm.sources.aws.clients import new_client
from ssrm.sources.aws.errors import CredentialsError, UsageError
from ssrm.sources.aws.pacing import (
    CALL_DEADLINE_SECONDS,
    CONNECT_TIMEOUT_SECONDS,
    SCAN_DEADLINE_SECONDS,
    Pacer,
    deadline_from_env,
)

T = TypeVar("T")
U = TypeVar("U")

HOME_REGION = {"aws": "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1"}
REJECTED_CREDENTIAL_CODES = {
    "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch",
    "UnrecognizedClientException", "AuthFailure", "InvalidToken", "AccessDenied",
}
ENABLED_OPT_IN = {"opt-in-not-required", "opted-in"}
# Calls in flight at once, by default: with ~60 ms per call on AWS this hides the network behind the CPU a
# scan spends parsing replies (measured by benchmarks/scan.py --proxy).
DEFAULT_IN_FLIGHT = 64


@dataclass
class ConnectOptions:
    """How to reach the account: the standard credential chain plus optional overrides."""

    profile: str | None = None
    role_arn: str | None = None
    external_id: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    max_attempts: int | None = None  # default: AWS_MAX_ATTEMPTS if set, else as many as the call deadline allows
    latency_seconds: float = 0.0  # injected per call by benchmarks to model real AWS round trips
    call_deadline: float | None = None  # seconds; default SSRM_CALL_DEADLINE, else pacing.CALL_DEADLINE_SECONDS
    scan_deadline: float | None = None  # seconds; default SSRM_SCAN_DEADLINE, else pacing.SCAN_DEADLINE_SECONDS
    max_in_flight: int | None = None  # calls in flight at most; default SSRM_MAX_IN_FLIGHT, else 64

    @property
    def attempts(self) -> int | None:
        """A cap on attempts per call, only when the user asked for one; otherwise the deadline decides."""
        if self.max_attempts:
            return self.max_attempts
        from_env = os.environ.get("AWS_MAX_ATTEMPTS", "")
        return int(from_env) if from_env.isdigit() and int(from_env) > 0 else None

    @property
    def call_deadline_seconds(self) -> float:
        return self.call_deadline or deadline_from_env("SSRM_CALL_DEADLINE", CALL_DEADLINE_SECONDS)

    @property
    def scan_deadline_seconds(self) -> float:
        return self.scan_deadline or deadline_from_env("SSRM_SCAN_DEADLINE", SCAN_DEADLINE_SECONDS)

    @property
    def in_flight_limit(self) -> int:
        return self.max_in_flight or int(deadline_from_env("SSRM_MAX_IN_FLIGHT", DEFAULT_IN_FLIGHT))

    @property
    def endpoint(self) -> str | None:
        """The one endpoint given explicitly (``--endpoint-url``, the demo). Without it every client is made
        with no endpoint, so botocore itself reads ``AWS_ENDPOINT_URL`` and the per-service
        ``AWS_ENDPOINT_URL_<SERVICE>`` variables (and ``endpoint_url`` in the AWS config file)."""
        return self.endpoint_url or None

    def endpoint_overridden(self, service_env_name: str = "") -> bool:
        """Whether calls to a service go somewhere other than AWS (an emulator): an explicit endpoint,
        ``AWS_ENDPOINT_URL``, or ``AWS_ENDPOINT_URL_<service_env_name>`` (e.g. ``S3_CONTROL``); with no
        name, whether any service's endpoint is overridden."""
        if self.endpoint_url:
            return True
        if os.environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").lower() == "true":
            return False
        if service_env_name:
            return bool(os.environ.get("AWS_ENDPOINT_URL") or os.environ.get(f"AWS_ENDPOINT_URL_{service_env_name}"))
        return any(k.startswith("AWS_ENDPOINT_URL") and v for k, v in os.environ.items())


def _blank_prose(obj: dict[str, Any]) -> dict[str, Any]:
    if isinstance(obj.get("documentation"), str):
        obj["documentation"] = ""  # blanked, not removed: botocore indexes some of these keys
    return obj


class LeanModelLoader(JSONFileLoader):  # type: ignore[misc]  # botocore ships no type information
    """botocore's model files without their documentation prose, in plain dicts.

    Every client keeps its service model for its lifetime and a scan keeps ~50 clients. botocore parses
    models into OrderedDicts (half as big again as dicts) and the HTML documentation strings are a third of
    the rest: the ~50 models a scan loads took ~110 MB with the default loader and ~55 MB with this one,
    which also parses them faster. Nothing a scan calls reads the prose; botocore renders it into
    docstrings and help only.
    """

    def load_file(self, file_path: str) -> Any:
        for path, opener in ((file_path + ".json", open), (file_path + ".json.gz", gzip.open)):
            if os.path.isfile(path):
                with opener(path, "rb") as fp:
                    return json.loads(fp.read().decode("utf-8"), object_hook=_blank_prose)
        return None


M_ARENA_MAX = -8  # glibc mallopt parameter
SCAN_MALLOC_ARENAS = 2


def cap_malloc_arenas(arenas: int = SCAN_MALLOC_ARENAS) -> None:
    """Limit glibc to a few malloc arenas, process-wide, from now on (best effort, Linux only).

    By default glibc gives each of a scan's ~40 threads its own arena (up to 8 per core), each keeping
    freed memory: ~35 MB of a scan's peak. The threads spend their time in the GIL or waiting on the
    network, so sharing arenas costs nothing measurable.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc (musl has the symbol as a no-op)
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, arenas)


def lean_models(session: boto3.Session) -> boto3.Session:
    """Make ``session`` load service models through LeanModelLoader (before it has made any client)."""
    session._session.get_component("data_loader").file_loader = LeanModelLoader()
    return session


def open_session(options: ConnectOptions) -> tuple[boto3.Session, str, str]:
    """A boto3 session for the target account, its account id and partition; CredentialsError if unusable."""
    try:
        session = lean_models(boto3.Session(profile_name=options.profile, region_name=options.region))
    except ProfileNotFound as exc:
        raise CredentialsError(f"AWS profile not found: {options.profile}") from exc
    region = session.region_name or "us-east-1"
    base_config = Config(retries={"mode": "standard", "max_attempts": 2}, connect_timeout=5, read_timeout=15)
    try:
        sts = session.client("sts", region_name=region, endpoint_url=options.endpoint, config=base_config)
        if options.role_arn:
            params: dict[str, Any] = {"RoleArn": options.role_arn, "RoleSessionName": "ssrm-scan"}
            if options.external_id:
                params["ExternalId"] = options.external_id
            creds = sts.assume_role(**params)["Credentials"]
            session = lean_models(boto3.Session(
                aws_access_key_id=creds["AccessKeyId"],
                aws_secret_access_key=creds["SecretAccessKey"],
                aws_session_token=creds["SessionToken"],
                region_name=region,
            ))
            sts = session.client("sts", region_name=region, endpoint_url=options.endpoint, config=base_config)
        identity = sts.get_caller_identity()
    except (NoCredentialsError, PartialCredentialsError) as exc:
        raise CredentialsError(
            "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
            "run 'aws sso login', or pass --profile"
        ) from exc
    except TokenRetrievalError as exc:
        raise CredentialsError(f"AWS SSO token could not be refreshed: {exc}; run 'aws sso login'") from exc
    except NoRegionError as exc:
        raise CredentialsError("no AWS region configured: pass --regions or set AWS_REGION") from exc
    except ClientError as exc:
        err = exc.response.get("Error", {})
        code, message = err.get("Code", "ClientError"), err.get("Message", "")
        action = "assuming " + options.role_arn if options.role_arn else "checking the caller identity"
        if code in REJECTED_CREDENTIAL_CODES:
            raise CredentialsError(f"AWS rejected the credentials while {action}: {code}: {message}") from exc
        raise CredentialsError(f"AWS refused {action}: {code}: {message}") from exc
    except BotoCoreError as exc:
        raise CredentialsError(f"could not reach AWS STS: {exc}") from exc
    arn = identity["Arn"]
    partition = arn.split(":")[1] if arn.startswith("arn:") else "aws"
    return session, identity["Account"], partition


def known_region_names(session: boto3.Session, partition: str) -> set[str]:
    names = set(session.get_available_regions("ec2", partition_name=partition))
    return names | {HOME_REGION.get(partition, "us-east-1")}


def discover_regions(
    session: boto3.Session, partition: str, options: ConnectOptions, requested: list[str] | None,
    gaps: list[Gap] | None = None,
) -> tuple[list[str], list[str]]:
    """(regions to scan, regions skipped because not enabled for the account).

    Unknown region names are a usage error; a disabled opt-in region is skipped and said. When
    DescribeRegions fails and no regions were requested, the scan falls back to one region: that is appended
    to ``gaps`` (a gap naming the error and the region scanned), never silent.
    """
    known = known_region_names(session, partition)
    home = HOME_REGION.get(partition, "us-east-1")
    status: dict[str, str] = {}
    failure: tuple[str, str] | None = None
    # Bounded like every scan call: a home region that never answers costs one call deadline, not minutes.
    deadline = options.call_deadline_seconds
    config = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=CONNECT_TIMEOUT_SECONDS,
                    read_timeout=max(1.0, min(15.0, deadline / 3)))
    try:
        ec2 = session.client("ec2", region_name=options.region or home, endpoint_url=options.endpoint,
                             config=config)
        for r in ec2.describe_regions(AllRegions=True)["Regions"]:
            status[r["RegionName"]] = r.get("OptInStatus", "opt-in-not-required")
    except ClientError as exc:
        err = exc.response.get("Error", {})
        failure = (str(err.get("Code") or "ClientError"), " ".join(str(err.get("Message") or "").split())[:300])
    except BotoCoreError as exc:
        failure = (type(exc).__name__, " ".join(str(exc).split())[:300])
    known |= set(status)
    if requested:
        unknown = [r for r in requested if r not in known]
        if unknown:
            hint = difflib.get_close_matches(unknown[0], sorted(known), n=1)
            suffix = f" (did you mean {hint[0]}?)" if hint else ""
            raise UsageError(f"unknown region {unknown[0]!r}{suffix}")
        candidates = list(dict.fromkeys(requested))
    elif status:
        candidates = sorted(status)
    else:
        # DescribeRegions itself failed: fall back to the session's own region only, and say so.
        fallback = options.region or session.region_name or home
        candidates = [fallback]
        if gaps is not None and failure is not None:
            code, message = failure
            gaps.append(Gap(service="ec2", region="global", api="DescribeRegions", error=code, message=(
                f"region discovery failed ({message or code}); only {fallback} was scanned: "
                "pass --regions to choose the regions")))
    enabled = [r for r in candidates if status.get(r, "opt-in-not-required") in ENABLED_OPT_IN]
    skipped = [r for r in candidates if r not in enabled]
    return enabled, skipped


@dataclass
class CallCounter:
    """Counts every API call by service and operation, and the most calls ever in flight at once."""

    by_service: Counter[str] = field(default_factory=Counter)
    by_api: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def started(self, model: Any, **_: Any) -> None:
        service = model.service_model.service_name
        with self.lock:
            self.by_service[service] += 1
            self.by_api[f"{service}:{model.name}"] += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def finished(self, **_: Any) -> None:
        with self.lock:
            self.in_flight -= 1


class ScanSession:
    """Shared state of one scan: a client per (service, region), counters, gaps and collected resources."""

    def __init__(self, session: boto3.Session, account: str, partition: str, options: ConnectOptions,
                 detail_workers: int | None = None, shard: tuple[int, int] = (0, 1),
                 lane_shares: dict[tuple[str, str], float] | None = None) -> None:
        """``shard`` (index, count): this process's share of the per-resource work of shardable collectors
        when a scan is spread over ``count`` processes (``ssrm.sources.aws.processes``); ``lane_shares``: its
        part of each (service, region)'s published rate (default 1 / count)."""
        self.boto = session
        self.account = account
        self.partition = partition
        self.options = options
        self.counter = CallCounter()
        self.resources: list[Resource] = []
        self.gaps: list[Gap] = []
        # The regions this scan covers (set by the runner); a collector of a global service may use them.
        self.scan_regions: list[str] = []
        self.shard = shard
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, str], Any] = {}
        self._client_lock = threading.Lock()
        cap_malloc_arenas()  # before this pool's and the runner's threads exist
        # Per-resource work runs here. Threads start only when work is queued, so a small account makes few;
        # the size is the number of calls a scan keeps in flight, which one client may carry alone.
        self.in_flight_limit = detail_workers or options.in_flight_limit
        self._detail_pool = ThreadPoolExecutor(max_workers=self.in_flight_limit, thread_name_prefix="ssrm-detail")
        self._in_pool = threading.local()
        self.pacer = Pacer(options.call_deadline_seconds, options.scan_deadline_seconds, options.attempts,
                           rate_share=1 / shard[1], lane_shares=lane_shares)
        self._config = Config(
            # botocore tries once; the pacer decides about retries (until the call deadline) through the
            # same events, with back-off shared by every call to the same service and region.
            retries={"mode": "standard", "total_max_attempts": 1},
            max_pool_connections=self.in_flight_limit,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            read_timeout=self.pacer.read_timeout,
            user_agent_extra="ssrm",
            # ssrm's parameters are fixed in code: validating them again on every call is CPU for nothing.
            parameter_validation=False,
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            # With an endpoint override (the emulator) account-id host prefixes would not resolve. S3 Control
            # builds its host from endpoint rules and ignores this; its collector handles that case.
            inject_host_prefix=not options.endpoint_overridden(),
        )

    def _handlers(self) -> list[tuple[str, Callable[..., Any]]]:
        """What counts, paces and (benchmarks) delays every call. The handlers go on each client's own
        emitter, not the boto3 session's: an organization scan shares one session per member account
        between the units of that account, each with its own counters and pacer."""
        handlers: list[tuple[str, Callable[..., Any]]] = [
            ("before-call", self.counter.started), ("after-call", self.counter.finished),
            ("after-call-error", self.counter.finished), *self.pacer.handlers()]
        if self.options.latency_seconds > 0:
            handlers.append(("before-send", self._delay))
        return handlers

    def _delay(self, **_: Any) -> None:
        time.sleep(self.options.latency_seconds)

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        client = self._clients.get(key)
        if client is None:
            with self._client_lock:
                client = self._clients.get(key)
                if client is None:
                    client = new_client(self.boto, service, region_name=region, config=self._config,
                                        endpoint_url=self.options.endpoint)
                    for event, handler in self._handlers():
                        client.meta.events.register(event, handler)
                    self._clients[key] = client
        return client

    def add_resource(self, resource: Resource) -> None:
        with self._lock:
            self.resources.append(resource)

    def add_gap(self, gap: Gap) -> None:
        with self._lock:
            self.gaps.append(gap)

    def parallel(self, fn: Callable[[T], U], items: Iterable[T], streams: int | None = None) -> list[U]:
        """``fn`` over ``items`` on the detail pool, order kept. Called from inside the pool it runs in line:
        a pool whose workers all wait on work queued behind them would never finish.

        ``streams`` bounds the workers the items may hold at once (each stream runs its share in a row):
        work paced by a low rate limit would otherwise fill the pool with workers asleep on the limit while
        every other service's reads wait behind them."""
        if getattr(self._in_pool, "active", False):
            return [fn(item) for item in items]

        def run(item: T) -> U:
            self._in_pool.active = True
            return fn(item)

        work = list(items)
        if streams is None or streams >= len(work):
            return list(self._detail_pool.map(run, work))
        results: list[U] = [None] * len(work)  # type: ignore[list-item]  # every slot is filled below
        shares = [work[i::streams] for i in range(streams)]
        for i, done in enumerate(self._detail_pool.map(lambda share: [run(item) for item in share], shares)):
            results[i::streams] = done
        return results

    def close(self) -> None:
        self._detail_pool.shutdown(wait=True)
