"""The tables of the history store (SQLAlchemy 2 declarative models).

The schema itself is created and upgraded only by the Alembic migrations in ``migrations/``; these models
are what the code reads and writes, and a test checks they agree with what the migrations build.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Run(Base):
    """One assessment: who, what, when, whether it finished, its scores, paths and plan."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account: Mapped[str] = mapped_column(String(64), index=True)
    partition: Mapped[str] = mapped_column(String(16), default="aws")
    source: Mapped[str] = mapped_column(String(16))  # live | snapshot | iac | detect
    target: Mapped[str] = mapped_column(String(512), default="")  # IaC paths, snapshot file, profile
    regions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), index=True)  # running | complete | partial | failed
    error: Mapped[str] = mapped_column(Text, default="")
    tool_version: Mapped[str] = mapped_column(String(32), default="")
    rules_version: Mapped[str] = mapped_column(String(64), default="")
    host: Mapped[str] = mapped_column(String(255), default="")
    pid: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    assessed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    wall_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    resources: Mapped[int] = mapped_column(Integer, default=0)
    rules_evaluated: Mapped[int] = mapped_column(Integer, default=0)
    findings_total: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    overall_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    gaps: Mapped[list[Any]] = mapped_column(JSON, default=list)
    paths: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    plan: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    path_notes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    layers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    inventory_gz: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class Score(Base):
    """A maturity score of one run: per layer (domain "") and per layer and domain."""

    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    layer: Mapped[str] = mapped_column(String(32))
    domain: Mapped[str] = mapped_column(String(64), default="")
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    phase: Mapped[str] = mapped_column(String(32), default="")


class FindingRow(Base):
    """One finding of one run, keyed across runs by its stable fingerprint."""

    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_run_status", "run_id", "status"),
        Index("ix_findings_fp_run", "fingerprint", "run_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    fingerprint: Mapped[str] = mapped_column(String(48))
    rule_id: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(16))
    layer: Mapped[str] = mapped_column(String(32))
    domain: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(32), default="")
    title: Mapped[str] = mapped_column(Text)
    resource_arn: Mapped[str] = mapped_column(Text)
    resource_id: Mapped[str] = mapped_column(Text, default="")
    resource_type: Mapped[str] = mapped_column(String(128), default="")
    region: Mapped[str] = mapped_column(String(32), default="")
    account: Mapped[str] = mapped_column(String(64), default="")
    team: Mapped[str] = mapped_column(String(128), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # remediation, tags, attack, origin…


class Lifecycle(Base):
    """A failing finding's life across complete runs of its account: first and last seen, when fixed."""

    __tablename__ = "lifecycle"

    account: Mapped[str] = mapped_column(String(64), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(48), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(128))
    severity: Mapped[str] = mapped_column(String(16), index=True)
    team: Mapped[str] = mapped_column(String(128), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    resource_arn: Mapped[str] = mapped_column(Text, default="")
    resource_type: Mapped[str] = mapped_column(String(128), default="")
    region: Mapped[str] = mapped_column(String(32), default="")
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # start of the current (or last) episode
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    open: Mapped[bool] = mapped_column(Boolean, index=True)
    reopened: Mapped[int] = mapped_column(Integer, default=0)
    fixed_seconds: Mapped[float] = mapped_column(Float, default=0.0)  # summed open time of closed episodes
    fixes: Mapped[int] = mapped_column(Integer, default=0)


class AlertRow(Base):
    """A detection alert, deduplicated: the same rule, principal, resource and account is one row."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dedup_key: Mapped[str] = mapped_column(String(64), unique=True)
    rule_id: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    principal: Mapped[str] = mapped_column(Text, default="")
    resource: Mapped[str] = mapped_column(Text, default="")
    account: Mapped[str] = mapped_column(String(64), default="")
    region: Mapped[str] = mapped_column(String(32), default="")
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    count: Mapped[int] = mapped_column(Integer, default=1)
    notified: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Delivery(Base):
    """A notification that could not be delivered yet: kept until a later attempt succeeds."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending | sent
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OrgCheckpoint(Base):
    """A finished piece of an organization scan (``ssrm scan --org --store``), so ``--resume`` can skip it:
    kind ``run`` (what was asked), ``listing``, ``plan`` (key: the account) or ``unit`` (key: the unit)."""

    __tablename__ = "org_checkpoints"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    data_gz: Mapped[bytes] = mapped_column(LargeBinary)
