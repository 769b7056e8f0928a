"""bad batch alerts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-23 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'alert_subscriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['contact_id'],
            ['contacts.id'],
            name=op.f('fk_alert_subscriptions_contact_id_contacts'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_subscriptions')),
        sa.UniqueConstraint('contact_id', name=op.f('uq_alert_subscriptions_contact_id')),
    )
    op.create_table(
        'bad_batch_alerts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('body_en', sa.Text(), nullable=False),
        sa.Column('body_es', sa.Text(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('sent_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('recipients', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['created_by'],
            ['users.id'],
            name=op.f('fk_bad_batch_alerts_created_by_users'),
            ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bad_batch_alerts')),
    )
    op.create_index(
        op.f('ix_bad_batch_alerts_created_by'), 'bad_batch_alerts', ['created_by'], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_bad_batch_alerts_created_by'), table_name='bad_batch_alerts')
    op.drop_table('bad_batch_alerts')
    op.drop_table('alert_subscriptions')
