"""Review queue: potential matches, four-eyes decisions, case notes with attachments.

Revision ID: 0005
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0006"  # after ownership (0006), merged first
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.Column("query_key", sa.String(length=64), nullable=False),
        sa.Column("query", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.String(length=128), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("match", sa.JSON(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assignee", sa.String(length=128), nullable=True),
        sa.Column("lapsed", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_review_items_created_at"), "review_items", ["created_at"])
    op.create_index(op.f("ix_review_items_query_key"), "review_items", ["query_key"])
    op.create_index(op.f("ix_review_items_source"), "review_items", ["source"])
    op.create_index(op.f("ix_review_items_status"), "review_items", ["status"])
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reviewer_id", sa.String(length=64), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("approver_id", sa.String(length=64), nullable=True),
        sa.Column("approver", sa.String(length=200), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approval_note", sa.Text(), nullable=True),
        sa.Column("verdict_row", sa.Integer(), nullable=True),
        sa.Column("ledger_entry", sa.String(length=64), nullable=True),
        sa.Column("approval_entry", sa.String(length=64), nullable=True),
        sa.Column("lapsed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["review_items.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_review_decisions_item_id"), "review_decisions", ["item_id"])
    op.create_table(
        "review_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.String(length=64), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("file_type", sa.String(length=100), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("file_data", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["review_items.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_review_notes_item_id"), "review_notes", ["item_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_review_notes_item_id"), table_name="review_notes")
    op.drop_table("review_notes")
    op.drop_index(op.f("ix_review_decisions_item_id"), table_name="review_decisions")
    op.drop_table("review_decisions")
    for col in ("status", "source", "query_key", "created_at"):
        op.drop_index(op.f(f"ix_review_items_{col}"), table_name="review_items")
    op.drop_table("review_items")
