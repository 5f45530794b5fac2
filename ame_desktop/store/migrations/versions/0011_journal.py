"""The participant's journal (issue 21): dated entries by their author, locked after 24 hours,
corrections as new entries.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('journal_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.Column('author_staff_id', sa.Integer(), nullable=True),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_staff_id'], ['staff_member.id'],
                            name=op.f('fk_journal_entry_author_staff_id_staff_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['corrects_id'], ['journal_entry.id'],
                            name=op.f('fk_journal_entry_corrects_id_journal_entry'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                            name=op.f('fk_journal_entry_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entry'))
    )
    with op.batch_alter_table('journal_entry') as batch:
        batch.create_index('ix_journal_entry_person_date', ['participant_id', 'entry_date'], unique=False)


def downgrade() -> None:
    op.drop_table('journal_entry')
