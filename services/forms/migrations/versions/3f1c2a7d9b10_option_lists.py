"""option lists

Revision ID: 3f1c2a7d9b10
Revises: 96e8d9e0e967
Create Date: 2026-12-02 11:50:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '3f1c2a7d9b10'
down_revision = '96e8d9e0e967'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('option_lists',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('org_path', sa.String(length=200), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('updated_by', sa.String(length=36), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_path', 'key', name='uq_option_lists_org_path_key')
    )
    op.create_index(op.f('ix_option_lists_org_path'), 'option_lists', ['org_path'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_option_lists_org_path'), table_name='option_lists')
    op.drop_table('option_lists')
