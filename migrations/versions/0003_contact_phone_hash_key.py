"""contact phone hash key

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Left NULL: the key is not known here; `flask keys rotate-lookup` fills it in.
    with op.batch_alter_table('contacts') as batch:
        batch.add_column(sa.Column('phone_hash_key', sa.String(length=16), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN, never a batch copy: on SQLite that drops and re-creates
    # contacts, and with foreign keys on, dropping it deletes every text, opt-out and
    # conversation that cascades from it. The column is in no index or constraint.
    op.drop_column('contacts', 'phone_hash_key')
