"""Protected identity (skyddade personuppgifter): the mark and the named staff (issue 24).

Two new tables; no existing row changes (nobody is marked until a coach or administrator
marks them). The read reasons are kept in the audit log, not here.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('protected_identity',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('marked_on', sa.Date(), nullable=False),
    sa.Column('registered_by', sa.String(length=100), nullable=False),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.Column('pseudonym', sa.String(length=16), nullable=False),
    sa.CheckConstraint("kind IN ('SEKRETESS','SKYDDAD_FOLKBOKFORING','KVARSKRIVNING')",
                       name=op.f('ck_protected_identity_kind')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                            name=op.f('fk_protected_identity_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('participant_id', name=op.f('pk_protected_identity')),
    sa.UniqueConstraint('pseudonym', name=op.f('uq_protected_identity_pseudonym'))
    )
    op.create_table('protected_identity_staff',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['protected_identity.participant_id'],
                            name=op.f('fk_protected_identity_staff_participant_id_protected_identity'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'],
                            name=op.f('fk_protected_identity_staff_staff_id_staff_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('participant_id', 'staff_id', name=op.f('pk_protected_identity_staff'))
    )
    with op.batch_alter_table('protected_identity_staff') as batch:
        batch.create_index(batch.f('ix_protected_identity_staff_staff_id'), ['staff_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('protected_identity_staff') as batch:
        batch.drop_index(batch.f('ix_protected_identity_staff_staff_id'))
    op.drop_table('protected_identity_staff')
    op.drop_table('protected_identity')
