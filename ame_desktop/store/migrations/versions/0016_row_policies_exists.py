"""PostgreSQL: the row policies' "is the person (parent row) visible" as a correlated EXISTS. Nothing on SQLite.

Migration 0015 wrote it as `participant_id IN (SELECT id FROM participant)`. PostgreSQL plans that
as a hashed subquery only while the role's visible ids fit in work_mem; on a country-size register
(500 000 people, 60 M hour rows) it fell back to scanning the list for every hour row, and a coach
of one municipality did not get a week's hour sums in 150 s. The same rule as EXISTS is one index
probe per row (7.6 s on the same data, cold). Who sees what is unchanged (tests/test_pg_rls.py).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""
from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Installs the policies again (store.pg_security.install drops and creates each table's)."""
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from ame_desktop.store import pg_security

    if pg_security.installed_prefix(conn) is None:  # 0015 installed nothing here (not the owner?)
        return
    pg_security.install(conn, pg_security.installed_prefix(conn))


def downgrade() -> None:
    """The 0015 rules are the same rules; the EXISTS form stays (it is what 0015 now installs too)."""
