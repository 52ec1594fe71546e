"""The watch and drift tests change the demo account, so each module plants its own (the session's shared
``planted`` company must stay as planted)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from ssrm.demo.world import DemoWorld
from tests.emulator import planted_emulator


@pytest.fixture(scope="module")
def own_world() -> Iterator[DemoWorld]:
    # AWS (and the emulator, after 60 s) validates requested ACM certificates on its own clock: a change
    # nobody made in these tests. A settled account is the baseline: validation completes at once.
    from ssrm.demo.server import DEMO_ENV

    changes = {**DEMO_ENV, "MOTO_ACM_VALIDATION_WAIT": "0"}  # the emulator's fake credentials, for boto3 here
    saved = {k: os.environ.get(k) for k in changes}
    os.environ.update(changes)
    try:
        with planted_emulator() as served:
            yield DemoWorld(served["endpoint"], refs=served["refs"])
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
