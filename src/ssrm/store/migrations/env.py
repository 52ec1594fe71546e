"""Alembic environment: ssrm runs migrations programmatically on a connection it passes in."""

from __future__ import annotations

from alembic import context

from ssrm.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs the alembic CLI by hand
    raise RuntimeError("ssrm's migrations run through ssrm.store.open_store(), not the alembic command")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
