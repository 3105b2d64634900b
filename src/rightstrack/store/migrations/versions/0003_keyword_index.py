"""Keyword index of statement texts: SQLite FTS5 (diacritics folded), kept in sync by triggers.
PostgreSQL gets its own full-text index in a later revision.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE VIRTUAL TABLE statements_fts USING fts5(text, content='statements', content_rowid='rowid', "
               "tokenize='unicode61 remove_diacritics 2')")
    op.execute("INSERT INTO statements_fts(rowid, text) SELECT rowid, text FROM statements")
    op.execute("CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN "
               "INSERT INTO statements_fts(rowid, text) VALUES (new.rowid, new.text); END")
    op.execute("CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN "
               "INSERT INTO statements_fts(statements_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END")
    op.execute("CREATE TRIGGER statements_fts_update AFTER UPDATE OF text ON statements BEGIN "
               "INSERT INTO statements_fts(statements_fts, rowid, text) VALUES ('delete', old.rowid, old.text); "
               "INSERT INTO statements_fts(rowid, text) VALUES (new.rowid, new.text); END")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS statements_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS statements_fts")
