"""Fixtures for the devtools tests: denied API operations, and a leaner, faster emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from unittest import mock

import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError
from botocore.loaders import JSONFileLoader

_make_api_call = BaseClient._make_api_call
_load_file = JSONFileLoader.load_file
_PARSED: dict[str, Any] = {}


@contextmanager
def denied(*operations: str) -> Iterator[None]:
    """Calls of the named API operations (e.g. "DescribeUserPool") raise AccessDenied."""

    def fake(self: BaseClient, operation_name: str, params: dict[str, Any]) -> Any:
        if operation_name in operations:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "not authorized"}}, operation_name)
        return _make_api_call(self, operation_name, params)

    with mock.patch.object(BaseClient, "_make_api_call", fake):
        yield


@pytest.fixture
def deny() -> Callable[..., AbstractContextManager[None]]:
    return denied


@pytest.fixture(autouse=True)
def _lean_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    """No AWS-managed IAM policies nor public AMIs: loading them is most of moto's start-up time."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


def _load_once(self: JSONFileLoader, file_path: str) -> Any:
    """botocore parses its service models again for every session (every scan); it only reads them."""
    if file_path not in _PARSED:
        _PARSED[file_path] = _load_file(self, file_path)
    return _PARSED[file_path]


@pytest.fixture(autouse=True, scope="package")
def _parse_botocore_models_once() -> Iterator[None]:
    with mock.patch.object(JSONFileLoader, "load_file", _load_once):
        yield
