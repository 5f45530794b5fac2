"""Activity groups with sessions and places, workplaces and placements, bookings and waiting lists (issue 23).

New tables only: activity_group (an activity given as sessions for a number of places, with an
Activity row of its own), group_session (one meeting; a cancelled one is INSTALLD for everyone
booked), group_booking (a participant in a group; `waiting_since` set = on the waiting list),
workplace (arbetsplats/praktikplats with agreement, insurance, handledare) and placement (a
participant at a workplace, category 4, hours per week). No existing row changes.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workplace',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('sector', sa.String(length=6), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('contact_person', sa.String(length=120), nullable=True),
    sa.Column('contact_phone', sa.String(length=40), nullable=True),
    sa.Column('agreement_from', sa.Date(), nullable=True),
    sa.Column('agreement_to', sa.Date(), nullable=True),
    sa.Column('insurance_noted', sa.Boolean(), nullable=False),
    sa.Column('supervisor', sa.String(length=120), nullable=True),
    sa.Column('supervisor_phone', sa.String(length=40), nullable=True),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('agreement_to IS NULL OR agreement_from IS NULL OR agreement_to >= agreement_from', name=op.f('ck_workplace_agreement_dates')),
    sa.CheckConstraint('places >= 0', name=op.f('ck_workplace_places')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_workplace_activity_id_activity')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_workplace_municipality_code_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workplace')),
    sa.UniqueConstraint('activity_id', name=op.f('uq_workplace_activity_id')),
    sa.UniqueConstraint('name', 'municipality_code', name=op.f('uq_workplace_name_municipality_code'))
    )
    with op.batch_alter_table('workplace') as batch_op:
        batch_op.create_index(batch_op.f('ix_workplace_municipality_code'), ['municipality_code'], unique=False)

    op.create_table('activity_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('category', sa.Integer(), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('weekdays', sa.String(length=13), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('room', sa.String(length=120), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('category BETWEEN 1 AND 4', name=op.f('ck_activity_group_category')),
    sa.CheckConstraint('end_time > start_time', name=op.f('ck_activity_group_end_after_start')),
    sa.CheckConstraint('places >= 0', name=op.f('ck_activity_group_places')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_activity_group_valid_to_after_from')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_group_activity_id_activity')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_activity_group_municipality_code_municipality')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_activity_group_staff_id_staff_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_group')),
    sa.UniqueConstraint('activity_id', name=op.f('uq_activity_group_activity_id')),
    sa.UniqueConstraint('name', name=op.f('uq_activity_group_name'))
    )
    with op.batch_alter_table('activity_group') as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_group_municipality_code'), ['municipality_code'], unique=False)

    op.create_table('group_booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('waiting_since', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_group_booking_end_after_start')),
    sa.ForeignKeyConstraint(['group_id'], ['activity_group.id'], name=op.f('fk_group_booking_group_id_activity_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_group_booking_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_booking')),
    sa.UniqueConstraint('participant_id', 'group_id', 'start_date', name=op.f('uq_group_booking_participant_id_group_id_start_date'))
    )
    with op.batch_alter_table('group_booking') as batch_op:
        batch_op.create_index('ix_group_booking_group_dates', ['group_id', 'start_date', 'end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_booking_participant_id'), ['participant_id'], unique=False)

    op.create_table('group_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_by', sa.String(length=120), nullable=True),
    sa.Column('cancel_reason', sa.String(length=500), nullable=True),
    sa.CheckConstraint('end_time > start_time', name=op.f('ck_group_session_end_after_start')),
    sa.ForeignKeyConstraint(['group_id'], ['activity_group.id'], name=op.f('fk_group_session_group_id_activity_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_session')),
    sa.UniqueConstraint('group_id', 'session_date', name=op.f('uq_group_session_group_id_session_date'))
    )
    with op.batch_alter_table('group_session') as batch_op:
        batch_op.create_index(batch_op.f('ix_group_session_session_date'), ['session_date'], unique=False)

    op.create_table('placement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('workplace_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('hours_per_week', sa.Float(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_placement_end_after_start')),
    sa.CheckConstraint('hours_per_week > 0 AND hours_per_week <= 40', name=op.f('ck_placement_hours')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_placement_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workplace_id'], ['workplace.id'], name=op.f('fk_placement_workplace_id_workplace'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement')),
    sa.UniqueConstraint('participant_id', 'workplace_id', 'start_date', name=op.f('uq_placement_participant_id_workplace_id_start_date'))
    )
    with op.batch_alter_table('placement') as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_workplace_id'), ['workplace_id'], unique=False)


def downgrade() -> None:
    for table in ('placement', 'group_session', 'group_booking', 'activity_group', 'workplace'):
        op.drop_table(table)
