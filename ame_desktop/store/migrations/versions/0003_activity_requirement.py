"""Aktivitetskrav (requirement periods, activities, schedules, attendance) and KAS inputs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 23:24:37.456594
"""
from alembic import op
import sqlalchemy as sa

from ame_desktop.store.reference import seed_category_activities



revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('category', sa.Integer(), nullable=False),
    sa.Column('is_category', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('category BETWEEN 1 AND 4', name=op.f('ck_activity_category')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity')),
    sa.UniqueConstraint('name', name=op.f('uq_activity_name'))
    )
    op.create_table('kas_input',
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kpi', sa.String(length=6), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_kas_input_municipality_code_municipality')),
    sa.PrimaryKeyConstraint('municipality_code', 'year', 'kpi', 'gender', name=op.f('pk_kas_input'))
    )
    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('attendance_date', sa.Date(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('absence', sa.String(length=12), nullable=True),
    sa.CheckConstraint('hours >= 0 AND hours <= 24', name=op.f('ck_attendance_hours')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_attendance_activity_id_activity')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_attendance_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('participant_id', 'attendance_date', 'activity_id', name=op.f('uq_attendance_participant_id_attendance_date_activity_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index('ix_attendance_date_participant', ['attendance_date', 'participant_id'], unique=False)

    op.create_table('requirement_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('hours_per_week', sa.Float(), nullable=False),
    sa.Column('reduction_reason', sa.String(length=500), nullable=True),
    sa.Column('exemption', sa.String(length=20), nullable=True),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_requirement_period_end_after_start')),
    sa.CheckConstraint('hours_per_week >= 0 AND hours_per_week <= 40', name=op.f('ck_requirement_period_hours')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_requirement_period_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requirement_period')),
    sa.UniqueConstraint('participant_id', 'start_date', name=op.f('uq_requirement_period_participant_id_start_date'))
    )
    with op.batch_alter_table('requirement_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requirement_period_participant_id'), ['participant_id'], unique=False)

    op.create_table('schedule_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.CheckConstraint('hours > 0 AND hours <= 24', name=op.f('ck_schedule_entry_hours')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_schedule_entry_weekday')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_schedule_entry_activity_id_activity')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_schedule_entry_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_entry')),
    sa.UniqueConstraint('participant_id', 'activity_id', 'weekday', name=op.f('uq_schedule_entry_participant_id_activity_id_weekday'))
    )
    with op.batch_alter_table('schedule_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_entry_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schedule_entry_participant_id'), ['participant_id'], unique=False)

    seed_category_activities(op.get_bind())


def downgrade() -> None:

    with op.batch_alter_table('schedule_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schedule_entry_participant_id'))
        batch_op.drop_index(batch_op.f('ix_schedule_entry_activity_id'))

    op.drop_table('schedule_entry')
    with op.batch_alter_table('requirement_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requirement_period_participant_id'))

    op.drop_table('requirement_period')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_date_participant')
        batch_op.drop_index(batch_op.f('ix_attendance_activity_id'))

    op.drop_table('attendance')
    op.drop_table('kas_input')
    op.drop_table('activity')

