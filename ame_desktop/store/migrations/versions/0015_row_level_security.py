"""PostgreSQL: row-level security per municipality, staff roles, insert-only audit log (issue 24). Nothing on SQLite.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Installs the policies through store.pg_security (driven by the metadata, so every table
    with personal data at this schema gets one). A new PostgreSQL register gets the same at
    creation (store.schema.ensure_schema); `check` run by the owner runs it again."""
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from ame_desktop.store import pg_security

    pg_security.install(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from ame_desktop.store import pg_security

    pg_security.uninstall(conn)
