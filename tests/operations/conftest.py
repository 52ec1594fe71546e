"""Fixtures for the operations tests: denied or canned AWS operations, and a lean, fast emulator start-up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from unittest import mock

import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError
from botocore.loaders import JSONFileLoader

_original = BaseClient._make_api_call


@contextmanager
def answering(replies: dict[str, Any]) -> Iterator[None]:
    """Named API operations answer from ``replies``: a response dict, or an exception class name to raise
    as a ClientError code. Everything else goes to the emulator."""

    def fake(self: BaseClient, operation_name: str, params: dict[str, Any]) -> Any:
        if operation_name in replies:
            reply = replies[operation_name]
            if isinstance(reply, str):
                raise ClientError({"Error": {"Code": reply, "Message": "not authorized"}}, operation_name)
            return reply(params) if callable(reply) else reply
        return _original(self, operation_name, params)

    with mock.patch.object(BaseClient, "_make_api_call", fake):
        yield


@pytest.fixture
def answer() -> Callable[..., AbstractContextManager[None]]:
    return answering


@pytest.fixture(autouse=True)
def _lean_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


_MODEL_FILES: dict[str, Any] = {}
_load_file = JSONFileLoader.load_file


def _cached_load_file(self: JSONFileLoader, file_path: str) -> Any:
    """Parse each botocore service model once for the whole package (botocore only reads them)."""
    if file_path not in _MODEL_FILES:
        _MODEL_FILES[file_path] = _load_file(self, file_path)
    return _MODEL_FILES[file_path]


@pytest.fixture(autouse=True, scope="package")
def _parse_botocore_models_once() -> Iterator[None]:
    with mock.patch.object(JSONFileLoader, "load_file", _cached_load_file):
        yield
