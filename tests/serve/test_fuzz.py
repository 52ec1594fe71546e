"""The JSON API fuzzed by schemathesis against its own OpenAPI schema: no 5xx, answers match the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

from ssrm.serve.app import create_app  # noqa: E402
from ssrm.store import open_store  # noqa: E402
from tests.serve.conftest import fill  # noqa: E402


def _app() -> object:
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="ssrm-fuzz-")) / "history.db"
    store = open_store(str(path))
    fill(store)
    store.close()
    return create_app(open_store(str(path), readonly=True))


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_against_its_schema(case: object) -> None:
    case.call_and_validate()  # type: ignore[attr-defined]
