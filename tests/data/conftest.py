"""Fixtures for the data group's tests: denied AWS operations, and a leaner, faster emulator start-up."""

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
def denied(*operations: str) -> Iterator[None]:
    """Every call of the named API operations (e.g. "GetBucketPolicy") raises AccessDenied."""

    def fake(self: BaseClient, operation_name: str, params: dict[str, Any]) -> Any:
        if operation_name in operations:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "not authorized"}}, operation_name)
        return _original(self, operation_name, params)

    with mock.patch.object(BaseClient, "_make_api_call", fake):
        yield


@pytest.fixture
def deny() -> Callable[..., AbstractContextManager[None]]:
    return denied


@pytest.fixture(autouse=True)
def _lean_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    """The data tests need neither AWS-managed IAM policies nor Amazon's public AMIs: loading them is most
    of the emulator's start-up time."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


_MODEL_FILES: dict[str, Any] = {}


def _cached_load_file(self: JSONFileLoader, file_path: str) -> Any:
    """botocore re-parses its service models for every new boto3 session, i.e. for every scan: parse once.

    botocore only reads these dicts (its one in-place merge, of sdk-extras, is idempotent), so sharing is safe.
    """
    if file_path not in _MODEL_FILES:
        _MODEL_FILES[file_path] = _load_file(self, file_path)
    return _MODEL_FILES[file_path]


_load_file = JSONFileLoader.load_file


@pytest.fixture(autouse=True, scope="package")
def _parse_botocore_models_once() -> Iterator[None]:
    with mock.patch.object(JSONFileLoader, "load_file", _cached_load_file):
        yield
