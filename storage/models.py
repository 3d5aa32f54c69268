"""The database: SQLAlchemy 2.0 typed models (DESIGN §4).

The database is the single source of truth for workflow state, so that a restart loses nothing
and several processes can serve one bot. Decimals are stored exactly (ExactDecimal), times are
aware, Telegram ids are BIGINT, and constraints are named the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal kept to the digit, with the decimals the person typed ("94,20" stays 94.20).

    PostgreSQL's unconstrained NUMERIC does that natively; SQLite would turn NUMERIC into a
    binary float, so there the value is kept as its decimal text.
    """

    impl = String(48)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(asdecimal=True))
        return dialect.type_descriptor(String(48))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal) or not value.is_finite():
            raise TypeError(f"ExactDecimal needs a finite Decimal, got {value!r}")
        return value if dialect.name == "postgresql" else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def column_length(model: type[Base], name: str) -> int:
    """The length of a text column, so a check before saving says the same limit as the schema
    (PostgreSQL refuses a longer text with an error, SQLite keeps it silently)."""
    length = model.__table__.c[name].type.length
    if not isinstance(length, int):
        raise TypeError(f"{model.__name__}.{name} has no length")
    return length


class Instansi(Base):
    """The office, for the kop and signature block of the printed document (DESIGN §5)."""

    __tablename__ = "instansi"

    id: Mapped[int] = mapped_column(primary_key=True)
    nama: Mapped[str] = mapped_column(String(200))
    kabupaten: Mapped[str] = mapped_column(String(100))
    alamat: Mapped[str] = mapped_column(String(300), default="")
    tempat: Mapped[str] = mapped_column(String(100), default="")
    kepala_nama: Mapped[str] = mapped_column(String(200), default="")
    kepala_pangkat: Mapped[str] = mapped_column(String(200), default="")
    kepala_nip: Mapped[str] = mapped_column(String(30), default="")


class Bidang(Base):
    __tablename__ = "bidang"

    id: Mapped[int] = mapped_column(primary_key=True)
    nama: Mapped[str] = mapped_column(String(200), unique=True)
    urutan: Mapped[int] = mapped_column(Integer, default=0)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    nama: Mapped[str] = mapped_column(String(200))
    nip: Mapped[str] = mapped_column(String(30), default="")
    jabatan: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    unreachable_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_text_id: Mapped[int | None] = mapped_column(BigInteger)
    """The newest typed message taken as an answer: Telegram may deliver it again after a crash,
    and a repeat must not become the answer to the next indicator."""

    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", lazy="selectin", foreign_keys="RoleGrant.user_id"
    )


class Appointment:
    """What an appointment says beyond the role: acting (Plt./Plh.) by which letter, and the
    name, pangkat and NIP the printed signature block and paraf boxes show (DESIGN §3, §5)."""

    acting: Mapped[str | None] = mapped_column(String(3))
    surat: Mapped[str] = mapped_column(String(100), default="")
    nama: Mapped[str] = mapped_column(String(200), default="")
    pangkat: Mapped[str] = mapped_column(String(200), default="")
    nip: Mapped[str] = mapped_column(String(30), default="")


class RoleGrant(Appointment, Base):
    """A role held for a period; an acting official (Plt./Plh.) gets one with an end date.

    A grant ends when `valid_to` passes (an acting period, or `kinerja-bot cabut`); the
    scheduler then tells the person and hands their open step on, once (`end_settled_at`).
    """

    __tablename__ = "role_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    bidang_id: Mapped[int | None] = mapped_column(ForeignKey("bidang.id", ondelete="RESTRICT"))
    valid_from: Mapped[datetime] = mapped_column(UtcDateTime)
    valid_to: Mapped[datetime | None] = mapped_column(UtcDateTime)
    keterangan: Mapped[str] = mapped_column(String(100), default="")
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """When `kinerja-bot cabut` was run (its `valid_to` may lie later, with --mulai)."""
    start_settled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    end_settled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    user: Mapped[User] = relationship(back_populates="grants", foreign_keys=[user_id])

    __table_args__ = (
        CheckConstraint("(role = 'kabid') = (bidang_id IS NOT NULL)", name="kabid_has_bidang"),
        CheckConstraint("acting IS NULL OR acting IN ('plt', 'plh')", name="acting"),
    )


