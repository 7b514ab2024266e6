"""Carrier stage history: one dated row per stage a carrier has had (issue 8 §4).

Existing carriers get one row with their current stage, dated when they opened (or,
when the opening date is unknown, the day the record was created): without a recorded
history, the current stage is the best knowledge of the past.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Literal constraint text: a migration must not change when the models do.
    op.create_table(
        "carrierstagechange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carrier_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.CheckConstraint(
            "stage IN ('public_space', 'nursery', 'incubator', 'accelerator')",
            name="ck_stagechange_stage",
        ),
        sa.ForeignKeyConstraint(["carrier_id"], ["carrier.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("carrierstagechange", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_carrierstagechange_carrier_id"), ["carrier_id"], unique=False
        )
    carrier = sa.table(
        "carrier",
        sa.column("id", sa.Integer()),
        sa.column("stage", sa.Text()),
        sa.column("opened_on", sa.Date()),
        sa.column("created_at", sa.DateTime()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(carrier.c.id, carrier.c.stage, carrier.c.opened_on, carrier.c.created_at)
    ).all()
    if rows:
        change = sa.table(
            "carrierstagechange",
            sa.column("carrier_id", sa.Integer()),
            sa.column("stage", sa.Text()),
            sa.column("changed_on", sa.Date()),
            sa.column("changed_by", sa.String()),
        )
        op.bulk_insert(
            change,
            [
                {
                    "carrier_id": r.id,
                    "stage": r.stage,
                    "changed_on": r.opened_on or r.created_at.date(),
                    "changed_by": "migration",
                }
                for r in rows
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("carrierstagechange", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carrierstagechange_carrier_id"))
    op.drop_table("carrierstagechange")
