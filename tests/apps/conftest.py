"""apps tests need neither AWS managed IAM policies nor Amazon's public AMIs in the emulator: skip loading
them (it is most of the cost of each in-process scan)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _lean_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
