"""Participant search and sort keys (Swedish-aware, see domain/names.py).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

from ame_desktop.domain.names import search_key, sort_key

# String(201), with the C collation on PostgreSQL (as in domain/models.py).
SORT_KEY = sa.String(201).with_variant(sa.String(201, collation="C"), "postgresql")

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.add_column(sa.Column("search_name", sa.String(length=201), nullable=False, server_default=""))
        batch.add_column(sa.Column("sort_name", SORT_KEY, nullable=False, server_default=""))
    conn = op.get_bind()
    t = sa.table("participant", sa.column("id"), sa.column("first_name"), sa.column("last_name"),
                 sa.column("search_name"), sa.column("sort_name"))
    rows = conn.execute(sa.select(t.c.id, t.c.first_name, t.c.last_name)).all()
    if rows:
        conn.execute(
            t.update().where(t.c.id == sa.bindparam("b_id")).values(
                search_name=sa.bindparam("s"), sort_name=sa.bindparam("o")),
            [{"b_id": i, "s": search_key(f, l), "o": sort_key(f, l)} for i, f, l in rows],
        )
    # The defaults were only for filling existing rows; the model sets the keys itself.
    with op.batch_alter_table("participant") as batch:
        batch.alter_column("search_name", server_default=None)
        batch.alter_column("sort_name", server_default=None)
        batch.create_index("ix_participant_search", ["sort_name", "search_name", "personnummer"])


def downgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.drop_index("ix_participant_search")
        batch.drop_column("sort_name")
        batch.drop_column("search_name")
