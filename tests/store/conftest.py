"""Every store test runs twice: on a SQLite file and on the real PostgreSQL server (a schema of its own)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ssrm.model import Inventory
from tests.store.world import assessment_doc, base_inventory

PG_ADMIN_URL = os.environ.get("SSRM_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_or_skip() -> Any:
    sqlalchemy = pytest.importorskip("sqlalchemy")
    engine = sqlalchemy.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # the server is not there: in CI that is a failure, never a skip
        engine.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} in CI (make test runs "
                        f"scripts/ensure-postgres.sh first): {exc}")
        pytest.skip(f"PostgreSQL not reachable ({exc}); run scripts/ensure-postgres.sh")
    return engine


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "history.db")
        return
    engine = _postgres_or_skip()
    schema = f"ssrm_test_{uuid.uuid4().hex[:12]}"
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Any]:
    from ssrm.store import open_store

    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def assess() -> Callable[[Inventory], dict[str, Any]]:
    return assessment_doc


@pytest.fixture
def inventory() -> Inventory:
    return base_inventory()
