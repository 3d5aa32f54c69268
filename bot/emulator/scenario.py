"""A whole quarter of the SOP, played by scripted people against the bot running as a process.

The end-to-end test and `kinerja-bot demo` both play it. Triwulan II 2026 of the sample
indicators (5 bidang, 29 measured this quarter), from the first invite to SILAKIP:

- registration: operator and approvers by `kinerja-bot undang`, Kabid and the planner by the
  operator's /undang;
- the bot opens the round itself when the clock reaches the first opening after the quarter;
- step 2 returned by the Kasubag (a target to correct), then approved; step 3 distributes;
- step 4: Kabid fill in chat, answering or skipping (Lewati) the faktor penghambat and the
  upaya the bot asks for each value below target, and sending on through Kirim's reminder of
  what was skipped; one sends a PDF and a photo as bukti dukung on two indicators' cards (the
  photo one the master requires); one fills by uploading the format xlsx filled in Excel; the
  bot is killed (SIGKILL) in the middle of a Kabid's answers, that Kabid types on while it is
  down, and it resumes where it stopped;
- a 502 and a 429 from "Telegram" on the way, which lose nothing;
- step 5: the operator opens the evidence on the verification card; one bidang returned for
  one indicator, corrected, verified;
- one Kabid late: the clock passes the deadline, the overdue notice and the escalation come;
- steps 6–9 with a return at step 9, each approver's card preceded by the chart of capaian;
  10 (final) and 11 (SILAKIP: two bidang ticked one by one, then Semua);
- the planner's /unduh, and the final workbook checked cell by cell.

Every person only presses buttons they see and waits for what the bot shows them (`Phone`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from bot.documents.indicator_sheet import SAMPLE_PATH
from bot.emulator.excel import fill_format
from bot.emulator.model import ChatMessage, flood, server_error
from bot.emulator.office import (
    CAPIL,
    CAST,
    CORRECTED,
    DAFDUK,
    EVIDENCE,
    KABID,
    KASUBAG,
    KEPALA,
    OFFICE,
    OPERATOR,
    PDIP,
    PERENCANA,
    PIAK,
    SEKRETARIAT,
    SEKRETARIS,
    TARGET_FIXED,
    VALUES,
    Evidence,
    Member,
    Value,
)
from bot.emulator.phone import NoAnswer, Phone
from bot.emulator.process import TOKEN, BotProcess, ClockFile
from bot.emulator.server import EmulatorServer
from bot.emulator.transcript import Transcript
from bot.emulator.world import BotApiWorld

TZ: Final = "Asia/Jakarta"
WIB: Final = ZoneInfo(TZ)
TAHUN, TW = 2026, "Triwulan II 2026"
START: Final = datetime(2026, 7, 1, 7, 0, tzinfo=WIB)
"""Wednesday 1 July 2026, half an hour before the first opening after Triwulan II ends."""

WAIT_SECONDS: Final = 30.0
"""The bound on every wait: the bot answers in tens of milliseconds, but a (re)start takes a
few seconds and a reminder waits for the bot's 5-second timer; a slow CI machine gets slack."""

CARD = re.compile(r"^(\d+)/(\d+) · (.+)$", re.MULTILINE)


# The docstrings of these tests of a message name what was awaited when it does not come
# (Phone's NoAnswer), so they are written for the reader of the demo, in Indonesian.


def is_card(message: ChatMessage) -> bool:
    """kartu indikator («3/6 · …»)"""
    return CARD.match(message.text) is not None


def indicator_on(card: ChatMessage) -> str:
    """The name of the indicator a card asks for."""
    found = CARD.match(card.text)
    if found is None:
        raise NoAnswer(f"bukan kartu indikator: {card.text}")
    return found.group(3)


def card_or_summary(message: ChatMessage) -> bool:
    """kartu indikator berikutnya atau ringkasan"""
    return is_card(message) or message.text.startswith("Ringkasan —")


def position_on(card: ChatMessage) -> str:
    """Where the card's indicator stands in the format: "3/6"."""
    found = CARD.match(card.text)
    if found is None:
        raise NoAnswer(f"bukan kartu indikator: {card.text}")
    return f"{found.group(1)}/{found.group(2)}"


def asks_penghambat(message: ChatMessage) -> bool:
    """pertanyaan «Faktor penghambat? (3/6 · …)»"""
    return message.text.startswith("Faktor penghambat? (")


