"""The shared pacing of one (service, region): halves on a mostly throttled window, climbs back, never stalls."""

from __future__ import annotations

from ssrm.sources.aws.pacing import MIN_RATE, WINDOW_SECONDS, Lane, classify


def run_window(lane: Lane, sent: int, throttled: int) -> None:
    lane.sent, lane.throttled = sent, throttled
    lane.window_start -= WINDOW_SECONDS
    lane._roll_window(lane.window_start + WINDOW_SECONDS * 1.0001)


def test_a_mostly_throttled_window_halves_the_rate_it_was_sending_at() -> None:
    lane = Lane(rate=None, burst=1.0)
    run_window(lane, sent=400, throttled=200)
    assert lane.rate is not None and 190 < lane.rate < 210


def test_a_steady_few_percent_of_throttles_lets_the_rate_climb_back() -> None:
    lane = Lane(rate=None, burst=1.0)
    run_window(lane, sent=400, throttled=200)
    halved = lane.rate
    assert halved is not None
    for _ in range(30):
        run_window(lane, sent=100, throttled=10)  # 10%: noise the per-call retries absorb
    assert lane.rate is None or lane.rate > 4 * halved


def test_a_few_calls_say_nothing_about_the_rate() -> None:
    lane = Lane(rate=None, burst=1.0)
    run_window(lane, sent=3, throttled=2)
    assert lane.rate is None


def test_the_rate_never_falls_below_the_floor_and_a_published_ceiling_holds() -> None:
    lane = Lane(rate=20.0, burst=100.0)
    for _ in range(20):
        run_window(lane, sent=40, throttled=40)
    assert lane.rate == MIN_RATE
    for _ in range(60):
        run_window(lane, sent=40, throttled=0)
    assert lane.rate == 20.0


class _Http:
    def __init__(self, status: int) -> None:
        self.status_code = status


def test_every_protocol_spelling_of_throttling_and_server_errors_is_retried() -> None:
    for code, status in (("SlowDown", 503), ("RequestLimitExceeded", 503), ("Throttling", 400),
                         ("ThrottlingException", 400), ("TooManyRequestsException", 429)):
        assert classify((_Http(status), {"Error": {"Code": code}}), None) == "throttle"
    assert classify((_Http(500), {"Error": {"Code": "InternalError"}}), None) == "error"
    assert classify((_Http(403), {"Error": {"Code": "AccessDenied"}}), None) is None
    assert classify((_Http(200), {}), None) is None
    assert classify(None, ConnectionResetError(104, "Connection reset by peer")) == "connection"


def test_work_paced_by_a_low_rate_holds_only_a_few_detail_workers() -> None:
    """EC2's per-instance reads (20 calls a second) run in a few streams: the rest of the pool stays free
    for other services instead of sleeping on EC2's limit; the answers keep their order."""
    import threading
    import time

    import boto3

    from ssrm.sources.aws.session import ConnectOptions, ScanSession

    session = ScanSession(boto3.Session(region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"),
                          "123456789012", "aws", ConnectOptions(max_in_flight=32))
    busy, most, lock = 0, 0, threading.Lock()

    def slow(item: int) -> int:
        nonlocal busy, most
        with lock:
            busy += 1
            most = max(most, busy)
        time.sleep(0.002)
        with lock:
            busy -= 1
        return item * 2

    try:
        assert session.parallel(slow, range(100), streams=3) == [i * 2 for i in range(100)]
        assert most <= 3
        most = 0
        assert session.parallel(slow, range(100)) == [i * 2 for i in range(100)]
        assert most > 3
    finally:
        session.close()


def test_a_parser_error_quoting_an_html_page_is_one_short_line() -> None:
    """An emulator's (or proxy's) HTML 500 page, quoted by botocore's parser error, becomes its title."""
    from ssrm.sources.aws.context import _one_line

    quoted = ("Unable to parse response (syntax error: line 1, column 0), invalid XML received. Further retries "
              "may succeed: b'<!doctype html>\\n<html lang=en>\\n<title>500 Internal Server Error</title>\\n<h1>")
    assert _one_line(quoted) == "an HTML page, not an AWS answer (500 Internal Server Error)"
    assert _one_line("AccessDenied: not allowed") == "AccessDenied: not allowed"
