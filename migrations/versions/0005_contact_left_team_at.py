"""contact left team at

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-15 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('contacts', sa.Column('left_team_at', models.base.UTCDateTime(timezone=True), nullable=True))
    # Numbers a responder had before moving to another phone: only the team is texted first
    # (every text sent through the REST API is to a responder, but for the one a person gets
    # when nobody has reached them by the deadline, purpose 'still_trying', which came later),
    # so a number we texted that is on nobody's roster row now is one left behind. Dated by
    # the last such text.
    op.execute(
        """
        UPDATE contacts SET left_team_at = (
            SELECT MAX(messages.created_at) FROM messages
            WHERE messages.contact_id = contacts.id
              AND messages.direction = 'out' AND messages.channel = 'rest'
              AND messages.purpose <> 'still_trying'
        )
        WHERE contacts.id NOT IN (SELECT responders.contact_id FROM responders)
        """
    )


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN, never a batch copy (see 0003): on SQLite a copy re-creates
    # contacts, and with foreign keys on that deletes every text that cascades from it.
    op.drop_column('contacts', 'left_team_at')
