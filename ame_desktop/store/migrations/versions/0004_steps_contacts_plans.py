"""Stegförflyttning (ladders, levels, dimensions, assessments), AF contacts, individual plans.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 23:44:04.223579
"""
from alembic import op
import sqlalchemy as sa



revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('step_dimension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_step_dimension')),
    sa.UniqueConstraint('name', name=op.f('uq_step_dimension_name'))
    )
    op.create_table('step_model',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['previous_id'], ['step_model.id'], name=op.f('fk_step_model_previous_id_step_model')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_step_model'))
    )
    op.create_table('step_level',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=True),
    sa.ForeignKeyConstraint(['model_id'], ['step_model.id'], name=op.f('fk_step_level_model_id_step_model')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_step_level')),
    sa.UniqueConstraint('model_id', 'number', name=op.f('uq_step_level_model_id_number'))
    )
    with op.batch_alter_table('step_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_step_level_model_id'), ['model_id'], unique=False)

    op.create_table('af_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_at', sa.DateTime(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('af_person', sa.String(length=120), nullable=True),
    sa.Column('af_office', sa.String(length=120), nullable=True),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('consent_documented', sa.Boolean(), nullable=False),
    sa.Column('consent_on', sa.Date(), nullable=True),
    sa.Column('question', sa.String(length=4000), nullable=True),
    sa.Column('outcome', sa.String(length=4000), nullable=True),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('follow_up_done_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_af_contact_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_af_contact_staff_id_staff_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_af_contact'))
    )
    with op.batch_alter_table('af_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_af_contact_contact_at'), ['contact_at'], unique=False)
        batch_op.create_index('ix_af_contact_follow_up', ['follow_up_on', 'follow_up_done_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_af_contact_participant_id'), ['participant_id'], unique=False)

    op.create_table('plan_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_plan_version_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_version')),
    sa.UniqueConstraint('participant_id', 'version', name=op.f('uq_plan_version_participant_id_version'))
    )
    with op.batch_alter_table('plan_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_version_participant_id'), ['participant_id'], unique=False)

    op.create_table('step_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('level_id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=True),
    sa.Column('assessor_name', sa.String(length=120), nullable=True),
    sa.Column('comment', sa.String(length=4000), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessor_id'], ['staff_member.id'], name=op.f('fk_step_assessment_assessor_id_staff_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['level_id'], ['step_level.id'], name=op.f('fk_step_assessment_level_id_step_level')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_step_assessment_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_step_assessment'))
    )
    with op.batch_alter_table('step_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_step_assessment_assessed_on'), ['assessed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_step_assessment_level_id'), ['level_id'], unique=False)
        batch_op.create_index('ix_step_assessment_person_date', ['participant_id', 'assessed_on'], unique=False)

    op.create_table('plan_print',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('printed_at', sa.DateTime(), nullable=False),
    sa.Column('printed_by', sa.String(length=120), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_plan_print_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_print'))
    )
    with op.batch_alter_table('plan_print', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_print_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_print_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('step_rating',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('dimension_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_step_rating_rating')),
    sa.ForeignKeyConstraint(['assessment_id'], ['step_assessment.id'], name=op.f('fk_step_rating_assessment_id_step_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['dimension_id'], ['step_dimension.id'], name=op.f('fk_step_rating_dimension_id_step_dimension')),
    sa.PrimaryKeyConstraint('assessment_id', 'dimension_id', name=op.f('pk_step_rating'))
    )

    # The default step ladder and rating dimensions, as a new register gets them.
    from ame_desktop.store.reference import seed_step_defaults

    seed_step_defaults(op.get_bind())


def downgrade() -> None:

    op.drop_table('step_rating')
    with op.batch_alter_table('plan_print', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_print_plan_version_id'))
        batch_op.drop_index(batch_op.f('ix_plan_print_content_hash'))

    op.drop_table('plan_print')
    with op.batch_alter_table('step_assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_step_assessment_person_date')
        batch_op.drop_index(batch_op.f('ix_step_assessment_level_id'))
        batch_op.drop_index(batch_op.f('ix_step_assessment_assessed_on'))

    op.drop_table('step_assessment')
    with op.batch_alter_table('plan_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_version_participant_id'))

    op.drop_table('plan_version')
    with op.batch_alter_table('af_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_af_contact_participant_id'))
        batch_op.drop_index('ix_af_contact_follow_up')
        batch_op.drop_index(batch_op.f('ix_af_contact_contact_at'))

    op.drop_table('af_contact')
    with op.batch_alter_table('step_level', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_step_level_model_id'))

    op.drop_table('step_level')
    op.drop_table('step_model')
    op.drop_table('step_dimension')

