"""contact refuses police

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nobody has refused police through a text before this column: every row starts false.
    op.add_column(
        'contacts',
        sa.Column('refuses_police', sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN, never a batch copy (see 0003): on SQLite a copy re-creates
    # contacts, and with foreign keys on that deletes every text that cascades from it.
    op.drop_column('contacts', 'refuses_police')
