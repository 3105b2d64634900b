"""An index over current documents in list order: the documents page, its count and the
set of superseded documents read it alone instead of scanning every document's text.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_latest", "documents", ["is_latest", "source", "version"])


def downgrade() -> None:
    op.drop_index("ix_documents_latest", "documents")
