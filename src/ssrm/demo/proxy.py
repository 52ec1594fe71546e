"""A network hop for benchmarks and fault tests: an HTTP endpoint on 127.0.0.1 in front of the emulator.

Every request waits ``latency`` seconds (asyncio: waiting costs no thread), is answered from a recording of
the emulator's earlier replies when there is one (so the emulator's own speed and the machine's other work
do not shape the figure), and may be turned into a fault in the answering protocol's own error shape:

- throttling: S3 ``503 SlowDown``, EC2 ``503 RequestLimitExceeded``, query services ``400 Throttling``,
  JSON services ``400 ThrottlingException``, REST-JSON services ``429 TooManyRequestsException``;
- a server error (``500 InternalError`` / ``InternalFailure`` in the same shapes);
- a connection reset (the socket is closed with RST after the request is read, nothing answered);
- an API that stays down (``down``: ``service`` or ``service:Operation``, always 503; a REST operation is
  named by its method and sub-resource, e.g. ``s3:GET logging``) and a region that never answers
  (``hang_regions``: the request is read and the connection left open).

The proxy counts requests, the most in flight at once and the faults it injected, and serves them as JSON on
``GET /__proxy/stats`` (``POST /__proxy/config`` changes the settings, ``POST /__proxy/reset`` the counters).
Bucket names cannot start with ``_``, so the control paths never collide with an S3 request.

Run it in its own process (``python -m ssrm.demo.proxy --upstream URL``) so that its work is not charged to
the process being measured: it prints its URL on the first line of stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import http.client
import json
import random
import re
import socket
import struct
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

CONTROL = "/__proxy/"
SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
ACCESS_KEY = re.compile(r"Credential=([^/]+)/")
ISSUED_KEY = re.compile(rb"<AccessKeyId>([^<]+)</AccessKeyId>")
HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade"}
EC2_STYLE = {"ec2"}
# Services signed under one name whose protocol is query (form-encoded Action=... bodies).
REST_XML = {"s3", "s3-control", "s3control", "cloudfront", "route53"}


@dataclass
class Settings:
    """What the proxy does to each request; every rate is a probability per request."""

    latency: float = 0.06
    throttle: float = 0.0
    server_error: float = 0.0
    reset: float = 0.0
    down: list[str] = field(default_factory=list)  # "service" or "service:Operation": always 503
    hang_regions: list[str] = field(default_factory=list)  # requests signed for these regions never answered
    replay: bool = True  # answer from the recording when it has the request
    record: bool = True  # keep the upstream's non-5xx replies
    seed: int = 1


@dataclass
class Stats:
    requests: int = 0
    in_flight: int = 0
    peak_in_flight: int = 0
    replayed: int = 0
    forwarded: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    by_service: Counter[str] = field(default_factory=Counter)
    first_request: float = 0.0
    last_reply: float = 0.0


@dataclass
class Request:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), "")

    @property
    def service_region(self) -> tuple[str, str]:
        match = SCOPE.search(self.header("Authorization"))
        return (match.group(2), match.group(1)) if match else ("unknown", "unknown")

    @property
    def operation(self) -> str:
        target = self.header("X-Amz-Target")
        if target:
            return target.rsplit(".", 1)[-1]
        if self.body and b"Action=" in self.body:
            action = urllib.parse.parse_qs(self.body.decode("latin-1")).get("Action", [""])[0]
            return action
        path = urllib.parse.urlsplit(self.target)
        query = path.query.split("&")[0].split("=")[0]
        return f"{self.method} {query or path.path.count('/')}"

    @property
    def access_key(self) -> str:
        match = ACCESS_KEY.search(self.header("Authorization"))
        return match.group(1) if match else ""

    @property
    def key(self) -> str:
        digest = hashlib.sha1(self.body).hexdigest()
        service, region = self.service_region  # the same request body means other things in other regions
        return f"{service} {region} {self.method} {self.target} {self.header('X-Amz-Target')} {digest}"

    def assumed_role(self) -> str | None:
        """The role ARN of an sts:AssumeRole request (query protocol), else None."""
        if self.service_region[0] != "sts" or b"Action=AssumeRole" not in self.body:
            return None
        return urllib.parse.parse_qs(self.body.decode("latin-1")).get("RoleArn", [None])[0]


@dataclass
class Reply:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes


def protocol_of(request: Request, service: str) -> str:
    if request.header("X-Amz-Target"):
        return "json"
    if service in EC2_STYLE:
        return "ec2"
    if service in REST_XML:
        return "rest-xml"
    if "x-www-form-urlencoded" in request.header("Content-Type") or b"Action=" in request.body:
        return "query"
    return "rest-json"


def fault_reply(protocol: str, kind: str) -> Reply:
    """An error exactly as the protocol's real service spells it (``kind``: throttle, error or down)."""
    request_id = "00000000-0000-0000-0000-proxyfault00"
    if protocol == "rest-xml":
        code, status = {"throttle": ("SlowDown", 503), "error": ("InternalError", 500),
                        "down": ("ServiceUnavailable", 503)}[kind]
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{kind}</Message>"
                f"<RequestId>{request_id}</RequestId></Error>")
        return Reply(status, "Fault", [("Content-Type", "application/xml")], body.encode())
    if protocol == "ec2":
        code, status = {"throttle": ("RequestLimitExceeded", 503), "error": ("InternalError", 500),
                        "down": ("Unavailable", 503)}[kind]
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code>"
                f"<Message>{kind}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>")
        return Reply(status, "Fault", [("Content-Type", "text/xml")], body.encode())
    if protocol == "query":
        code, status = {"throttle": ("Throttling", 400), "error": ("InternalFailure", 500),
                        "down": ("ServiceUnavailable", 503)}[kind]
        body = (f"<ErrorResponse><Error><Type>{'Sender' if status == 400 else 'Receiver'}</Type><Code>{code}</Code>"
                f"<Message>{kind}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>")
        return Reply(status, "Fault", [("Content-Type", "text/xml")], body.encode())
    if protocol == "json":
        code, status = {"throttle": ("ThrottlingException", 400), "error": ("InternalFailure", 500),
                        "down": ("ServiceUnavailableException", 503)}[kind]
        payload = json.dumps({"__type": code, "message": kind}).encode()
        return Reply(status, "Fault", [("Content-Type", "application/x-amz-json-1.1"),
                                       ("x-amzn-RequestId", request_id)], payload)
    code, status = {"throttle": ("TooManyRequestsException", 429), "error": ("InternalFailure", 500),
                    "down": ("ServiceUnavailableException", 503)}[kind]
    return Reply(status, "Fault", [("Content-Type", "application/json"), ("x-amzn-ErrorType", code),
                                   ("x-amzn-RequestId", request_id)], json.dumps({"message": kind}).encode())


