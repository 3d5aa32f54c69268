"""kartu langkah: pesan keluar yang menjadi kartu langkah, dan suntingan kartu terkirim

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("replaces_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_deadline_id"), ["deadline_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_deadline_id_step_deadlines"),
            "step_deadlines",
            ["deadline_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_replaces_id_outbox"),
            "outbox",
            ["replaces_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_replaces_id_outbox"), type_="foreignkey")
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_deadline_id_step_deadlines"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_outbox_deadline_id"))
        batch_op.drop_column("replaces_id")
        batch_op.drop_column("deadline_id")
