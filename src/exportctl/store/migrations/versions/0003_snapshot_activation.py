"""Snapshot activation: which snapshot of a source screening uses is stored, not inferred.

Until now the newest load of a source was its active snapshot, so a truncated file or an older
edition loaded last silently replaced a good list. ``active`` marks the one snapshot per source
that screening uses; ``note`` says why a snapshot is (in)active (older edition, shrink guard,
explicit ``lists activate``). Existing databases keep their behaviour: the newest snapshot of
each source becomes the active one.

Revision ID: 0003
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0005"  # after the review queue (0005), merged first
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database stamped at the baseline may have been made by a newer create_all (the
    # schema the metadata describes): add only what is missing.
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("snapshots")}
    indexes = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("snapshots")}
    # Plain ADD COLUMN (SQLite supports it with a constant default): no table rebuild.
    if "active" not in have:
        op.add_column(
            "snapshots",
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.false()),
        )
    if "note" not in have:
        op.add_column("snapshots", sa.Column("note", sa.Text(), nullable=True))
    if "ix_snapshots_source_active" not in indexes:
        op.create_index(
            "ix_snapshots_source_active", "snapshots", ["source", "active"], unique=False
        )
    op.execute(
        "UPDATE snapshots SET active = TRUE WHERE id IN "
        "(SELECT MAX(id) FROM snapshots GROUP BY source)"
    )


def downgrade() -> None:
    op.drop_index("ix_snapshots_source_active", table_name="snapshots")
    with op.batch_alter_table("snapshots") as batch:
        batch.drop_column("note")
        batch.drop_column("active")