class Invite(Appointment, Base):
    """A one-time, expiring invite; only the SHA-256 of the code is kept."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    bidang_id: Mapped[int | None] = mapped_column(ForeignKey("bidang.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    valid_to: Mapped[datetime | None] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (CheckConstraint("acting IS NULL OR acting IN ('plt', 'plh')", name="acting"),)


class Indicator(Base):
    """One performance indicator of the master, for one year (DESIGN §4)."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun: Mapped[int] = mapped_column(Integer, index=True)
    bidang_id: Mapped[int] = mapped_column(ForeignKey("bidang.id", ondelete="RESTRICT"))
    urutan: Mapped[int] = mapped_column(Integer)
    sasaran: Mapped[str] = mapped_column(Text)
    nama: Mapped[str] = mapped_column(Text)
    satuan: Mapped[str] = mapped_column(String(50))
    arah: Mapped[str] = mapped_column(String(10))
    rumus: Mapped[str | None] = mapped_column(String(10))
    sifat: Mapped[str] = mapped_column(String(12))
    boleh_negatif: Mapped[bool] = mapped_column(Boolean, default=False)
    wajib_bukti: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    """Kirim is refused until the realisation has a bukti dukung (issue 14)."""
    target_tahunan: Mapped[Decimal] = mapped_column(ExactDecimal)
    target_tw1: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    target_tw2: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    target_tw3: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    target_tw4: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    realisasi_tw1: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    realisasi_tw2: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    realisasi_tw3: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    realisasi_tw4: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)

    bidang: Mapped[Bidang] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("arah IN ('naik', 'turun')", name="arah"),
        CheckConstraint("sifat IN ('kumulatif', 'rata-rata', 'akhir')", name="sifat"),
        CheckConstraint("rumus IS NULL OR rumus IN ('selisih', 'rasio')", name="rumus"),
    )

    def target(self, triwulan: int) -> Decimal | None:
        return getattr(self, f"target_tw{triwulan}")

    def realisasi_awal(self, triwulan: int) -> Decimal | None:
        """Realisation imported for quarters before the bot was used."""
        return getattr(self, f"realisasi_tw{triwulan}")


class Round(Base):
    """One quarter's collection (putaran); `version` moves on every transition."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun: Mapped[int] = mapped_column(Integer)
    triwulan: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("tahun", "triwulan", name="uq_rounds_tahun_triwulan"),
        CheckConstraint("triwulan BETWEEN 1 AND 4", name="triwulan"),
    )
    # Every UPDATE of a round carries "AND version = <the version read>": a change made by
    # another process (or press) in between matches no row, and the unit of work fails
    # instead of overwriting it. The workflow moves the version itself (`common.bump`).
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "version_id_col": version,
        "version_id_generator": False,
    }


class RoundIndicator(Base):
    """The round's own copy of an indicator as it opened: the draft the operator adjusts.

    What an approver vouches for must not change under their paraf, so a re-import of the
    master changes later rounds only; an open round changes only by an explicit, audited
    `import-indikator --terapkan-ke-putaran` (DESIGN §6, issue 10).
    """

    __tablename__ = "round_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="RESTRICT"))
    bidang_id: Mapped[int] = mapped_column(ForeignKey("bidang.id", ondelete="RESTRICT"))
    urutan: Mapped[int] = mapped_column(Integer)
    sasaran: Mapped[str] = mapped_column(Text)
    nama: Mapped[str] = mapped_column(Text)
    satuan: Mapped[str] = mapped_column(String(50))
    arah: Mapped[str] = mapped_column(String(10))
    rumus: Mapped[str | None] = mapped_column(String(10))
    sifat: Mapped[str] = mapped_column(String(12))
    boleh_negatif: Mapped[bool] = mapped_column(Boolean, default=False)
    wajib_bukti: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    target_tahunan: Mapped[Decimal] = mapped_column(ExactDecimal)
    target: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    diukur: Mapped[bool] = mapped_column(Boolean, default=True)

    indicator: Mapped[Indicator] = relationship(lazy="joined")
    bidang: Mapped[Bidang] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("round_id", "indicator_id", name="uq_round_indicators_round_indicator"),
    )


class Submission(Base):
    """One bidang's data in one round (steps 4–5); the upload marker names its version."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    bidang_id: Mapped[int] = mapped_column(ForeignKey("bidang.id", ondelete="RESTRICT"))
    state: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    return_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    bidang: Mapped[Bidang] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("round_id", "bidang_id", name="uq_submissions_round_bidang"),
    )
    __mapper_args__: ClassVar[dict[str, Any]] = {
        "version_id_col": version,
        "version_id_generator": False,
    }
    """Compare-and-set on every UPDATE, as for Round."""


class Realisation(Base):
    """One indicator's answer in a bidang's data: the value, what was written with it, and the
    analysis the LKjIP asks for (issue 14): why a target was missed, what is done about it, and
    what helped one that was reached."""

    __tablename__ = "realisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="RESTRICT"))
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    keterangan: Mapped[str] = mapped_column(Text, default="")
    faktor_penghambat: Mapped[str] = mapped_column(Text, default="", server_default="")
    upaya: Mapped[str] = mapped_column(Text, default="", server_default="")
    """Upaya / tindak lanjut: what is done about a target missed."""
    faktor_pendorong: Mapped[str] = mapped_column(Text, default="", server_default="")
    perlu_perbaikan: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (
        UniqueConstraint("submission_id", "indicator_id", name="uq_realisations_sub_indicator"),
    )


