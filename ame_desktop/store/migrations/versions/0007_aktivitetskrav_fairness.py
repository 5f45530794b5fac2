"""Aktivitetskrav that is fair to the person (issue 16): decisions, caseworkers, reductions, closed days, own job seeking.

- `social_caseworker`: the register of social-assistance caseworkers (handläggare).
- `closed_day`: days the unit was closed (a range; one municipality or all).
- `requirement_period`: the nämnd's decision (date, diarienummer, caseworker, försörjningsstöd
  since) and the reduction as a code with hours. Old free-text reasons become `OVRIGT` with
  their text; the hours they account for are full time (the register's setting) − the period's
  hours.
- `activity`: category 0 = the person's own job seeking (`JOBBSOK`), with its generic activity.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

from ame_desktop.store.reference import seed_job_seeking_activity


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_setting = sa.table("setting", sa.column("key"), sa.column("value"))
_period = sa.table("requirement_period", sa.column("id"), sa.column("hours_per_week", sa.Float()),
                   sa.column("reduction_reason"), sa.column("reduction_code"),
                   sa.column("reduction_hours", sa.Float()))


def upgrade() -> None:
    op.create_table('social_caseworker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('unit', sa.String(length=120), nullable=True),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=120), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_social_caseworker_municipality_code_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_social_caseworker')),
    sa.UniqueConstraint('name', 'municipality_code', name=op.f('uq_social_caseworker_name_municipality_code'))
    )
    with op.batch_alter_table('social_caseworker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_social_caseworker_municipality_code'), ['municipality_code'], unique=False)

    op.create_table('closed_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_closed_day_end_after_start')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_closed_day_municipality_code_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closed_day')),
    sa.UniqueConstraint('start_date', 'municipality_code', name=op.f('uq_closed_day_start_date_municipality_code'))
    )
    with op.batch_alter_table('closed_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_closed_day_start_date'), ['start_date'], unique=False)

    with op.batch_alter_table('requirement_period', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reduction_code', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('reduction_hours', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('override_reason', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('decision_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('decision_reference', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('caseworker_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('support_since', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_requirement_period_caseworker_id'), ['caseworker_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_requirement_period_caseworker_id_social_caseworker'),
                                    'social_caseworker', ['caseworker_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('activity', schema=None) as batch_op:  # SQLite rebuilds; PostgreSQL alters
        batch_op.drop_constraint(batch_op.f('ck_activity_category'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_activity_category'), 'category BETWEEN 0 AND 4')

    conn = op.get_bind()
    # Old free-text reasons keep their meaning: OVRIGT with the text, accounting for the hours
    # below full time.
    full = conn.execute(sa.select(_setting.c.value).where(_setting.c.key == "full_time_hours")).scalar()
    try:
        full_time = float(full) if full else 40.0
    except ValueError:
        full_time = 40.0
    reduced = sa.and_(_period.c.reduction_reason.is_not(None), sa.func.trim(_period.c.reduction_reason) != "")
    conn.execute(sa.update(_period).where(reduced).values(
        reduction_code="OVRIGT",
        reduction_hours=sa.case((_period.c.hours_per_week < full_time, full_time - _period.c.hours_per_week),
                                else_=0.0)))
    seed_job_seeking_activity(conn)


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM attendance WHERE activity_id IN (SELECT id FROM activity WHERE category = 0)"))
    conn.execute(sa.text("DELETE FROM schedule_entry WHERE activity_id IN (SELECT id FROM activity WHERE category = 0)"))
    conn.execute(sa.text("DELETE FROM activity WHERE category = 0"))
    with op.batch_alter_table('activity', schema=None) as batch_op:  # SQLite rebuilds; PostgreSQL alters
        batch_op.drop_constraint(batch_op.f('ck_activity_category'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_activity_category'), 'category BETWEEN 1 AND 4')

    with op.batch_alter_table('requirement_period', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_requirement_period_caseworker_id_social_caseworker'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_requirement_period_caseworker_id'))
        batch_op.drop_column('support_since')
        batch_op.drop_column('caseworker_id')
        batch_op.drop_column('decision_reference')
        batch_op.drop_column('decision_date')
        batch_op.drop_column('override_reason')
        batch_op.drop_column('reduction_hours')
        batch_op.drop_column('reduction_code')

    with op.batch_alter_table('closed_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_closed_day_start_date'))
    op.drop_table('closed_day')
    with op.batch_alter_table('social_caseworker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_social_caseworker_municipality_code'))
    op.drop_table('social_caseworker')
