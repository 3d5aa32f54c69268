"""peran: pelaksana tugas, surat, pencabutan; salinan definisi indikator per putaran

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DEFINITION = (
    "bidang_id",
    "urutan",
    "sasaran",
    "nama",
    "satuan",
    "arah",
    "rumus",
    "sifat",
    "boleh_negatif",
    "target_tahunan",
)
"""What a round keeps of each indicator; existing rounds copy it from the master as it is."""


def _appointment_columns(batch_op: object) -> None:
    for column in (
        sa.Column("acting", sa.String(length=3), nullable=True),
        sa.Column("surat", sa.String(length=100), nullable=False, server_default=""),
        sa.Column("nama", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("pangkat", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("nip", sa.String(length=30), nullable=False, server_default=""),
    ):
        batch_op.add_column(column)  # type: ignore[attr-defined]
    batch_op.create_check_constraint(  # type: ignore[attr-defined]
        "acting", "acting IS NULL OR acting IN ('plt', 'plh')"
    )


def upgrade() -> None:
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("grant_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("dirangkap", sa.String(length=10), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_approvals_grant_id_role_grants"),
            "role_grants",
            ["grant_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("cancelled_at", storage.models.UtcDateTime(timezone=True), nullable=True)
        )
        _appointment_columns(batch_op)

    with op.batch_alter_table("role_grants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("granted_by_id", sa.Integer(), nullable=True))
        for name in ("revoked_at", "start_settled_at", "end_settled_at"):
            batch_op.add_column(
                sa.Column(name, storage.models.UtcDateTime(timezone=True), nullable=True)
            )
        _appointment_columns(batch_op)
        batch_op.create_foreign_key(
            batch_op.f("fk_role_grants_granted_by_id_users"),
            "users",
            ["granted_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # Grants that exist already were settled when they were made.
    op.execute("UPDATE role_grants SET start_settled_at = valid_from")
    op.execute(
        "UPDATE role_grants SET end_settled_at = valid_to "
        "WHERE valid_to IS NOT NULL AND valid_to <= CURRENT_TIMESTAMP"
    )

    with op.batch_alter_table("round_indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bidang_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("urutan", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sasaran", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("nama", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("satuan", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("arah", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("rumus", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("sifat", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("boleh_negatif", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column("target_tahunan", storage.models.ExactDecimal(length=48), nullable=True)
        )
    for column in _DEFINITION:
        op.execute(
            f"UPDATE round_indicators SET {column} = (SELECT indicators.{column} FROM indicators "
            "WHERE indicators.id = round_indicators.indicator_id)"
        )
    with op.batch_alter_table("round_indicators", schema=None) as batch_op:
        for column in _DEFINITION:
            if column != "rumus":
                batch_op.alter_column(column, nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_round_indicators_bidang_id_bidang"),
            "bidang",
            ["bidang_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("round_indicators", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_round_indicators_bidang_id_bidang"), type_="foreignkey"
        )
        for column in _DEFINITION:
            batch_op.drop_column(column)
    with op.batch_alter_table("role_grants", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_role_grants_granted_by_id_users"), "foreignkey")
        batch_op.drop_constraint(batch_op.f("ck_role_grants_acting"), type_="check")
        for column in (
            "nip",
            "pangkat",
            "nama",
            "surat",
            "acting",
            "end_settled_at",
            "start_settled_at",
            "revoked_at",
            "granted_by_id",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_invites_acting"), type_="check")
        for column in ("nip", "pangkat", "nama", "surat", "acting", "cancelled_at"):
            batch_op.drop_column(column)
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_approvals_grant_id_role_grants"), "foreignkey")
        batch_op.drop_column("dirangkap")
        batch_op.drop_column("grant_id")