class Upstream:
    """Blocking HTTP/1.1 to the emulator, one kept-alive connection per thread."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self._local = threading.local()

    def send(self, request: Request) -> Reply:
        for attempt in range(3):
            conn = getattr(self._local, "conn", None)
            if conn is None:
                conn = http.client.HTTPConnection(self.host, self.port, timeout=300)
                self._local.conn = conn
            headers = {k: v for k, v in request.headers if k.lower() not in HOP_HEADERS and k.lower() != "host"}
            headers["Host"] = f"{self.host}:{self.port}"
            try:
                conn.request(request.method, request.target, body=request.body or None, headers=headers)
                answer = conn.getresponse()
                body = answer.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                self._local.conn = None
                if attempt == 2:
                    raise
                continue
            kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in HOP_HEADERS]
            return Reply(answer.status, answer.reason, kept, body)
        raise OSError("unreachable")


class Proxy:
    def __init__(self, upstream: str, settings: Settings | None = None) -> None:
        self.upstream = Upstream(upstream)
        self.settings = settings or Settings()
        self.stats = Stats()
        self.recording: dict[str, list[Reply]] = {}
        self.identities: dict[str, str] = {}  # access key id -> the role that was assumed to get it
        self._served: Counter[str] = Counter()
        self._random = random.Random(self.settings.seed)

    # --- control -----------------------------------------------------------------------------------------
    def control(self, request: Request) -> Reply:
        action = request.target[len(CONTROL):].split("?")[0]
        if action == "config" and request.method == "POST":
            changes = json.loads(request.body or b"{}")
            for name, value in changes.items():
                if not hasattr(self.settings, name):
                    return Reply(400, "Bad Request", [], f"unknown setting {name}".encode())
                setattr(self.settings, name, value)
            self._random = random.Random(self.settings.seed)
        elif action == "reset" and request.method == "POST":
            self.stats = Stats()
            self._served.clear()
        elif action != "stats":
            return Reply(404, "Not Found", [], b"")
        stats = {k: dict(v) if isinstance(v, Counter) else v for k, v in vars(self.stats).items()}
        stats["settings"] = asdict(self.settings)
        stats["recorded"] = len(self.recording)
        stats["cpu_seconds"] = time.process_time()  # the proxy's own CPU, so a benchmark can count all of it
        return Reply(200, "OK", [("Content-Type", "application/json")], json.dumps(stats).encode())

    # --- one request -------------------------------------------------------------------------------------
    async def answer(self, request: Request) -> Reply | None:
        """The reply to send, or None to drop the connection without one (a reset or a hang)."""
        s = self.settings
        service, region = request.service_region
        stats = self.stats
        stats.requests += 1
        stats.by_service[service] += 1
        if not stats.first_request:
            stats.first_request = time.time()
        stats.in_flight += 1
        stats.peak_in_flight = max(stats.peak_in_flight, stats.in_flight)
        try:
            if region in s.hang_regions:
                stats.faults["hang"] += 1
                await asyncio.sleep(3600)
                return None
            await asyncio.sleep(s.latency)
            protocol = protocol_of(request, service)
            if service in s.down or f"{service}:{request.operation}" in s.down:
                stats.faults["down"] += 1
                return fault_reply(protocol, "down")
            roll = self._random.random()
            if roll < s.reset:
                stats.faults["reset"] += 1
                return None
            if roll < s.reset + s.throttle:
                stats.faults["throttle"] += 1
                return fault_reply(protocol, "throttle")
            if roll < s.reset + s.throttle + s.server_error:
                stats.faults["error"] += 1
                return fault_reply(protocol, "error")
            return await self.from_recording_or_upstream(request)
        finally:
            stats.in_flight -= 1
            stats.last_reply = time.time()

    def caller(self, request: Request) -> str:
        """Who signed the request, stable across runs: the role whose AssumeRole reply issued the access key
        (each AssumeRole issues new keys, but the recording hands the same ones back), else the key itself.
        Without it, every account's identical requests (ListBuckets, GetCallerIdentity) would share one
        recording and one account's answers would be served to another."""
        key_id = request.access_key
        return self.identities.get(key_id, key_id)

    def learn(self, request: Request, reply: Reply) -> None:
        role = request.assumed_role()
        issued = ISSUED_KEY.search(reply.body) if role and reply.status == 200 else None
        if role and issued:
            self.identities[issued.group(1).decode("latin-1")] = f"{role} as {self.caller(request)}"

    async def from_recording_or_upstream(self, request: Request) -> Reply:
        reply = await self._recorded_or_upstream(request)
        self.learn(request, reply)
        return reply

    async def _recorded_or_upstream(self, request: Request) -> Reply:
        key = f"{self.caller(request)} {request.key}"
        replies = self.recording.get(key)
        if self.settings.replay and replies:
            index = self._served[key]
            self._served[key] += 1
            self.stats.replayed += 1
            return replies[min(index, len(replies) - 1)]
        reply = await asyncio.get_running_loop().run_in_executor(None, self.upstream.send, request)
        self.stats.forwarded += 1
        if self.settings.record and reply.status < 500:
            self.recording.setdefault(key, []).append(reply)
        return reply

    # --- the HTTP/1.1 server -----------------------------------------------------------------------------
    async def serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await read_request(reader, writer)
                if request is None:
                    return
                if request.target.startswith(CONTROL):
                    reply: Reply | None = self.control(request)
                else:
                    reply = await self.answer(request)
                if reply is None:
                    reset(writer)
                    return
                head = [f"HTTP/1.1 {reply.status} {reply.reason}"]
                head += [f"{k}: {v}" for k, v in reply.headers]
                head.append(f"Content-Length: {len(reply.body)}")
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
                if request.method != "HEAD":
                    writer.write(reply.body)
                await writer.drain()
                if request.header("Connection").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            return
        finally:
            writer.close()


def reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST: the client sees 'connection reset by peer', as when a load balancer drops it."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def read_request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> Request | None:
    line = await reader.readline()
    if not line.strip():
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: list[tuple[str, str]] = []
    while True:
        raw = await reader.readline()
        if raw in (b"\r\n", b"\n", b""):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    request = Request(method, target, headers, b"")
    if request.header("Expect").lower() == "100-continue":
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        await writer.drain()
    if request.header("Content-Length"):
        request.body = await reader.readexactly(int(request.header("Content-Length")))
    elif request.header("Transfer-Encoding").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            chunks.append(chunk[:-2])
        request.body = b"".join(chunks)
    return request


async def run(proxy: Proxy, port: int, ready: Any = None) -> None:
    server = await asyncio.start_server(proxy.serve_connection, "127.0.0.1", port, backlog=1024)
    asyncio.get_running_loop().set_default_executor(
        __import__("concurrent.futures").futures.ThreadPoolExecutor(max_workers=16))
    if ready is not None:
        ready(server.sockets[0].getsockname()[1])
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Latency and fault-injecting endpoint in front of the emulator.")
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency-ms", type=float, default=60.0)
    args = parser.parse_args(argv)
    proxy = Proxy(args.upstream, Settings(latency=args.latency_ms / 1000))

    def ready(port: int) -> None:
        print(f"http://127.0.0.1:{port}", flush=True)

    asyncio.run(run(proxy, args.port, ready))