def asks_upaya(message: ChatMessage) -> bool:
    """pertanyaan «Upaya / tindak lanjut? (3/6 · …)»"""
    return message.text.startswith("Upaya / tindak lanjut? (")


def after_value(message: ChatMessage) -> bool:
    """kartu berikutnya, ringkasan, atau pertanyaan faktor penghambat"""
    return card_or_summary(message) or asks_penghambat(message)


def evidence_kept(message: ChatMessage) -> bool:
    """«📎 Bukti dukung tersimpan …» lalu kartu indikator yang sama"""
    head = message.text.partition("\n\n")[0]
    return head.startswith("📎 Bukti dukung tersimpan untuk ") and is_card(following(message))


def sent_or_reminded(message: ChatMessage) -> bool:
    """«Terkirim pukul …» atau pengingat analisis yang belum lengkap"""
    return "Terkirim pukul" in message.text or message.text.startswith("Analisis belum lengkap")


def document_named(shown: str) -> Callable[[ChatMessage], bool]:
    """The file a button names as `shown` (a long name cut to end in "…")."""

    def sent(message: ChatMessage) -> bool:
        return message.document is not None and message.document[0].startswith(shown.rstrip("…"))

    sent.__doc__ = f"berkas «{shown}»"
    return sent


def is_chart(message: ChatMessage) -> bool:
    """grafik capaian (gambar PNG)"""
    return message.photo is not None and message.photo[0].endswith(".png")


def following(message: ChatMessage) -> ChatMessage:
    """What a one-message answer asks next (CHAT.md): the part after what was understood."""
    return replace(message, text=message.text.partition("\n\n")[2])


def echo_then(expect: Callable[[ChatMessage], bool]) -> Callable[[ChatMessage], bool]:
    """The answer to a typed value or keterangan: what was understood, then `expect`."""

    def answered(message: ChatMessage) -> bool:
        head, _, _ = message.text.partition("\n\n")
        return head.startswith("✅ ") and expect(following(message))

    answered.__doc__ = f"«✅ …» lalu {expect.__doc__}"
    return answered


def anew(expect: Callable[[ChatMessage], bool]) -> Callable[[ChatMessage], bool]:
    """A new message `expect` describes, not an older one edited: after a press the card
    before loses its buttons, and that edit may come first."""

    def new_message(message: ChatMessage) -> bool:
        return message.edits == 0 and expect(message)

    new_message.__doc__ = f"pesan baru: {expect.__doc__}"
    return new_message


def reply_with(fragment: str) -> Callable[[ChatMessage], bool]:
    """A new message (not the card edited) with `fragment`: a handler that edits the card
    and then answers is done only once the answer is there."""

    def new_message(message: ChatMessage) -> bool:
        return message.edits == 0 and fragment in message.text

    new_message.__doc__ = f"pesan baru berisi «{fragment}»"
    return new_message


def shown(capaian: str) -> str:
    """A two-decimal capaian as the chat shows it: "96,40"."""
    return capaian.replace(".", ",")


def invite_code(text: str) -> str:
    found = re.search(r"start=([A-Za-z0-9_-]+)", text)
    if found is None:
        raise AssertionError(f"tidak ada tautan undangan dalam: {text}")
    return found.group(1)


