"""bukti dukung dan analisis: berkas bukti, faktor penghambat, upaya, faktor pendorong

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ANALISIS = ("faktor_penghambat", "upaya", "faktor_pendorong")


def upgrade() -> None:
    # First, while nothing refers to realisations yet: on SQLite dropping a column rebuilds the
    # table, which foreign keys pointing at it would forbid.
    with op.batch_alter_table("realisations", schema=None) as batch_op:
        for column in _ANALISIS:
            batch_op.add_column(sa.Column(column, sa.Text(), nullable=False, server_default=""))
        # Never written: the list of evidence file ids the first schema foresaw; the files
        # themselves are rows of bukti_dukung now.
        batch_op.drop_column("evidence")
    op.create_table(
        "bukti_dukung",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("realisation_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("jenis", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "jenis IN ('pdf', 'xlsx', 'jpg', 'png')", name=op.f("ck_bukti_dukung_jenis")
        ),
        sa.ForeignKeyConstraint(
            ["realisation_id"],
            ["realisations.id"],
            name=op.f("fk_bukti_dukung_realisation_id_realisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_bukti_dukung_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bukti_dukung")),
    )
    with op.batch_alter_table("bukti_dukung", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bukti_dukung_realisation_id"), ["realisation_id"], unique=False
        )
    # A constant default lets SQLite add the column in place, without rebuilding these tables
    # (others refer to them).
    for table in ("indicators", "round_indicators"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("wajib_bukti", sa.Boolean(), nullable=False, server_default="0")
            )


def downgrade() -> None:
    with op.batch_alter_table("bukti_dukung", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bukti_dukung_realisation_id"))
    op.drop_table("bukti_dukung")
    with op.batch_alter_table("realisations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("evidence", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        for column in reversed(_ANALISIS):
            batch_op.drop_column(column)
    # In place (SQLite 3.35 and later): a rebuild of tables others refer to is refused.
    for table in ("round_indicators", "indicators"):
        op.drop_column(table, "wajib_bukti")
