"""The first schema: runs, scores, findings, lifecycle, alerts, deliveries.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("partition", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("target", sa.String(512), nullable=False),
        sa.Column("regions", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("tool_version", sa.String(32), nullable=False),
        sa.Column("rules_version", sa.String(64), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("started_at", TZ, nullable=True),
        sa.Column("finished_at", TZ, nullable=True),
        sa.Column("assessed_at", TZ, nullable=True),
        sa.Column("wall_seconds", sa.Float, nullable=False),
        sa.Column("resources", sa.Integer, nullable=False),
        sa.Column("rules_evaluated", sa.Integer, nullable=False),
        sa.Column("findings_total", sa.Integer, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("overall_score", sa.Float, nullable=True),
        sa.Column("gaps", sa.JSON, nullable=False),
        sa.Column("paths", sa.JSON, nullable=True),
        sa.Column("plan", sa.JSON, nullable=True),
        sa.Column("path_notes", sa.JSON, nullable=False),
        sa.Column("layers", sa.JSON, nullable=False),
        sa.Column("inventory_gz", sa.LargeBinary, nullable=True),
    )
    op.create_index("ix_runs_account", "runs", ["account"])
    op.create_index("ix_runs_status", "runs", ["status"])
    op.create_index("ix_runs_created_at", "runs", ["created_at"])
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("layer", sa.String(32), nullable=False),
        sa.Column("domain", sa.String(64), nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("phase", sa.String(32), nullable=False),
    )
    op.create_index("ix_scores_run_id", "scores", ["run_id"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("fingerprint", sa.String(48), nullable=False),
        sa.Column("rule_id", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("layer", sa.String(32), nullable=False),
        sa.Column("domain", sa.String(64), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("resource_arn", sa.Text, nullable=False),
        sa.Column("resource_id", sa.Text, nullable=False),
        sa.Column("resource_type", sa.String(128), nullable=False),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("team", sa.String(128), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
    )
    op.create_index("ix_findings_run_status", "findings", ["run_id", "status"])
    op.create_index("ix_findings_fp_run", "findings", ["fingerprint", "run_id"])
    op.create_table(
        "lifecycle",
        sa.Column("account", sa.String(64), primary_key=True),
        sa.Column("fingerprint", sa.String(48), primary_key=True),
        sa.Column("rule_id", sa.String(128), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("team", sa.String(128), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("resource_arn", sa.Text, nullable=False),
        sa.Column("resource_type", sa.String(128), nullable=False),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("first_seen", TZ, nullable=False),
        sa.Column("last_seen", TZ, nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("resolved_at", TZ, nullable=True),
        sa.Column("open", sa.Boolean, nullable=False),
        sa.Column("reopened", sa.Integer, nullable=False),
        sa.Column("fixed_seconds", sa.Float, nullable=False),
        sa.Column("fixes", sa.Integer, nullable=False),
    )
    op.create_index("ix_lifecycle_severity", "lifecycle", ["severity"])
    op.create_index("ix_lifecycle_open", "lifecycle", ["open"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dedup_key", sa.String(64), nullable=False, unique=True),
        sa.Column("rule_id", sa.String(128), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("principal", sa.Text, nullable=False),
        sa.Column("resource", sa.Text, nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("first_seen", TZ, nullable=False),
        sa.Column("last_seen", TZ, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("notified", sa.Boolean, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_alerts_last_seen", "alerts", ["last_seen"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_deliveries_status", "deliveries", ["status"])


def downgrade() -> None:
    for table in ("deliveries", "alerts", "lifecycle", "findings", "scores", "runs"):
        op.drop_table(table)
