"""The working-time calendar against DESIGN §5's worked examples and its own invariants."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.calendar import WorkCalendar

JAKARTA = ZoneInfo("Asia/Jakarta")
CALENDAR = WorkCalendar()


def wib(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


# 2026-07-01 is a Wednesday with no holiday anywhere near it.


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (wib(2026, 7, 1, 7, 30), 2, wib(2026, 7, 3, 7, 30)),
        (wib(2026, 7, 1, 10, 22), 1, wib(2026, 7, 2, 10, 22)),
        (wib(2026, 7, 1, 10, 30), 3, wib(2026, 7, 6, 10, 30)),
    ],
    ids=["two_days_wed_to_fri", "one_day_keeps_clock_time", "three_days_cross_weekend"],
)
def test_hari_lands_on_same_clock_time_working_days_later(
    start: datetime, days: int, due: datetime
) -> None:
    assert CALENDAR.add_working_time(start, days=days) == due


def test_day_started_after_monday_closing_on_friday_ends_at_monday_closing() -> None:
    assert CALENDAR.add_working_time(wib(2026, 7, 3, 16, 15), days=1) == wib(2026, 7, 6, 16, 0)


def test_pull_to_closing_does_not_accumulate_over_several_days() -> None:
    assert CALENDAR.add_working_time(wib(2026, 7, 3, 16, 15), days=5) == wib(2026, 7, 10, 16, 15)


def test_day_step_over_independence_day() -> None:
    # 2026-08-17 (Monday) is Hari Kemerdekaan.
    assert CALENDAR.add_working_time(wib(2026, 8, 14, 10), days=1) == wib(2026, 8, 18, 10)


# 2026: 18 Mar cuti bersama, 19 Nyepi, 20 cuti bersama, 21–22 Idulfitri on the weekend,
# 23–24 cuti bersama; Tuesday 17 to Wednesday 25 March is one working day.


def test_day_step_over_nyepi_lebaran_and_cuti_bersama() -> None:
    assert CALENDAR.add_working_time(wib(2026, 3, 17, 10), days=1) == wib(2026, 3, 25, 10)


def test_minutes_carry_over_nyepi_lebaran_and_cuti_bersama() -> None:
    due = CALENDAR.add_working_time(wib(2026, 3, 17, 15, 55), minutes=10)
    assert due == wib(2026, 3, 25, 7, 35)


def test_cuti_bersama_is_closed_but_public_only_calendar_opens_it() -> None:
    assert not CALENDAR.is_working_day(date(2026, 3, 20))
    assert not CALENDAR.is_working_day(date(2026, 8, 17))
    public_only = WorkCalendar(holiday_categories=("public",))
    assert public_only.is_working_day(date(2026, 3, 20))
    assert not public_only.is_working_day(date(2026, 8, 17))


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (wib(2026, 7, 6, 15, 55), wib(2026, 7, 7, 7, 35)),
        (wib(2026, 7, 3, 15, 59), wib(2026, 7, 3, 16, 9)),
        (wib(2026, 7, 6, 15, 50), wib(2026, 7, 6, 16, 0)),
        (wib(2026, 7, 6, 16, 0), wib(2026, 7, 7, 7, 40)),
        (wib(2026, 7, 3, 16, 25), wib(2026, 7, 6, 7, 35)),
        (wib(2026, 7, 4, 10, 0), wib(2026, 7, 6, 7, 40)),
        (wib(2026, 7, 1, 6, 0), wib(2026, 7, 1, 7, 40)),
    ],
    ids=[
        "carries_over_monday_closing",
        "friday_closes_later",
        "ends_exactly_at_closing_stays",
        "started_at_closing_starts_next_opening",
        "carries_over_weekend",
        "saturday_start",
        "early_morning_start",
    ],
)
def test_ten_menit_paraf(start: datetime, due: datetime) -> None:
    assert CALENDAR.add_working_time(start, minutes=10) == due


def test_day_step_started_out_of_hours_counts_from_next_opening() -> None:
    assert CALENDAR.add_working_time(wib(2026, 7, 4, 10), days=1) == wib(2026, 7, 7, 7, 30)
    assert CALENDAR.add_working_time(wib(2026, 7, 1, 6), days=1) == wib(2026, 7, 2, 7, 30)


def test_days_then_minutes() -> None:
    due = CALENDAR.add_working_time(wib(2026, 7, 1, 15, 50), days=1, minutes=20)
    assert due == wib(2026, 7, 3, 7, 40)


def test_zero_time_is_the_next_opening() -> None:
    assert CALENDAR.add_working_time(wib(2026, 7, 4, 10)) == wib(2026, 7, 6, 7, 30)


def test_start_in_another_zone_gives_result_in_office_zone() -> None:
    due = CALENDAR.add_working_time(datetime(2026, 7, 1, 3, 30, tzinfo=UTC), days=3)
    assert due == wib(2026, 7, 6, 10, 30)
    assert due.tzinfo == JAKARTA


def test_local_holiday_in_extra_closed() -> None:
    calendar = WorkCalendar(extra_closed=[date(2026, 7, 2)])
    assert calendar.add_working_time(wib(2026, 7, 1, 10, 22), days=1) == wib(2026, 7, 3, 10, 22)


def test_extra_open_saturday_uses_monday_hours() -> None:
    calendar = WorkCalendar(extra_open=[date(2026, 7, 4)])
    assert calendar.hours(date(2026, 7, 4)) == (wib(2026, 7, 4, 7, 30), wib(2026, 7, 4, 16))
    assert calendar.add_working_time(wib(2026, 7, 3, 16, 25), minutes=10) == wib(2026, 7, 4, 7, 35)


def test_extra_open_holiday_keeps_its_weekday_hours() -> None:
    calendar = WorkCalendar(extra_open=[date(2026, 8, 17)])
    assert calendar.add_working_time(wib(2026, 8, 14, 10), days=1) == wib(2026, 8, 17, 10)


def test_day_both_closed_and_open_is_refused() -> None:
    with pytest.raises(ValueError, match="2026-07-02"):
        WorkCalendar(extra_closed=[date(2026, 7, 2)], extra_open=[date(2026, 7, 2)])


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="zona waktu"):
        CALENDAR.add_working_time(datetime(2026, 7, 1, 10), days=1)
    with pytest.raises(ValueError, match="zona waktu"):
        CALENDAR.is_open(datetime(2026, 7, 1, 10))


def test_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="negatif"):
        CALENDAR.add_working_time(wib(2026, 7, 1, 10), minutes=-1)


@pytest.mark.parametrize(
    "settings",
    [
        {"office_hours": {0: (time(16), time(7, 30))}},
        {"office_hours": {7: (time(7, 30), time(16))}},
        {"tz": "Asia/Nowhere"},
        {"holiday_categories": ("pagan",)},
    ],
    ids=["closing_before_opening", "no_such_weekday", "unknown_zone", "unknown_category"],
)
def test_broken_configuration_is_refused_at_construction(settings: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        WorkCalendar(**settings)


def test_calendar_without_office_hours_refuses_instead_of_hanging() -> None:
    calendar = WorkCalendar(office_hours={})
    with pytest.raises(ValueError, match="Tidak ada hari kerja"):
        calendar.add_working_time(wib(2026, 7, 1, 10), minutes=10)


def test_hours_of_friday_weekend_and_holiday() -> None:
    assert CALENDAR.hours(date(2026, 7, 3)) == (wib(2026, 7, 3, 7, 30), wib(2026, 7, 3, 16, 30))
    assert CALENDAR.hours(date(2026, 7, 4)) is None
    assert CALENDAR.hours(date(2026, 8, 17)) is None


def test_is_open_counts_opening_but_not_closing() -> None:
    assert CALENDAR.is_open(wib(2026, 7, 1, 7, 30))
    assert not CALENDAR.is_open(wib(2026, 7, 1, 16))
    assert CALENDAR.is_open(wib(2026, 7, 3, 16))
    assert not CALENDAR.is_open(wib(2026, 7, 4, 10))


def test_reminder_due_at_night_goes_at_next_opening() -> None:
    assert CALENDAR.next_opening(wib(2026, 7, 3, 20)) == wib(2026, 7, 6, 7, 30)
    assert CALENDAR.next_opening(wib(2026, 7, 1, 10, 5)) == wib(2026, 7, 1, 10, 5)
    assert CALENDAR.next_opening(wib(2026, 7, 1, 5)) == wib(2026, 7, 1, 7, 30)
    assert CALENDAR.next_opening(wib(2026, 8, 14, 16, 30)) == wib(2026, 8, 18, 7, 30)


def test_opening_on_or_after() -> None:
    assert CALENDAR.opening_on_or_after(date(2026, 7, 1)) == wib(2026, 7, 1, 7, 30)
    assert CALENDAR.opening_on_or_after(date(2026, 3, 18)) == wib(2026, 3, 25, 7, 30)


def test_neighbouring_working_days_are_strict() -> None:
    assert CALENDAR.next_working_day(date(2026, 3, 17)) == date(2026, 3, 25)
    assert CALENDAR.previous_working_day(date(2026, 3, 25)) == date(2026, 3, 17)
    assert CALENDAR.next_working_day(date(2026, 7, 1)) == date(2026, 7, 2)
    assert CALENDAR.previous_working_day(date(2026, 7, 6)) == date(2026, 7, 3)


def test_terlambat_dua_jam_kerja_over_the_night() -> None:
    assert CALENDAR.working_minutes_between(wib(2026, 7, 6, 15), wib(2026, 7, 7, 8, 30)) == 120


def test_working_minutes_of_a_week() -> None:
    # Four days of 8,5 hours and Friday's 9 hours, breaks included.
    week = CALENDAR.working_minutes_between(wib(2026, 7, 6, 0), wib(2026, 7, 13, 0))
    assert week == 4 * 510 + 540


def test_working_minutes_of_empty_or_reversed_span_is_zero() -> None:
    assert CALENDAR.working_minutes_between(wib(2026, 7, 1, 10), wib(2026, 7, 1, 10)) == 0
    assert CALENDAR.working_minutes_between(wib(2026, 7, 2, 10), wib(2026, 7, 1, 10)) == 0


def test_working_minutes_of_a_quarter_skip_holidays() -> None:
    # Triwulan III 2026: 66 weekdays, 13 of them Fridays, less 17 and 25 August (Mon, Tue).
    minutes = CALENDAR.working_minutes_between(wib(2026, 7, 1, 0), wib(2026, 10, 1, 0))
    assert minutes == 51 * 510 + 13 * 540


MOMENTS_2026 = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31, 23, 59, 59)
).flatmap(lambda naive: st.sampled_from([naive.replace(tzinfo=JAKARTA), naive.replace(tzinfo=UTC)]))


def is_open_or_closing(moment: datetime) -> bool:
    hours = CALENDAR.hours(moment.date())
    return CALENDAR.is_open(moment) or (hours is not None and moment == hours[1])


@given(start=MOMENTS_2026, minutes=st.integers(min_value=0, max_value=5000))
def test_minutes_end_in_office_hours_after_exactly_that_much_working_time(
    start: datetime, minutes: int
) -> None:
    due = CALENDAR.add_working_time(start, minutes=minutes)
    assert due.tzinfo == JAKARTA
    assert due >= start
    assert is_open_or_closing(due)
    assert CALENDAR.working_minutes_between(CALENDAR.next_opening(start), due) == minutes


@given(start=MOMENTS_2026, days=st.integers(min_value=1, max_value=30))
def test_days_end_in_office_hours_of_a_later_working_day(start: datetime, days: int) -> None:
    due = CALENDAR.add_working_time(start, days=days)
    assert due > start
    assert CALENDAR.is_working_day(due.date())
    assert is_open_or_closing(due)
    assert due.date() > CALENDAR.next_opening(start).date()


@given(start=MOMENTS_2026)
def test_next_opening_is_open_and_skips_no_working_time(start: datetime) -> None:
    opening = CALENDAR.next_opening(start)
    assert CALENDAR.is_open(opening)
    assert opening >= start
    assert CALENDAR.working_minutes_between(start, opening) == 0
    assert (opening == start) == CALENDAR.is_open(start)


@given(
    start=MOMENTS_2026.map(lambda moment: moment.replace(second=0, microsecond=0)),
    span=st.integers(min_value=0, max_value=3 * 24 * 60),
)
def test_working_minutes_match_counting_open_minutes_one_by_one(start: datetime, span: int) -> None:
    counted = sum(CALENDAR.is_open(start + timedelta(minutes=i)) for i in range(span))
    assert CALENDAR.working_minutes_between(start, start + timedelta(minutes=span)) == counted
