"""KAS that holds up (issue 19): municipality on enrollments and referrals, confirmed work, feriejobb.

Existing enrollments and referrals get the municipality their person has now (the only one the
register knew); from here on a person who moves keeps their earlier rows where they were.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("enrollment", "referral"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('municipality_code', sa.String(length=4), nullable=True))
            if table == "enrollment":
                batch.add_column(sa.Column('job_start_date', sa.Date(), nullable=True))
                batch.add_column(sa.Column('work_confirmed_on', sa.Date(), nullable=True))
        op.execute(f"UPDATE {table} SET municipality_code = (SELECT p.municipality_code FROM participant p "
                   f"WHERE p.id = {table}.participant_id)")
        with op.batch_alter_table(table) as batch:
            batch.alter_column('municipality_code', existing_type=sa.String(length=4), nullable=False)
            batch.create_index(batch.f(f'ix_{table}_municipality_code'), ['municipality_code'], unique=False)
            batch.create_foreign_key(batch.f(f'fk_{table}_municipality_code_municipality'), 'municipality',
                                     ['municipality_code'], ['code'])

    op.create_table('summer_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('wishes', sa.String(length=2000), nullable=True),
    sa.Column('placement', sa.String(length=6), nullable=True),
    sa.Column('workplace', sa.String(length=200), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("placement IS NULL OR placement IN ('KOMMUN','PRIVAT','CIVIL','ANNAN')",
                       name=op.f('ck_summer_job_placement')),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date',
                       name=op.f('ck_summer_job_end_after_start')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_summer_job_participant_id_participant'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summer_job')),
    sa.UniqueConstraint('participant_id', 'applied_on', name=op.f('uq_summer_job_participant_id_applied_on'))
    )
    with op.batch_alter_table('summer_job') as batch:
        batch.create_index(batch.f('ix_summer_job_applied_on'), ['applied_on'], unique=False)
        batch.create_index(batch.f('ix_summer_job_participant_id'), ['participant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('summer_job') as batch:
        batch.drop_index(batch.f('ix_summer_job_participant_id'))
        batch.drop_index(batch.f('ix_summer_job_applied_on'))
    op.drop_table('summer_job')
    for table in ("referral", "enrollment"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(batch.f(f'fk_{table}_municipality_code_municipality'), type_='foreignkey')
            batch.drop_index(batch.f(f'ix_{table}_municipality_code'))
            batch.drop_column('municipality_code')
            if table == "enrollment":
                batch.drop_column('work_confirmed_on')
                batch.drop_column('job_start_date')
