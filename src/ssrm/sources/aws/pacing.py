"""How a scan paces its calls: retries until a deadline, back-off shared per (service, region), rate limits.

botocore's own retries are turned off (one attempt per try) and this module decides instead, through the
same events botocore's retry handler uses, so that

- a read is retried with jittered exponential back-off (full jitter) until its **per-call deadline**, not a
  fixed small count; a retried page is the same request, so a pagination resumes at its last token;
- throttling (every protocol's spelling), 5xx answers, connection resets and timeouts are all retried;
- throttling slows every call to that (service, region), not only the one that was throttled: when most of
  a second's calls were throttled the shared rate is halved, then it climbs back (AIMD);
- each (service, region) starts at a rate that respects AWS's published limits where AWS publishes them;
- an API that kept failing for a whole call deadline is marked down, and a region that answered nothing for
  a whole call deadline is marked unreachable: later calls to them fail at once, as a gap naming why;
- after the **whole-scan deadline** no new call is sent: the rest becomes gaps naming the deadline.

Defaults are below; ``SSRM_CALL_DEADLINE`` and ``SSRM_SCAN_DEADLINE`` (seconds) override them, and so do
``ConnectOptions.call_deadline`` / ``scan_deadline``.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import BotoCoreError, HTTPClientError

CALL_DEADLINE_SECONDS = 60.0
SCAN_DEADLINE_SECONDS = 3600.0
# One attempt may take at most this long to answer (also capped at half the call deadline).
READ_TIMEOUT_SECONDS = 15.0
CONNECT_TIMEOUT_SECONDS = 5.0

THROTTLE_CODES = frozenset({
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
    "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
    "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
})
TRANSIENT_CODES = frozenset({
    "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
    "ServiceUnavailableException", "Unavailable", "IDPCommunicationError",
})
BASE_DELAY = {"throttle": 0.5, "error": 0.1, "connection": 0.1}
MAX_DELAY = 20.0

# Calls per second a (service, region) starts at. Only EC2 publishes numbers for reads: a bucket of 100
# non-mutating calls refilled at 20 a second per account and region. S3 allows 5,500 reads a second per
# prefix; the rest publish none, so they start unlimited here and only throttles slow them down.
PUBLISHED_RATES: dict[str, tuple[float, float]] = {"ec2": (20.0, 100.0), "s3": (5500.0, 5500.0)}
MIN_RATE = 2.0
UNLIMITED_AGAIN = 2000.0  # a self-limited lane that climbs past this many calls a second stops limiting


def deadline_from_env(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if value > 0 else default


class ApiUnavailable(BotoCoreError):  # type: ignore[misc]  # botocore ships no type information
    """A call not sent because its API or its region already failed for a whole call deadline."""

    fmt = "{what} gave no usable answer for {seconds:.0f} s (call deadline); not called again"


class ScanDeadlineReached(BotoCoreError):  # type: ignore[misc]  # botocore ships no type information
    """A call not sent because the whole-scan deadline has passed."""

    fmt = "the scan deadline of {seconds:.0f} s passed before this call (SSRM_SCAN_DEADLINE)"


WINDOW_SECONDS = 1.0
# More than this share of a window's calls throttled halves the lane's rate; a few throttles are only retried.
# (AWS throttles a caller that is over its rate most of the time, so the share is high when it matters; a
# low share is noise the per-call retries absorb, and halving on every throttle collapsed a scan to 1 call/s.)
THROTTLED_SHARE = 0.25
RECOVER_SHARE = 0.125  # at most this share throttled: the rate climbs back (in between it holds)
MIN_SAMPLE = 20  # fewer calls in a window say nothing about the rate: 1 throttled of 3 is chance


@dataclass
class Lane:
    """Shared pacing of one (service, region): a token bucket whose rate adapts to throttling (AIMD).

    ``rate`` None means unlimited until a window is mostly throttled; then the lane limits itself to half the
    rate it was sending at, and each window with few throttles raises the rate by a quarter again (up to its
    published ceiling, or back to unlimited). Waiting for a window with no throttle at all would never end
    when a steady few percent of calls are throttled whatever the rate."""

    rate: float | None
    burst: float
    ceiling: float | None = None
    tokens: float = 0.0
    stamp: float = field(default_factory=time.monotonic)
    window_start: float = field(default_factory=time.monotonic)
    sent: int = 0
    throttled: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.tokens = self.burst
        self.ceiling = self.rate

    def wait_turn(self) -> None:
        """Block until this lane may send one more call."""
        while True:
            with self.lock:
                now = time.monotonic()
                self._roll_window(now)
                if self.rate is None:
                    self.sent += 1
                    return
                self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    self.sent += 1
                    return
                wait = (1 - self.tokens) / self.rate
            time.sleep(wait)

    def was_throttled(self) -> None:
        with self.lock:
            self.throttled += 1

    def _roll_window(self, now: float) -> None:
        elapsed = now - self.window_start
        if elapsed < WINDOW_SECONDS:
            return
        if self.sent >= MIN_SAMPLE and self.throttled / self.sent > THROTTLED_SHARE:
            sending = self.sent / elapsed
            self.rate = max(MIN_RATE, min(self.rate or sending, sending) / 2)
            self.burst = max(1.0, self.rate)
            self.tokens = min(self.tokens, self.burst)
        elif self.rate is not None and self.throttled <= self.sent * RECOVER_SHARE:
            self.rate *= 1.25
            if self.ceiling is not None:
                self.rate = min(self.rate, self.ceiling)
            elif self.rate > UNLIMITED_AGAIN:
                self.rate = None
            self.burst = max(self.burst, min(self.rate or 0.0, 100.0))
        self.window_start, self.sent, self.throttled = now, 0, 0


def classify(response: Any, exception: BaseException | None) -> str | None:
    """'throttle', 'error', 'connection' (all worth another try) or None (final: success or a refusal)."""
    if exception is not None:
        if isinstance(exception, HTTPClientError | ConnectionError | TimeoutError):
            return "connection"
        return None
    if response is None:
        return None
    http, parsed = response
    code = str((parsed or {}).get("Error", {}).get("Code") or "")
    if code in THROTTLE_CODES or http.status_code == 429:
        return "throttle"
    if code in TRANSIENT_CODES or http.status_code >= 500:
        return "error"
    return None


class Pacer:
    """The retry policy, rate limits and deadlines of one scan, hooked into botocore's events."""

    def __init__(self, call_deadline: float, scan_deadline: float, max_attempts: int | None = None,
                 seed: int | None = None, rate_share: float = 1.0,
                 lane_shares: Mapping[tuple[str, str], float] | None = None) -> None:
        """``lane_shares`` ((service, region) -> part) and ``rate_share`` (any other lane): this process's
        part of the published rates when a scan is spread over worker processes that each pace their own
        calls, so that together they keep to the limit (``ssrm.sources.aws.processes``)."""
        self.call_deadline = call_deadline
        self.rate_share = rate_share
        self.lane_shares = dict(lane_shares or {})
        self.scan_deadline = scan_deadline
        self.max_attempts = max_attempts
        self.scan_ends = time.monotonic() + scan_deadline
        self.retries: dict[str, int] = {"throttle": 0, "error": 0, "connection": 0}
        self._lanes: dict[tuple[str, str], Lane] = {}
        self._down: dict[tuple[str, str, str], str] = {}
        self._last_answer: dict[str, float] = {}
        self._lock = threading.Lock()
        self._random = random.Random(seed)

    @property
    def read_timeout(self) -> float:
        return min(READ_TIMEOUT_SECONDS, max(1.0, self.call_deadline / 2))

    def handlers(self) -> list[tuple[str, Callable[..., Any]]]:
        return [("before-call", self.before_call), ("before-send", self.before_send),
                ("needs-retry", self.needs_retry)]

    def lane(self, service: str, region: str) -> Lane:
        key = (service, region)
        lane = self._lanes.get(key)
        if lane is None:
            with self._lock:
                lane = self._lanes.get(key)
                if lane is None:
                    rate, burst = PUBLISHED_RATES.get(service, (None, 0.0))
                    if rate is not None:
                        share = self.lane_shares.get(key, self.rate_share)
                        rate, burst = rate * share, burst * share
                    lane = Lane(rate=rate, burst=max(1.0, burst))
                    self._lanes[key] = lane
        return lane

    # --- events ------------------------------------------------------------------------------------------
    def before_call(self, model: Any, context: dict[str, Any], **_: Any) -> None:
        context["ssrm_started"] = time.monotonic()
        context["ssrm_service"] = model.service_model.service_name
        context["ssrm_operation"] = model.name

    def before_send(self, request: Any, **_: Any) -> None:
        context = request.context or {}
        now = time.monotonic()
        if now >= self.scan_ends:
            raise ScanDeadlineReached(seconds=self.scan_deadline)
        service, region, operation = _names(context)
        why = self._down.get((service, region, operation)) or self._down.get(("", region, ""))
        if why:
            raise ApiUnavailable(what=why, seconds=self.call_deadline)
        self.lane(service, region).wait_turn()

    def needs_retry(self, attempts: int, response: Any = None, caught_exception: BaseException | None = None,
                    request_dict: dict[str, Any] | None = None, **_: Any) -> float | None:
        context = (request_dict or {}).get("context") or {}
        service, region, operation = _names(context)
        now = time.monotonic()
        if response is not None:
            self._last_answer[region] = now
        kind = classify(response, caught_exception)
        if kind is None:
            return None
        started = float(context.get("ssrm_started") or now)
        delay = self._random.uniform(0, min(MAX_DELAY, BASE_DELAY[kind] * 2 ** (attempts - 1)))
        if kind == "throttle":
            self.lane(service, region).was_throttled()
        out_of_attempts = self.max_attempts is not None and attempts >= self.max_attempts
        if now + delay - started > self.call_deadline or now + delay >= self.scan_ends or out_of_attempts:
            if not out_of_attempts and now + delay - started > self.call_deadline:
                self._mark_down(service, region, operation, kind, started)
            return None
        with self._lock:
            self.retries[kind] += 1
        return delay

    def _mark_down(self, service: str, region: str, operation: str, kind: str, started: float) -> None:
        """After a whole call deadline of failures: the API (or, if nothing answered, the region) is down."""
        with self._lock:
            if kind == "connection" and self._last_answer.get(region, 0.0) < started:
                self._down[("", region, "")] = f"region {region}"
            else:
                self._down[(service, region, operation)] = f"{service}:{operation} in {region}"


def _names(context: dict[str, Any]) -> tuple[str, str, str]:
    return (str(context.get("ssrm_service", "")), str(context.get("client_region", "")),
            str(context.get("ssrm_operation", "")))
