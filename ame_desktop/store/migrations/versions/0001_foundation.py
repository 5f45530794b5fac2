"""Foundation: municipalities, settings, staff, participants, referrals, enrollments.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 22:38:40.055118
"""
from alembic import op
import sqlalchemy as sa

from ame_desktop.store.reference import seed_municipalities



revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('municipality',
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=1), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_municipality'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('staff_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_member')),
    sa.UniqueConstraint('name', name=op.f('uq_staff_member_name'))
    )
    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('personnummer', sa.String(length=12), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('education_level', sa.String(length=20), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=120), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("gender IN ('K','M','X')", name=op.f('ck_participant_gender')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_participant_municipality_code_municipality')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_participant_staff_id_staff_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('personnummer', name=op.f('uq_participant_personnummer'))
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_municipality_code'), ['municipality_code'], unique=False)
        batch_op.create_index('ix_participant_name', ['last_name', 'first_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_participant_staff_id'), ['staff_id'], unique=False)

    op.create_table('enrollment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('time_without_work', sa.String(length=10), nullable=False),
    sa.Column('exit_reason', sa.String(length=2), nullable=True),
    sa.Column('exit_kas', sa.String(length=1), nullable=True),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_enrollment_end_after_start')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_enrollment_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrollment')),
    sa.UniqueConstraint('participant_id', 'start_date', name=op.f('uq_enrollment_participant_id_start_date'))
    )
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.create_index('ix_enrollment_dates', ['start_date', 'end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrollment_end_date'), ['end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrollment_participant_id'), ['participant_id'], unique=False)

    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('referral_date', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=5), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_referral_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral')),
    sa.UniqueConstraint('participant_id', 'referral_date', 'source', name=op.f('uq_referral_participant_id_referral_date_source'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_referral_date'), ['referral_date'], unique=False)


    seed_municipalities(op.get_bind())


def downgrade() -> None:

    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_referral_date'))
        batch_op.drop_index(batch_op.f('ix_referral_participant_id'))

    op.drop_table('referral')
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrollment_participant_id'))
        batch_op.drop_index(batch_op.f('ix_enrollment_end_date'))
        batch_op.drop_index('ix_enrollment_dates')

    op.drop_table('enrollment')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_staff_id'))
        batch_op.drop_index('ix_participant_name')
        batch_op.drop_index(batch_op.f('ix_participant_municipality_code'))

    op.drop_table('participant')
    op.drop_table('staff_member')
    op.drop_table('setting')
    op.drop_table('municipality')

