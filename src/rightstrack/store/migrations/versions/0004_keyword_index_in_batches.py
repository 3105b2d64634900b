"""The keyword index is filled by the writer, once per batch of new statements, instead of
by a trigger per row: an FTS5 insert per row (and its flush at every savepoint) cost about
four times the rest of storing a document. Deletes and text updates keep their triggers.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS statements_fts_insert")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN "
                   "INSERT INTO statements_fts(rowid, text) VALUES (new.rowid, new.text); END")
