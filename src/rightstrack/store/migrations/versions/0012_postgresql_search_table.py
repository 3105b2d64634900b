"""PostgreSQL: the keyword index in a narrow table of its own (statement id, document id,
tsvector), filled by a trigger as statements are inserted. Ranking reads the tsvector of
every match; read from the wide statement rows it cost twice what the same query costs on
a bare table of ids and tsvectors at a million statements. Nothing changes on SQLite.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE statement_search (id varchar(64) PRIMARY KEY REFERENCES statements (id) "
               "ON DELETE CASCADE, document_id varchar(32) NOT NULL, search tsvector NOT NULL)")
    op.execute("INSERT INTO statement_search SELECT id, document_id, search FROM statements")
    op.execute("CREATE INDEX ix_statement_search ON statement_search USING gin (search)")
    op.execute("CREATE INDEX ix_statement_search_document ON statement_search (document_id)")
    op.execute("CREATE FUNCTION rt_statement_search() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
               "INSERT INTO statement_search VALUES (NEW.id, NEW.document_id, NEW.search); RETURN NULL; END $$")
    op.execute("CREATE TRIGGER statements_search AFTER INSERT ON statements "
               "FOR EACH ROW EXECUTE FUNCTION rt_statement_search()")
    op.execute("DROP INDEX ix_statements_search")
    op.execute("ANALYZE statement_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_statements_search ON statements USING gin (search)")
    op.execute("DROP TRIGGER statements_search ON statements")
    op.execute("DROP FUNCTION rt_statement_search()")
    op.execute("DROP TABLE statement_search")
