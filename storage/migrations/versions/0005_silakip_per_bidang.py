"""silakip per bidang: centang setiap bidang yang sudah diinput ke SILAKIP (langkah 11)

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "silakip_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("bidang_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("at", storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_silakip_entries_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["bidang_id"],
            ["bidang.id"],
            name=op.f("fk_silakip_entries_bidang_id_bidang"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["role_grants.id"],
            name=op.f("fk_silakip_entries_grant_id_role_grants"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_silakip_entries_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_silakip_entries")),
        sa.UniqueConstraint("round_id", "bidang_id", name="uq_silakip_entries_round_bidang"),
    )
    with op.batch_alter_table("silakip_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_silakip_entries_round_id"), ["round_id"], unique=False)
    # A round closed with the one button of earlier versions had every bidang entered at once,
    # by whoever pressed it: each bidang gets that tick, so a closed round is fully ticked.
    op.execute(
        "INSERT INTO silakip_entries (round_id, bidang_id, actor_id, grant_id, at) "
        "SELECT s.round_id, s.bidang_id, a.actor_id, a.grant_id, a.at "
        "FROM submissions s JOIN approvals a ON a.round_id = s.round_id "
        "WHERE a.step = 11 AND a.action = 'silakip' AND a.voided_at IS NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("silakip_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_silakip_entries_round_id"))
    op.drop_table("silakip_entries")
