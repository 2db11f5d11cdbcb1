"""Ownership snapshots: parties, links (shares as exact intervals) and record issues.

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ownership_snapshots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("records_seen", sa.Integer(), nullable=False),
        sa.Column("party_count", sa.Integer(), nullable=False),
        sa.Column("link_count", sa.Integer(), nullable=False),
        sa.Column("issue_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    fk = sa.ForeignKeyConstraint(["snapshot_id"], ["ownership_snapshots.id"], ondelete="CASCADE")
    op.create_table(
        "ownership_parties",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.String(length=256), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.String(length=256), nullable=False),
        sa.Column("party_type", sa.String(length=16), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        fk,
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_ownership_parties_pid", "ownership_parties", ["snapshot_id", "party_id"], unique=False
    )
    op.create_index(
        "ix_ownership_parties_name", "ownership_parties", ["snapshot_id", "name_key"], unique=False
    )
    op.create_table(
        "ownership_links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.String(length=256), nullable=False),
        sa.Column("asset_id", sa.String(length=256), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("share_min", sa.String(length=64), nullable=True),
        sa.Column("share_max", sa.String(length=64), nullable=True),
        sa.Column("min_open", sa.Boolean(), nullable=False),
        sa.Column("max_open", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.String(length=10), nullable=True),
        sa.Column("end_date", sa.String(length=10), nullable=True),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("via", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["snapshot_id"], ["ownership_snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_ownership_links_asset", "ownership_links", ["snapshot_id", "asset_id"], unique=False
    )
    op.create_table(
        "ownership_issues",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("file", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["ownership_snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("ownership_issues")
    op.drop_index("ix_ownership_links_asset", table_name="ownership_links")
    op.drop_table("ownership_links")
    op.drop_index("ix_ownership_parties_name", table_name="ownership_parties")
    op.drop_index("ix_ownership_parties_pid", table_name="ownership_parties")
    op.drop_table("ownership_parties")
    op.drop_table("ownership_snapshots")
