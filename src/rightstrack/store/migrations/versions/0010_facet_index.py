"""Indexes for facets at a million statements: tags by (field, value) holding the statement
id and status, so the statements with a given theme or country are one index range and
facet counts read the index alone; statements by (kind, language) for their counts.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tags_facet", "tags", ["field", "value", "statement_id", "status"])
    op.create_index("ix_statements_kind_language", "statements", ["kind", "language"])


def downgrade() -> None:
    op.drop_index("ix_statements_kind_language", "statements")
    op.drop_index("ix_tags_facet", "tags")
