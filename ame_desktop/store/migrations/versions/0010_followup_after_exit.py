"""Results that last (issue 20): support at start and exit, follow-ups, the social-assistance extract.

Existing enrollments get no försörjning/sysselsättning (NULL = not recorded): the register
never knew them, and guessing would put words in the coaches' mouths.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('enrollment') as batch:
        batch.add_column(sa.Column('support_at_start', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('occupation_at_start', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('support_at_exit', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('occupation_at_exit', sa.String(length=20), nullable=True))

    op.create_table('follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('support', sa.String(length=20), nullable=True),
    sa.Column('occupation', sa.String(length=20), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('recorded_by', sa.String(length=120), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('months BETWEEN 1 AND 60', name=op.f('ck_follow_up_months')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_follow_up_enrollment_id_enrollment'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                            name=op.f('fk_follow_up_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up')),
    sa.UniqueConstraint('enrollment_id', 'months', name=op.f('uq_follow_up_enrollment_id_months'))
    )
    with op.batch_alter_table('follow_up') as batch:
        batch.create_index(batch.f('ix_follow_up_due_on'), ['due_on'], unique=False)
        batch.create_index(batch.f('ix_follow_up_participant_id'), ['participant_id'], unique=False)

    op.create_table('eb_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('rows_stored', sa.Integer(), nullable=False),
    sa.Column('rows_dropped', sa.Integer(), nullable=False),
    sa.Column('first_month', sa.Date(), nullable=True),
    sa.Column('last_month', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eb_import'))
    )

    op.create_table('social_assistance_month',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('amount_ore', sa.Integer(), nullable=False),
    sa.Column('household_ref', sa.String(length=60), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount_ore >= 0', name=op.f('ck_social_assistance_month_amount')),
    sa.ForeignKeyConstraint(['import_id'], ['eb_import.id'],
                            name=op.f('fk_social_assistance_month_import_id_eb_import'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                            name=op.f('fk_social_assistance_month_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_social_assistance_month')),
    sa.UniqueConstraint('participant_id', 'month', name=op.f('uq_social_assistance_month_participant_id_month'))
    )
    with op.batch_alter_table('social_assistance_month') as batch:
        batch.create_index(batch.f('ix_social_assistance_month_import_id'), ['import_id'], unique=False)
        batch.create_index(batch.f('ix_social_assistance_month_month'), ['month'], unique=False)


def downgrade() -> None:
    op.drop_table('social_assistance_month')
    op.drop_table('eb_import')
    op.drop_table('follow_up')
    with op.batch_alter_table('enrollment') as batch:
        batch.drop_column('occupation_at_exit')
        batch.drop_column('support_at_exit')
        batch.drop_column('occupation_at_start')
        batch.drop_column('support_at_start')
