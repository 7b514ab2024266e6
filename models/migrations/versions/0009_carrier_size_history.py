"""Carrier size history: one dated row per area and workstation count a carrier has had.

A past month's occupancy divides by the area the carrier had in that month, so cutting
a carrier's area no longer turns its old reports into rates above 100%. Existing
carriers get no rows: with no recorded history the current size is used for every
month (the best knowledge of the past), and the first resize records the size it
replaces (:mod:`models.size_history`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "carriersizechange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carrier_id", sa.Integer(), nullable=False),
        sa.Column("total_area_m2", sa.Float(), nullable=False),
        sa.Column("workstations_total", sa.Integer(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(["carrier_id"], ["carrier.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("carriersizechange", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_carriersizechange_carrier_id"), ["carrier_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("carriersizechange", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carriersizechange_carrier_id"))
    op.drop_table("carriersizechange")
