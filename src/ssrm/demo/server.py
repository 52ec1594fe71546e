"""Start moto's HTTP server in-process on a free loopback port."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

DEMO_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIADEMODEMODEMO0000",
    "AWS_SECRET_ACCESS_KEY": "demo-secret-not-a-real-key",
    "AWS_DEFAULT_REGION": "us-east-1",
    "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
    "AWS_MAX_ATTEMPTS": "2",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(url: str, body: bytes) -> None:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()


def drop_iam_accounts() -> None:
    """Forget the IAM backends of every account the in-process emulator holds, before its reset.

    moto's reset re-initialises each account's backends before dropping them, and its IAM backend loads all AWS
    managed policies per account: after an organization of dozens of accounts that takes minutes. IAM keeps no
    state outside its backends, so dropping them is safe (the other services' resets also clear shared indexes,
    such as S3's bucket-name registry, and stay with the reset).
    """
    from moto.core.base_backend import backend_lock
    from moto.iam.models import iam_backends

    with backend_lock:
        iam_backends.clear()


@contextmanager
def emulator(extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Run a ThreadedMotoServer on 127.0.0.1 for the duration; yields its endpoint URL.

    The process environment points boto3 at it (AWS_ENDPOINT_URL and fake credentials) and is restored
    afterwards.
    """
    from moto.moto_server import werkzeug_app
    from moto.server import ThreadedMotoServer

    # The emulator must not write on the user's terminal: no request log, no tracebacks for the services it
    # lacks (Access Analyzer), and no print() about them (shadowed in that module only).
    logging.getLogger("werkzeug").setLevel(logging.CRITICAL + 1)
    werkzeug_app.print = lambda *args, **kwargs: None  # type: ignore[attr-defined]  # silence moto's banner

    env = {**DEMO_ENV, **(extra_env or {})}
    saved = {k: os.environ.get(k) for k in [*env, "AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_SESSION_TOKEN"]}
    os.environ.update(env)
    os.environ.pop("AWS_PROFILE", None)
    os.environ.pop("AWS_SESSION_TOKEN", None)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    # moto's backends live in the process: start from an empty account whatever ran before in it, built with
    # the settings above (AWS managed policies loaded).
    drop_iam_accounts()
    _post(f"{endpoint}/moto-api/reset", b"")
    _post(f"{endpoint}/moto-api/reset-auth", b"inf")  # IAM enforcement off (a test may have turned it on)
    try:
        yield endpoint
    finally:
        # IAM enforcement is process-wide in moto: leave it off for whatever runs next in this process.
        with contextlib.suppress(OSError):
            _post(f"{endpoint}/moto-api/reset-auth", b"inf")
        server.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
