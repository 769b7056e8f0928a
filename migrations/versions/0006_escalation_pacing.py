"""escalation pacing

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-22 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# A saved policy slows down and sends its daily summary like the built-in one.
COLUMNS = (('slow_after_rounds', '3'), ('slow_repeat_minutes', '120'), ('summary_hour', '8'))


def upgrade() -> None:
    for name, default in COLUMNS:
        op.add_column(
            'escalation_policies',
            sa.Column(name, sa.Integer(), server_default=sa.text(default), nullable=False),
        )


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN, never a batch copy (see 0003).
    for name, _ in reversed(COLUMNS):
        op.drop_column('escalation_policies', name)
