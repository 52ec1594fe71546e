"""Fixtures for the containers group: denied AWS operations, and a lean, fast in-process emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from unittest import mock

import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError
from botocore.loaders import JSONFileLoader

_real_call = BaseClient._make_api_call
_real_load = JSONFileLoader.load_file
_parsed: dict[str, Any] = {}


@contextmanager
def denied(*operations: str) -> Iterator[None]:
    """Calls of the named API operations (e.g. "DescribeCluster") fail with AccessDenied."""

    def refuse(self: BaseClient, operation_name: str, params: dict[str, Any]) -> Any:
        if operation_name in operations:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "denied by test"}}, operation_name)
        return _real_call(self, operation_name, params)

    with mock.patch.object(BaseClient, "_make_api_call", refuse):
        yield


@pytest.fixture
def deny() -> Callable[..., AbstractContextManager[None]]:
    return denied


@pytest.fixture(autouse=True)
def _lean_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    """No AWS-managed IAM policies, no public AMIs: these tests use neither, and they dominate start-up."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


def _load_once(self: JSONFileLoader, file_path: str) -> Any:
    """Each scan opens a new boto3 session, which re-parses botocore's models: keep the parsed (read-only) dicts."""
    if file_path not in _parsed:
        _parsed[file_path] = _real_load(self, file_path)
    return _parsed[file_path]


@pytest.fixture(autouse=True, scope="package")
def _botocore_models_parsed_once() -> Iterator[None]:
    with mock.patch.object(JSONFileLoader, "load_file", _load_once):
        yield
