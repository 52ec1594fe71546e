from tests.store.conftest import store, store_url  # noqa: F401  (the same SQLite + PostgreSQL fixtures)
