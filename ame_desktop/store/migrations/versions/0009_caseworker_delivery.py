"""What reaches the caseworker (issue 17): deliveries, receipts, notices; caseworker accounts.

- staff_member.role widened to 40 characters (the role "handläggare ekonomiskt bistånd") and
  staff_member.caseworker_id links such an account to the caseworker register;
- report_delivery (+ report_delivery_person): every report handed to a caseworker, with its
  snapshot, hashes and receipt;
- absence_notice (+ absence_notice_item): prompt notices of absence, marked sent.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

CHANNELS = "channel IN ('e-post','utskrift','säker e-post','annat')"


def upgrade() -> None:
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=20), type_=sa.String(length=40),
                              existing_nullable=False, existing_server_default='handledare')
        batch_op.add_column(sa.Column('caseworker_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_staff_member_caseworker_id_social_caseworker'),
                                    'social_caseworker', ['caseworker_id'], ['id'], ondelete='SET NULL')

    op.create_table(
        'report_delivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('caseworker_id', sa.Integer(), nullable=True),
        sa.Column('recipient', sa.String(length=200), nullable=False),
        sa.Column('delivered_on', sa.Date(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('delivered_at', sa.DateTime(), nullable=False),
        sa.Column('delivered_by', sa.String(length=120), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('pdf_hash', sa.String(length=64), nullable=False),
        sa.Column('snapshot', sa.Text(), nullable=False),
        sa.Column('corrects_id', sa.Integer(), nullable=True),
        sa.Column('received_at', sa.DateTime(), nullable=True),
        sa.Column('received_by', sa.String(length=120), nullable=True),
        sa.Column('receipt_method', sa.String(length=20), nullable=True),
        sa.Column('receipt_note', sa.String(length=500), nullable=True),
        sa.CheckConstraint(CHANNELS, name=op.f('ck_report_delivery_channel')),
        sa.ForeignKeyConstraint(['caseworker_id'], ['social_caseworker.id'],
                                name=op.f('fk_report_delivery_caseworker_id_social_caseworker'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['corrects_id'], ['report_delivery.id'],
                                name=op.f('fk_report_delivery_corrects_id_report_delivery'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_delivery')),
    )
    with op.batch_alter_table('report_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_delivery_caseworker_id'), ['caseworker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_delivery_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index('ix_report_delivery_month', ['month', 'caseworker_id'], unique=False)

    op.create_table(
        'report_delivery_person',
        sa.Column('delivery_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('entry_hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['delivery_id'], ['report_delivery.id'],
                                name=op.f('fk_report_delivery_person_delivery_id_report_delivery'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                                name=op.f('fk_report_delivery_person_participant_id_participant'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('delivery_id', 'participant_id', name=op.f('pk_report_delivery_person')),
    )
    with op.batch_alter_table('report_delivery_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_delivery_person_participant_id'), ['participant_id'],
                              unique=False)

    op.create_table(
        'absence_notice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('caseworker_id', sa.Integer(), nullable=True),
        sa.Column('recipient', sa.String(length=200), nullable=True),
        sa.Column('sent_on', sa.Date(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.Column('sent_by', sa.String(length=120), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('snapshot', sa.Text(), nullable=False),
        sa.CheckConstraint(CHANNELS, name=op.f('ck_absence_notice_channel')),
        sa.ForeignKeyConstraint(['caseworker_id'], ['social_caseworker.id'],
                                name=op.f('fk_absence_notice_caseworker_id_social_caseworker'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                                name=op.f('fk_absence_notice_participant_id_participant'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_absence_notice')),
    )
    with op.batch_alter_table('absence_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_absence_notice_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_absence_notice_sent_on'), ['sent_on'], unique=False)

    op.create_table(
        'absence_notice_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('notice_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('day_from', sa.Date(), nullable=False),
        sa.Column('day_to', sa.Date(), nullable=False),
        sa.Column('hours', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['notice_id'], ['absence_notice.id'],
                                name=op.f('fk_absence_notice_item_notice_id_absence_notice'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                                name=op.f('fk_absence_notice_item_participant_id_participant'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_absence_notice_item')),
    )
    with op.batch_alter_table('absence_notice_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_absence_notice_item_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index('ix_absence_notice_item_person', ['participant_id', 'kind', 'day_from'], unique=False)


def downgrade() -> None:
    op.drop_table('absence_notice_item')
    op.drop_table('absence_notice')
    op.drop_table('report_delivery_person')
    op.drop_table('report_delivery')
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_staff_member_caseworker_id_social_caseworker'), type_='foreignkey')
        batch_op.drop_column('caseworker_id')
        batch_op.alter_column('role', existing_type=sa.String(length=40), type_=sa.String(length=20),
                              existing_nullable=False)
