"""Fixtures for the edge tests: forced API errors, canned answers for APIs the emulator lacks, and a
faster emulator start-up."""

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
Answers = dict[str, Any]


@contextmanager
def patched(denied: tuple[str, ...] = (), answers: Answers | None = None) -> Iterator[list[str]]:
    """Operations in ``denied`` raise AccessDenied; those in ``answers`` return the given response
    (a dict, or a function of the request parameters); everything else goes to the emulator.

    Yields the list of "service:Operation" answered from ``answers``.
    """
    canned = answers or {}
    served: list[str] = []

    def fake(self: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        if operation in denied:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "denied by test"}}, operation)
        if operation in canned:
            answer = canned[operation]
            served.append(f"{self.meta.service_model.service_name}:{operation}")
            return answer(params) if callable(answer) else answer
        return _real_call(self, operation, params)

    with mock.patch.object(BaseClient, "_make_api_call", fake):
        yield served


@pytest.fixture
def deny() -> Callable[..., AbstractContextManager[list[str]]]:
    return lambda *operations: patched(denied=operations)


@pytest.fixture
def answer() -> Callable[..., AbstractContextManager[list[str]]]:
    return lambda answers, *denied: patched(denied=denied, answers=answers)


@pytest.fixture(autouse=True)
def _no_managed_policies_or_amis(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading AWS-managed IAM policies and public AMIs is most of moto's start-up; edge needs neither."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


_parsed: dict[str, Any] = {}
_load = JSONFileLoader.load_file


def _load_once(self: JSONFileLoader, file_path: str) -> Any:
    """Every scan opens a new boto3 session that re-parses the service models; they are read-only: parse once."""
    if file_path not in _parsed:
        _parsed[file_path] = _load(self, file_path)
    return _parsed[file_path]


@pytest.fixture(autouse=True, scope="package")
def _service_models_parsed_once() -> Iterator[None]:
    with mock.patch.object(JSONFileLoader, "load_file", _load_once):
        yield
