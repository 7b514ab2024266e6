"""Carrier code: the stable key a spreadsheet import matches carriers by (issue 10 §1).

Optional and unique where set (NULLs never collide, on SQLite and PostgreSQL alike).
In a database holding the generated sample set (appmeta ``sample_data`` = 1) every
carrier is numbered in id order (JA-0001 ...), the codes a fresh ``manage.py seed``
gives them (the seed also loads the ten real places, which are not flagged sample);
a real deployment's carriers keep none until someone sets one.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("carrier", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_carrier_code"), ["code"], unique=True)
    conn = op.get_bind()
    sample = conn.execute(
        sa.text("SELECT value FROM appmeta WHERE key = 'sample_data'")
    ).scalar_one_or_none()
    if sample != "1":
        return
    carrier = sa.table("carrier", sa.column("id", sa.Integer), sa.column("code", sa.String))
    ids = conn.execute(sa.text("SELECT id FROM carrier ORDER BY id")).scalars()
    for n, carrier_id in enumerate(list(ids), start=1):
        conn.execute(
            sa.update(carrier).where(carrier.c.id == carrier_id).values(code=f"JA-{n:04d}")
        )


def downgrade() -> None:
    op.drop_index("ix_carrier_code", table_name="carrier")
    # A plain DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch copy of the table would
    # DROP TABLE carrier, which its tenancies' and reports' foreign keys refuse.
    op.execute("ALTER TABLE carrier DROP COLUMN code")