if __name__ == "__main__":
    main(sys.argv[1:])


class ProxyProcess:
    """The proxy in a child process, driven over its control paths (for benchmarks and tests)."""

    def __init__(self, upstream: str, latency_ms: float = 60.0) -> None:
        import subprocess

        self._proc = subprocess.Popen(
            [sys.executable, "-m", "ssrm.demo.proxy", "--upstream", upstream, "--latency-ms", str(latency_ms)],
            stdout=subprocess.PIPE, text=True,
        )
        assert self._proc.stdout is not None
        self.url = self._proc.stdout.readline().strip()
        if not self.url.startswith("http://"):
            self.stop()
            raise RuntimeError("the proxy did not start")

    def _post(self, action: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        import urllib.request

        data = json.dumps(body or {}).encode()
        request = urllib.request.Request(self.url + CONTROL + action, data=data, method="POST")
        with urllib.request.urlopen(request, timeout=30) as answer:
            return dict(json.loads(answer.read()))

    def configure(self, **settings: Any) -> dict[str, Any]:
        return self._post("config", settings)

    def reset_stats(self) -> dict[str, Any]:
        return self._post("reset")

    def stats(self) -> dict[str, Any]:
        import urllib.request

        with urllib.request.urlopen(self.url + CONTROL + "stats", timeout=30) as answer:
            return dict(json.loads(answer.read()))

    def stop(self) -> None:
        import subprocess

        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()

    def __enter__(self) -> ProxyProcess:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
