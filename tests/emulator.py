"""The test suite's emulator helpers: botocore calls refused or answered on demand, and the demo account
planted once per test session in a child process.

The planted emulator runs in its own process because moto keeps its state in the process that serves it:
any in-process ``mock_aws`` test would otherwise wipe the account the end-to-end tests read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError

Answer = dict[str, Any] | str | Callable[[dict[str, Any]], Any]


def fake_call(denied: tuple[str, ...] | list[str] = (), answers: dict[str, Answer] | None = None, *,
              code: str = "AccessDenied", region: str | None = None,
              served: list[str] | None = None) -> Callable[..., Any]:
    """A stand-in for botocore's ``BaseClient._make_api_call``: operations in ``denied`` (e.g.
    "GetBucketPolicy") raise ``code`` (in every region, or only in ``region``); those in ``answers`` return
    the given response (a dict, or a function of the request parameters) or, for a string, raise it as an
    error code; everything else goes to the emulator. Answered calls are appended to ``served``."""
    canned = answers or {}
    underlying = BaseClient._make_api_call  # whatever is in place now: patches stack

    def fake(self: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        if operation in denied and region in (None, self.meta.region_name):
            raise ClientError({"Error": {"Code": code, "Message": f"not authorized for {operation}"}}, operation)
        if operation in canned:
            answer = canned[operation]
            if isinstance(answer, str):
                raise ClientError({"Error": {"Code": answer, "Message": "answered by test"}}, operation)
            if served is not None:
                served.append(f"{self.meta.service_model.service_name}:{operation}")
            return answer(params) if callable(answer) else answer
        return underlying(self, operation, params)

    return fake


@contextmanager
def api_patch(denied: tuple[str, ...] | list[str] = (), answers: dict[str, Answer] | None = None, *,
              code: str = "AccessDenied", region: str | None = None) -> Iterator[list[str]]:
    """:func:`fake_call` for the duration; yields the "service:Operation" calls answered from ``answers``."""
    served: list[str] = []
    with mock.patch.object(BaseClient, "_make_api_call",
                           fake_call(denied, answers, code=code, region=region, served=served)):
        yield served


def refuse_calls(monkeypatch: pytest.MonkeyPatch, operations: Iterable[str], *, code: str = "AccessDenied",
                 region: str | None = None) -> None:
    """:func:`fake_call` refusing ``operations`` for the rest of the test."""
    monkeypatch.setattr(BaseClient, "_make_api_call", fake_call(tuple(operations), code=code, region=region))


PLANT = """
import json, sys
from ssrm.demo.plant import plant_all
from ssrm.demo.server import emulator
from ssrm.demo.world import DemoWorld
with emulator() as endpoint:
    world = plant_all(DemoWorld(endpoint))
    print(json.dumps({"endpoint": endpoint, "refs": world.refs}, default=str), flush=True)
    sys.stdin.read()  # serve until the test session closes our stdin
"""


@contextmanager
def planted_emulator() -> Iterator[dict[str, Any]]:
    """The demo company planted in a moto server in a child process: ``{"endpoint", "refs"}``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL") and k != "AWS_PROFILE"}
    child = subprocess.Popen([sys.executable, "-c", PLANT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        if not line:
            raise RuntimeError(f"the planted emulator did not start: {child.stderr.read() if child.stderr else ''}")
        yield json.loads(line)
    finally:
        if child.stdin:
            child.stdin.close()  # the child stops its server and exits
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.terminate()
            child.wait(timeout=5)
