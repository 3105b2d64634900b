"""Follow-up: status changes with evidence (append-only), user-entered instrument events,
and suggested statuses.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statuses",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ask_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("previous", sa.String(32)),
        sa.Column("date", sa.String(10)),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("confidence", sa.String(8), nullable=False),
        sa.Column("method", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_statuses_ask", "statuses", ["ask_id", "id"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("status_id", sa.Integer, sa.ForeignKey("statuses.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("document_id", sa.String(32)),
        sa.Column("start_offset", sa.Integer),
        sa.Column("end_offset", sa.Integer),
        sa.Column("url", sa.Text),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("event_id", sa.String(200)),
    )
    op.create_index("ix_evidence_status", "evidence", ["status_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("instrument", sa.String(100), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ask_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("method", sa.String(64), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("event_id", sa.String(200)),
        sa.Column("commitment_id", sa.String(64)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.Text),
        sa.Column("decided_at", sa.String(32)),
    )
    op.create_index("ix_suggestions_ask", "suggestions", ["ask_id"])
    if op.get_bind().dialect.name == "sqlite":
        for table in ("statuses", "evidence"):
            for action in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} BEGIN "
                           f"SELECT RAISE(ABORT, '{table} are append-only: record a new status instead'); END")


def downgrade() -> None:
    for table in ("suggestions", "events", "evidence", "statuses"):
        op.drop_table(table)