class Quarter:
    """The scripted people of the office and what they do, step by step."""

    def __init__(
        self,
        world: BotApiWorld,
        clock: ClockFile,
        bot: BotProcess,
        transcript: Transcript,
    ) -> None:
        self.world = world
        self.clock = clock
        self.bot = bot
        self.story = transcript
        self.phones = {
            m.telegram_id: Phone(world, m.telegram_id, m.nama, WAIT_SECONDS) for m in CAST
        }
        for member in CAST:
            world.person(member.telegram_id, member.nama)
        self.evidence_sent: set[str] = set()
        """The indicators whose evidence has been sent: a card shown again keeps it."""

    def phone(self, member: Member) -> Phone:
        return self.phones[member.telegram_id]

    def at(self, **delta: float) -> None:
        """The office clock moves on (the bot reads it from KINERJA_CLOCK_FILE)."""
        self.clock.advance(**delta)

    async def play(self) -> bytes:
        """The whole quarter; returns the final workbook the planner downloaded."""
        await self.set_up()
        await self.register()
        await self.open_round()
        await self.draft_and_correction()
        await self.filling_and_verification()
        await self.late_bidang()
        await self.approvals()
        await self.final_and_silakip()
        return await self.planner_downloads()

    async def set_up(self) -> None:
        self.story.heading("Persiapan oleh administrator (baris perintah)")
        for args in (
            OFFICE.init_args(),
            ["import-indikator", str(SAMPLE_PATH), "--tahun", str(TAHUN)],
        ):
            self.story.note(f"kinerja-bot {args[0]} …")
            for line in (await self.bot.cli(*args)).splitlines():
                self.story.emit(f"      {line}")
        self.bot.start()
        self.story.note("kinerja-bot run — bot berjalan (polling ke emulator Telegram)")

    async def register(self) -> None:
        self.story.heading("Pendaftaran dengan tautan undangan")
        printed = await self.bot.cli("undang", "--peran", "operator")
        self.story.note(f"kinerja-bot undang --peran operator → {printed.splitlines()[-1]}")
        andi = self.phone(OPERATOR)
        await andi.type(f"/start {invite_code(printed)}", "Selamat datang, Andi")
        for member in CAST[1:]:
            self.at(minutes=1)
            if member.peran in ("kabid", "perencana"):
                command = f"/undang {member.peran}" + (f" {member.bidang}" if member.bidang else "")
                link = (await andi.type(command, "Tautan undangan")).text
            else:
                # Approvers are granted by the administrator only; the Kepala's printed name
                # comes from `init --kepala-*`.
                args = ["undang", "--peran", member.peran]
                args += [] if member.peran == "kepala" else ["--nama", member.nama]
                link = await self.bot.cli(*args)
                self.story.note(f"kinerja-bot {' '.join(args)} → {link.splitlines()[1]}")
            await self.phone(member).type(
                f"/start {invite_code(link)}", f"Selamat datang, {member.nama}"
            )

    async def open_round(self) -> None:
        self.story.heading("Langkah 1 — putaran dibuka otomatis")
        self.clock.set(datetime(2026, 7, 1, 7, 30, tzinfo=WIB))
        self.story.note("jam kantor: Rabu 1 Juli 2026 pukul 07.30, jam buka pertama setelah TW II")
        opened = await self.phone(OPERATOR).wait(f"Putaran {TW} dibuka")
        assert "Draft dari data master: 5 bidang, 29 indikator." in opened.text, opened.text

    async def draft_and_correction(self) -> None:
        andi, budi = self.phone(OPERATOR), self.phone(KASUBAG)
        self.at(minutes=5)
        await andi.press("Kirim ke Kasubag", "Draft dikirim ke Kasubag")
        self.story.heading("Langkah 2 — koreksi format, dikembalikan sekali")
        await budi.wait("Koreksi format")
        assert budi.document(".xlsx")[0].startswith("draft-format")
        self.at(minutes=3)
        await budi.press("Kembalikan", "Tuliskan alasan pengembalian")
        reason = "Target TW II jemput bola perekaman KTP-el seharusnya 9 kegiatan"
        await budi.type(reason, reply_with("Dikembalikan oleh Budi"))
        await andi.wait(reason)
        bidang, nomor, target = TARGET_FIXED
        self.at(minutes=4)
        await andi.press("Perbaiki draft", "Pilih")
        await andi.press(bidang, "target TW II")
        await andi.press(nomor, "Satuan")
        await andi.press("Ubah target", "Ketik target TW II")
        await andi.type(target, f"diubah menjadi {target}")
        await andi.press("Kirim ke Kasubag", "Draft dikirim ke Kasubag")
        await budi.wait("Koreksi format")
        self.at(minutes=3)
        await budi.press("Benar", "Format dinyatakan benar")

        self.story.heading("Langkah 3 — format dibagikan ke Kabid")
        await andi.wait("Format benar")
        rina = KABID[CAPIL]
        self.world.fail_next("sendDocument", server_error(502), chat_id=rina.telegram_id)
        self.story.note(
            f"emulator: kiriman berkas berikutnya ke {rina.nama} gagal 502 (Telegram gangguan)"
        )
        self.at(minutes=10)
        await andi.press("Bagikan ke Kabid", "Format dibagikan ke 5 bidang")
        for member in KABID.values():
            if member is not rina:
                await self.phone(member).wait(f"Format Data Kinerja {TW} — {member.bidang}")

    async def filling_and_verification(self) -> None:
        self.story.heading("Langkah 4–5 — pengisian oleh Kabid dan verifikasi operator")
        fitri = KABID[SEKRETARIAT]
        self.world.fail_next("sendMessage", flood(1), chat_id=fitri.telegram_id)
        self.story.note(
            f"emulator: balasan berikutnya ke {fitri.nama} ditolak 429, coba lagi 1 detik"
        )
        await self.fill_in_chat(fitri)
        await self.verify(SEKRETARIAT)

        await self.fill_in_chat(KABID[DAFDUK], crash_after=3, first_try=CORRECTED)
        await self.return_one_indicator()
        await self.verify(DAFDUK)

        await self.fill_by_upload(KABID[PIAK])
        await self.verify(PIAK)

        await self.fill_in_chat(KABID[PDIP])
        await self.verify(PDIP)

    async def fill_in_chat(
        self,
        member: Member,
        *,
        crash_after: int | None = None,
        first_try: tuple[str, str, str] | None = None,
        start: str = "Mulai isi",
    ) -> None:
        """The Kabid answers card after card as the bot shows them, then sends.

        On a card with evidence to send (EVIDENCE), the file goes first. With `crash_after`,
        the bot is killed once that many answers are saved, the Kabid types the next answer
        while it is down, and the restarted bot takes it up. With `first_try`, that indicator
        gets another value first (the operator will return it).
        """
        assert member.bidang is not None
        values = VALUES[member.bidang]
        evidence = {e.indikator: e for e in EVIDENCE.get(member.bidang, ())}
        kabid = self.phone(member)
        self.at(minutes=5)
        card = await kabid.press(start, anew(card_or_summary))
        answered = 0
        while is_card(card):
            name, position = indicator_on(card), position_on(card)
            value = values[name]
            if name in evidence and name not in self.evidence_sent:
                card = await self.send_evidence(kabid, evidence[name], position)
            typed = str(value.typed)
            if first_try is not None and first_try[:2] == (member.bidang, name):
                typed = first_try[2]
            if crash_after is not None and answered == crash_after:
                typed_id = await self.crash_and_restart(kabid, typed)
                answer = await kabid.wait(echo_then(after_value), newer_than=typed_id)
            else:
                self.at(minutes=1)
                answer = await kabid.type(typed, echo_then(after_value))
            echo, card = answer.text.partition("\n\n")[0], following(answer)
            assert echo.startswith(f"✅ Tercatat {position}:"), echo
            if typed == str(value.typed):
                assert f"capaian {shown(value.capaian)} %" in echo, (name, echo)
                assert asks_penghambat(card) == value.below_target, (name, card.text)
            if asks_penghambat(card):
                assert card.text.startswith(f"Faktor penghambat? ({position} · {name})"), card.text
                card = await self.analyse(kabid, value)
            answered += 1
        assert card.text.startswith(f"Ringkasan — {member.bidang}"), card.text
        assert "belum diisi" not in card.text, card.text
        for kept in evidence.values():
            assert kept.filename is None or f"📎 {kept.filename}" in card.text, card.text
        self.at(minutes=2)
        sent = await kabid.press("Kirim", sent_or_reminded)
        if "Terkirim pukul" not in sent.text:
            skipped = [v for v in values.values() if v.below_target and not v.upaya]
            assert len(sent.text.splitlines()) == len(skipped) + 2, sent.text
            await kabid.press("Kirim", "Terkirim pukul", on=sent)

    async def analyse(self, kabid: Phone, value: Value) -> ChatMessage:
        """The faktor penghambat, then the upaya, each typed as `value` has it or skipped with
        Lewati; returns what comes after them (the next card, or the summary)."""
        await self.answer_or_skip(kabid, value.penghambat, asks_upaya)
        return await self.answer_or_skip(kabid, value.upaya, card_or_summary)

    async def answer_or_skip(
        self, kabid: Phone, text: str, then: Callable[[ChatMessage], bool]
    ) -> ChatMessage:
        self.at(minutes=1)
        if text:
            return following(await kabid.type(text, echo_then(then)))
        return await kabid.press("Lewati", anew(then))

    async def send_evidence(self, kabid: Phone, evidence: Evidence, position: str) -> ChatMessage:
        """A photo or a document sent on the card at `position`: kept, and the same card shown
        again with the file listed; returns that card."""
        self.at(minutes=1)
        if evidence.filename is None:
            kept = await kabid.photo(evidence.content, evidence_kept)
        else:
            kept = await kabid.upload(evidence.filename, evidence.content, evidence_kept)
        card = following(kept)
        assert position_on(card) == position, card.text
        assert "📎 Bukti dukung: " in card.text, card.text
        self.evidence_sent.add(evidence.indikator)
        return card

    async def crash_and_restart(self, kabid: Phone, typed: str) -> int:
        """SIGKILL once every update so far is confirmed; the next answer is typed while the
        bot is down and waits at "Telegram" until the restarted bot takes it. Returns the
        typed message's id: its answer comes after it."""
        try:
            await self.world.wait_until(lambda: not self.world.updates, kabid.timeout)
        except TimeoutError:
            raise NoAnswer("bot tidak mengambil pesan dari Telegram") from None
        self.bot.kill()
        self.story.note("⚡ proses bot dimatikan paksa (kill -9) di tengah pengisian")
        self.at(minutes=2)
        self.story.note(f"{kabid.name} tetap mengetik saat bot mati; pesan menunggu di Telegram")
        sent = self.world.send_text(kabid.user_id, typed)["message"]["message_id"]
        self.bot.start()
        self.story.note("kinerja-bot run — bot dijalankan lagi")
        return sent

    async def verify(self, bidang: str) -> None:
        """The operator reads the bidang's data, opens each of its evidence files from the
        card's buttons, and verifies."""
        andi = self.phone(OPERATOR)
        card = await andi.wait(f"Verifikasi — {bidang}")
        for label in [b for b in card.labels() if b.startswith("📎 ")]:
            self.at(minutes=1)
            await andi.press(label, document_named(label.partition(" · ")[2]), on=card)
        self.at(minutes=3)
        await andi.press("Terverifikasi", "Terverifikasi oleh Andi", on=card)

    async def return_one_indicator(self) -> None:
        bidang, name, _ = CORRECTED
        andi, sari = self.phone(OPERATOR), self.phone(KABID[bidang])
        card = await andi.wait(f"Verifikasi — {bidang}")
        nomor = list(VALUES[bidang]).index(name) + 1
        self.at(minutes=3)
        await andi.press("Kembalikan", "pilih indikator", on=card)
        await andi.press(str(nomor), f"Terpilih: {nomor}.")
        await andi.press("Lanjut", "Tuliskan alasan pengembalian")
        reason = "Rata-rata waktu penerbitan KK mohon dicek ulang dengan laporan SIAK"
        await andi.type(reason, reply_with("dikembalikan oleh Andi"))
        returned = await sari.wait(reason)
        assert f"Indikator yang perlu diperbaiki: no. {nomor}." in returned.text, returned.text
        await self.fill_in_chat(KABID[bidang])

    async def fill_by_upload(self, member: Member) -> None:
        """The Kabid fills the xlsx the bot sent, in "Excel", and sends it back."""
        assert member.bidang is not None
        kabid = self.phone(member)
        self.at(minutes=20)
        filename, content = kabid.document(".xlsx")
        self.story.note(f"{member.nama} membuka {filename} di Excel dan mengisi kolom Realisasi")
        filled = fill_format(content, VALUES[member.bidang])
        await kabid.upload("format-terisi.xlsx", filled, "Berkas diterima")
        summary = await kabid.wait("Ringkasan —")
        for value in VALUES[member.bidang].values():
            assert f"{shown(value.capaian)} %" in summary.text, (value, summary.text)
        self.at(minutes=2)
        await kabid.press("Kirim", "Terkirim pukul")

    async def late_bidang(self) -> None:
        rina = KABID[CAPIL]
        kabid, citra = self.phone(rina), self.phone(SEKRETARIS)
        self.story.heading("Kabid yang terlambat: pengingat dan eskalasi")
        await kabid.wait(f"Format Data Kinerja {TW} — {CAPIL}")
        self.clock.set(datetime(2026, 7, 6, 14, 0, tzinfo=WIB))
        self.story.note("jam kantor maju ke Senin 6 Juli 2026 pukul 14.00, lewat batas pengisian")
        await kabid.wait("sudah lewat")
        self.clock.set(datetime(2026, 7, 7, 14, 0, tzinfo=WIB))
        self.story.note("jam kantor maju ke Selasa 7 Juli 2026 pukul 14.00")
        await citra.wait("Eskalasi")
        await self.fill_in_chat(rina, start="Lanjutkan isi")
        await self.verify(CAPIL)

    async def approvals(self) -> None:
        andi, budi, citra, kepala = (self.phone(m) for m in (OPERATOR, KASUBAG, SEKRETARIS, KEPALA))
        self.story.heading("Langkah 6–9 — susun, paraf, tanda tangan (dikembalikan sekali)")
        await andi.wait(f"Semua bidang {TW} terverifikasi")
        for attempt in (1, 2):
            self.at(minutes=5)
            await andi.press("Susun dan serahkan", "disusun dan diserahkan")
            await self.approval_card(budi, "paraf Kasubag PKA (langkah 7)")
            self.at(minutes=3)
            await budi.press("Paraf", "Diparaf oleh Budi")
            await self.approval_card(citra, "paraf Sekretaris (langkah 8)")
            self.at(minutes=3)
            await citra.press("Paraf", "Diparaf oleh Citra")
            card = await self.approval_card(kepala, "(langkah 9)")
            assert "✅ Budi" in card.text and "✅ Citra" in card.text, card.text
            self.at(minutes=4)
            if attempt == 1:
                await kepala.press("Kembalikan", "Tuliskan alasan pengembalian")
                reason = "Lengkapi keterangan upaya tindak lanjut untuk capaian IKD"
                await kepala.type(reason, reply_with("Dikembalikan ke operator"))
                back = await andi.wait(reason)
                assert "Persetujuan yang dibatalkan" in back.text, back.text
        await kepala.press("Tandatangani", "Ditandatangani oleh")

    async def approval_card(self, approver: Phone, fragment: str) -> ChatMessage:
        """The approval card, and before it the chart of capaian (issue 14)."""
        chart = await approver.wait(is_chart)
        card = await approver.wait(fragment)
        assert chart.message_id < card.message_id, (chart.message_id, card.message_id)
        return card

    async def final_and_silakip(self) -> None:
        andi = self.phone(OPERATOR)
        self.story.heading("Langkah 10–11 — final dan SILAKIP")
        await andi.wait("ditandatangani Kepala Dinas")
        self.at(minutes=10)
        await andi.press("Finalkan", "FINAL")
        for member in (KASUBAG, SEKRETARIS, KEPALA, PERENCANA):
            await self.phone(member).wait("final.xlsx")
        card = await andi.wait("Langkah 11")
        assert card.labels()[:2] == [SEKRETARIAT, DAFDUK], card.labels()
        # Step 11 per bidang: two ticked one by one (the card redrawn in place), then the rest.
        self.at(minutes=10)
        await andi.press(SEKRETARIAT, "SILAKIP: 1 dari 5 bidang", on=card)
        self.at(minutes=3)
        ticked = await andi.press(DAFDUK, "SILAKIP: 2 dari 5 bidang", on=card)
        assert ticked.labels()[:2] == [f"✅ {SEKRETARIAT}", f"✅ {DAFDUK}"], ticked.labels()
        self.at(minutes=2)
        await andi.press("Semua", "Sudah diinput ke SILAKIP oleh Andi", on=card)

    async def planner_downloads(self) -> bytes:
        self.story.heading("Perencana mengunduh buku kerja final")
        eka = self.phone(PERENCANA)
        self.at(minutes=30)
        got = await eka.type(f"/unduh {TAHUN} II", "final.xlsx")
        assert got.document is not None
        return got.document[1]


@asynccontextmanager
async def staged(
    folder: Path, write: Callable[[str], None], database_url: str | None = None
) -> AsyncIterator[Quarter]:
    """The quarter ready to play in `folder`: the office clock at START, the emulator serving
    on 127.0.0.1, and the bot's process (killed on the way out, whatever happened) on an empty
    database: `database_url`, or a SQLite file in `folder`."""
    clock = ClockFile(folder / "jam-kantor.txt", START)
    world = BotApiWorld(clock=lambda: int(clock.now().timestamp()))
    transcript = Transcript(world, {m.telegram_id: (m.nama, m.jabatan) for m in CAST}, TZ, write)
    async with EmulatorServer(world, TOKEN) as server:
        bot = BotProcess(folder, server.url, clock, database_url)
        try:
            yield Quarter(world, clock, bot, transcript)
        finally:
            bot.kill()