class BuktiDukung(Base):
    """An evidence file (bukti dukung) of one realisation: a photo or a document the Kabid sent
    on the indicator's card (issue 14).

    The bytes are kept here, with their SHA-256, so a backup of the database carries them and
    the approval's content hash can vouch for them; the content is loaded only when the file
    is sent (`deferred`), never with a list of files.
    """

    __tablename__ = "bukti_dukung"

    id: Mapped[int] = mapped_column(primary_key=True)
    realisation_id: Mapped[int] = mapped_column(
        ForeignKey("realisations.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    jenis: Mapped[str] = mapped_column(String(10))
    """What the content is, read from its first bytes: pdf, xlsx, jpg or png."""
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    """The sender's Telegram message that brought the file: a redelivery of it is known as
    kept, while a file overtaken by a newer message is refused, never put on a later card."""

    __table_args__ = (CheckConstraint("jenis IN ('pdf', 'xlsx', 'jpg', 'png')", name="jenis"),)


class StepDeadline(Base):
    """One activation of a step (per bidang for steps 4–5), with its due time in working time."""

    __tablename__ = "step_deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column(Integer)
    bidang_id: Mapped[int | None] = mapped_column(ForeignKey("bidang.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Approval(Base):
    """A decision on a step (benar, verifikasi, paraf, tanda tangan, kembalikan, final, silakip:
    the round's last bidang entered into SILAKIP).

    Keeps the SHA-256 of the data it approved; a return or a data change voids the later ones.
    """

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column(Integer)
    bidang_id: Mapped[int | None] = mapped_column(ForeignKey("bidang.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("role_grants.id", ondelete="SET NULL"))
    """The appointment the actor acted under: the print shows its name, NIP and Plt./Plh."""
    dirangkap: Mapped[str | None] = mapped_column(String(10))
    """Set when the actor also did the step before (DESIGN §3): "plt"/"plh" as an acting
    holder, "tunggal" when nobody else held the role."""
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    voided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    void_reason: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship(lazy="joined")
    grant: Mapped[RoleGrant | None] = relationship(lazy="joined")


class SilakipEntry(Base):
    """One bidang's data of a round entered into SILAKIP (step 11), ticked by an operator.

    One row a bidang at most (the unique key), so a double tap or two operators at once leave
    one tick, whose who and when the other is told; the step ends when every bidang of the
    round has one (issue 14).
    """

    __tablename__ = "silakip_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    bidang_id: Mapped[int] = mapped_column(ForeignKey("bidang.id", ondelete="RESTRICT"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("role_grants.id", ondelete="SET NULL"))
    """The appointment the operator ticked under: the Lembar Kendali shows Plt./Plh."""
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    actor: Mapped[User | None] = relationship(lazy="joined")
    grant: Mapped[RoleGrant | None] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("round_id", "bidang_id", name="uq_silakip_entries_round_bidang"),
    )


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Outbox(Base):
    """A message the workflow wants delivered, written in the same transaction as the change.

    `buttons` are rows of {"label", "data"}; `attachment` names a document to build at send time.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[list[dict[str, str]]]] = mapped_column(JSON, default=list)
    attachment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    not_before: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """When the sender's lease on the row runs out, unless renewed (while it sends)."""
    locked_by: Mapped[int | None] = mapped_column(
        ForeignKey("bot_instances.id", ondelete="SET NULL")
    )
    """The process holding the lease; a row is leased only while both are set, so removing a
    dead process frees its rows at once."""
    build_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How often the document it names failed to build; at a limit the row is given up."""
    deadline_id: Mapped[int | None] = mapped_column(
        ForeignKey("step_deadlines.id", ondelete="SET NULL"), index=True
    )
    """Set on a step card: the activation of the step it asks to do, so that once the step is
    done, the copies other holders received can say who did it and lose their buttons."""
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"))
    """Set on an edit: the row whose delivered message this one rewrites instead of sending."""


class BotInstance(Base):
    """A running `kinerja-bot run` process, as several processes serving one bot see it.

    Written at start, its heartbeat renewed while it runs, removed at a clean stop. A process
    whose heartbeat stopped (or, on the same machine, whose pid is gone) is dead, and whatever
    it held is taken back: its outbox leases (Outbox.locked_by) and the polling lease.
    """

    __tablename__ = "bot_instances"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    pid_space: Mapped[str] = mapped_column(String(100), default="")
    """The machine's boot and the pid namespace the pid belongs to ("" when unknown): another
    process with the same value may ask the kernel whether that pid still runs."""
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Lease(Base):
    """Something only one process may do at a time (polling Telegram), held until it runs out."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder_id: Mapped[int] = mapped_column(ForeignKey("bot_instances.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ReminderSent(Base):
    """A reminder recorded once, so a restart or two jobs never send it twice."""

    __tablename__ = "reminders_sent"

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("step_deadlines.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (UniqueConstraint("deadline_id", "kind", name="uq_reminders_sent_kind"),)


class PendingInput(Base):
    """What the next typed text of a user means (a value, a reason, a keterangan).

    Kept here, not in PTB's memory, so a restart resumes the conversation (DESIGN §9).
    """

    __tablename__ = "pending_inputs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Document(Base):
    """A stored file: the final workbook is kept and never regenerated differently."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (UniqueConstraint("round_id", "kind", name="uq_documents_round_kind"),)
