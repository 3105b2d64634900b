"""PostgreSQL's own pieces, where SQLite has FTS5, triggers and row numbers:

- a keyword index: a generated `search` tsvector per statement, stemmed with the text search
  configuration of the statement's language and also unstemmed ('simple'), both with accents
  folded (the `unaccent` extension, where installed), under a GIN index;
- statuses and their evidence append-only, as the SQLite triggers of revision 0005 make them;
- `vectors.seq`, an identity column, so that an in-memory vector index reads only new rows.

Nothing changes on SQLite.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Statement language -> PostgreSQL text search configuration (the stemmers it ships).
CONFIGS = {"en": "english", "nl": "dutch", "fr": "french", "de": "german", "es": "spanish", "it": "italian",
           "pt": "portuguese", "sv": "swedish", "da": "danish", "fi": "finnish", "hu": "hungarian",
           "ro": "romanian"}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    unaccent = bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'").first()
    if unaccent:
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name in ("simple", *CONFIGS.values()):
        dictionary = "simple" if name == "simple" else f"{name}_stem"
        op.execute(f"CREATE TEXT SEARCH CONFIGURATION rt_{name} (COPY = {name})")
        op.execute(f"ALTER TEXT SEARCH CONFIGURATION rt_{name} ALTER MAPPING FOR hword, hword_part, word "
                   f"WITH {'unaccent, ' if unaccent else ''}{dictionary}")
    cases = " ".join(f"WHEN '{code}' THEN 'rt_{name}'::regconfig" for code, name in CONFIGS.items())
    op.execute("ALTER TABLE statements ADD COLUMN search tsvector GENERATED ALWAYS AS ("
               f"to_tsvector(CASE language {cases} ELSE 'rt_simple'::regconfig END, text) || "
               "to_tsvector('rt_simple'::regconfig, text)) STORED")
    op.execute("CREATE INDEX ix_statements_search ON statements USING gin (search)")
    op.execute("CREATE FUNCTION rt_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
               "RAISE EXCEPTION '% are append-only: record a new status instead', TG_TABLE_NAME; END $$")
    for table in ("statuses", "evidence"):
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION rt_append_only()")
    op.execute("ALTER TABLE vectors ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY")
    op.execute("CREATE INDEX ix_vectors_seq ON vectors (model, seq)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_vectors_seq")
    op.execute("ALTER TABLE vectors DROP COLUMN seq")
    for table in ("statuses", "evidence"):
        op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
    op.execute("DROP FUNCTION rt_append_only()")
    op.execute("DROP INDEX ix_statements_search")
    op.execute("ALTER TABLE statements DROP COLUMN search")
    for name in ("simple", *CONFIGS.values()):
        op.execute(f"DROP TEXT SEARCH CONFIGURATION rt_{name}")
