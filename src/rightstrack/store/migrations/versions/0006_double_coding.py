"""Double coding: a status change can be one coder's independent rating (`coder`), kept
apart from the ask's reconciled status.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch rebuild of the table would trip its append-only triggers.
    op.add_column("statuses", sa.Column("coder", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statuses") as batch:
        batch.drop_column("coder")
