"""flow version digest

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 00:30:00
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('flow_versions') as batch:
        batch.add_column(sa.Column('digest', sa.String(length=64), nullable=True))
    versions = sa.table(
        'flow_versions', sa.column('id', sa.Integer), sa.column('body', sa.Text),
        sa.column('digest', sa.String),
    )
    conn = op.get_bind()
    for row_id, body in conn.execute(sa.select(versions.c.id, versions.c.body)).all():
        conn.execute(
            versions.update()
            .where(versions.c.id == row_id)
            .values(digest=hashlib.sha256(body.encode()).hexdigest())
        )


def downgrade() -> None:
    with op.batch_alter_table('flow_versions') as batch:
        batch.drop_column('digest')
