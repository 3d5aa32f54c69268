"""beberapa proses: identitas proses, sewa polling, pemegang sewa outbox

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bot_instances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("pid_space", sa.String(length=100), nullable=False),
        sa.Column("started_at", storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bot_instances")),
    )
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["holder_id"],
            ["bot_instances.id"],
            name=op.f("fk_leases_holder_id_bot_instances"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_by", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("build_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_locked_by_bot_instances"),
            "bot_instances",
            ["locked_by"],
            ["id"],
            ondelete="SET NULL",
        )
    # A lease taken by a version without holders has none to renew it: free it now.
    op.execute("UPDATE outbox SET locked_until = NULL")


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_locked_by_bot_instances"), type_="foreignkey"
        )
        batch_op.drop_column("build_failures")
        batch_op.drop_column("locked_by")
    op.drop_table("leases")
    op.drop_table("bot_instances")
