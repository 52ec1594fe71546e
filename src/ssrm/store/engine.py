"""Where the store lives, how to connect to it, and running its migrations.

The default store is one SQLite file in WAL mode in the user's data directory (``platformdirs``):
``~/.local/share/ssrm/history.db`` on Linux, ``~/Library/Application Support/ssrm/history.db`` on macOS,
``%LOCALAPPDATA%\\ssrm\\history.db`` on Windows. ``--store URL`` or ``SSRM_STORE`` choose another:
a path or ``sqlite:///path``, or ``postgresql://user@host/db`` (psycopg 3) for a team.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

STORE_ENV = "SSRM_STORE"
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """The store cannot be used; the message is one line for the user."""


def default_store_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("ssrm", appauthor=False) / "history.db"


def resolve_store_url(explicit: str | None, *, required: bool = False, use_default: bool = True) -> str | None:
    """The store to use: ``--store``, else ``SSRM_STORE``, else the default file when it exists.

    With ``required`` (history, diff, serve) a missing store is an error naming where ssrm looked.
    """
    chosen = explicit or os.environ.get(STORE_ENV) or None
    if chosen:
        return normalize_url(chosen)
    default = default_store_path()
    if use_default and default.exists():
        return normalize_url(str(default))
    if required:
        raise StoreError(f"no history store at {default}; record one with 'ssrm scan --store {default}' "
                         f"or name one with --store / {STORE_ENV}")
    return None


def normalize_url(value: str) -> str:
    """A plain path becomes a SQLite URL; ``postgresql://`` uses the psycopg 3 driver."""
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable store URL>"


def make_engine(url: str, *, readonly: bool = False) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a store URL: {redacted(url)}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, parsed.database or "", readonly)
    if backend != "postgresql":
        raise StoreError(f"unsupported store {backend!r}: use a SQLite path or a postgresql:// URL")
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use store {redacted(url)}: {exc}") from exc
    if readonly:
        @event.listens_for(engine, "connect")
        def _readonly(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET default_transaction_read_only = on")
            dbapi_connection.commit()
    return engine


def _sqlite_engine(url: str, database: str, readonly: bool) -> Engine:
    if database and database != ":memory:":
        path = Path(database)
        if readonly and not path.exists():
            raise StoreError(f"no history store at {path}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store's directory {path.parent}: {exc.strerror}") from exc
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Transactions are begun explicitly below; pysqlite's own implicit BEGIN is turned off.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        if readonly:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A writer takes the write lock up front, so two writers queue instead of failing on a lock upgrade.
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent; safe when two processes start at once)."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    try:
        if current_revision(engine) == head:
            return
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7291234401)"))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise StoreError(f"cannot open the store {redacted(str(engine.url))}: {_first_line(exc)}") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate the store {redacted(str(engine.url))}: {_first_line(exc)}") from exc


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _first_line(exc: BaseException) -> str:
    message = str(getattr(exc, "orig", None) or exc)
    return message.strip().splitlines()[0] if message.strip() else type(exc).__name__


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: every time in the store is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def now() -> datetime:
    return datetime.now(UTC)
