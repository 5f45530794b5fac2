"""Cache of published Kolada values and municipality groups (comparison with peers).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 00:09:07.273065
"""
from alembic import op
import sqlalchemy as sa



revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('kolada_group',
    sa.Column('id', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('members', sa.Text(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kolada_group'))
    )
    op.create_table('kolada_value',
    sa.Column('kpi', sa.String(length=10), nullable=False),
    sa.Column('municipality', sa.String(length=10), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=True),
    sa.Column('fetched_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('kpi', 'municipality', 'period', 'gender', name=op.f('pk_kolada_value'))
    )



def downgrade() -> None:

    op.drop_table('kolada_value')
    op.drop_table('kolada_group')

