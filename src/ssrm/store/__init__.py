"""The history store: every run kept (SQLite by default, PostgreSQL for teams), migrated by Alembic."""

from ssrm.store.engine import StoreError, default_store_path, normalize_url, resolve_store_url
from ssrm.store.record import record_alerts, record_run, recording
from ssrm.store.store import FINISHED, RunInfo, Store, open_store

__all__ = ["FINISHED", "RunInfo", "Store", "StoreError", "default_store_path", "normalize_url", "open_store",
           "record_alerts", "record_run", "recording", "resolve_store_url"]
