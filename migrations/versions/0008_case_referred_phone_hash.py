"""case referred phone hash

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-30 00:00:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from models import crypto

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

BATCH = 500

cases = sa.table(
    'cases',
    sa.column('id', sa.Integer()),
    sa.column('details', sa.Text()),
    sa.column('referred_phone_hash', sa.String(64)),
)


def upgrade() -> None:
    op.add_column('cases', sa.Column('referred_phone_hash', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_cases_referred_phone_hash'), 'cases', ['referred_phone_hash'])
    _hash_referred_numbers(op.get_bind())


def _hash_referred_numbers(conn: sa.Connection) -> None:
    """Existing cases that give a number in their details get its hash under the newest lookup
    key, read in batches. Migrations run from ``flask setup``, after the keys are installed;
    a database with such cases cannot be migrated without them."""
    after = 0
    while True:
        rows = conn.execute(
            sa.select(cases.c.id, cases.c.details)
            .where(cases.c.id > after, cases.c.details.is_not(None))
            .order_by(cases.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for case_id, token in rows:
            phone = json.loads(crypto.decrypt(token)).get('phone')
            if isinstance(phone, str) and phone:
                conn.execute(
                    sa.update(cases)
                    .where(cases.c.id == case_id)
                    .values(referred_phone_hash=crypto.lookup_hash(phone))
                )
        after = rows[-1].id


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN, never a batch copy (see 0003): on SQLite a copy re-creates
    # cases, and with foreign keys on that deletes every event and offer that cascades from it.
    op.drop_index(op.f('ix_cases_referred_phone_hash'), table_name='cases')
    op.drop_column('cases', 'referred_phone_hash')
