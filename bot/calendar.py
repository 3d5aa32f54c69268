"""The office's working-time calendar: when the office is open and how SOP time is counted.

Every SOP step has an allotted time counted in working time (DESIGN §5 "Deadlines"), and
reminders go out only in office hours (§5 "Reminders"). Both questions are answered here, from
configuration and the `holidays` package, with `now` always passed in by the caller.

The office day is the whole span from opening to closing, breaks included (the clock counts it
that way in the SOP), as the half-open interval [opening, closing). Office time zones are
assumed not to change their UTC offset during office hours, which holds for WIB, WITA and WIT.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from bot import texts

DEFAULT_OFFICE_HOURS: Mapping[int, tuple[time, time]] = MappingProxyType(
    {
        0: (time(7, 30), time(16, 0)),
        1: (time(7, 30), time(16, 0)),
        2: (time(7, 30), time(16, 0)),
        3: (time(7, 30), time(16, 0)),
        4: (time(7, 30), time(16, 30)),
    }
)
"""The 2023 civil-servant rule: Monday–Thursday 07.30–16.00, Friday 07.30–16.30 (weekday 0 =
Monday); weekends closed."""

DEFAULT_HOLIDAY_CATEGORIES: tuple[str, ...] = ("public", "government")
"""Public holidays plus cuti bersama, which `holidays` files under "government" for Indonesia."""

SEARCH_LIMIT_DAYS = 366
"""How far ahead or back to look for a working day before calling the configuration broken;
a year always holds one unless no weekday has office hours, and then looping would hang."""


class WorkCalendar:
    """Answers "is the office open?" and "when does N working days/minutes from now end?".

    Instances are cheap and never change after construction, apart from a per-year cache of
    holiday dates filled on first use, so one calendar can be shared by the whole process.
    """

    __slots__ = (
        "_extra_closed",
        "_extra_open",
        "_holiday_categories",
        "_holidays_by_year",
        "_office_hours",
        "_tz",
    )

    def __init__(
        self,
        *,
        tz: str = "Asia/Jakarta",
        office_hours: Mapping[int, tuple[time, time]] | None = None,
        extra_closed: Iterable[date] = (),
        extra_open: Iterable[date] = (),
        holiday_categories: Iterable[str] = DEFAULT_HOLIDAY_CATEGORIES,
    ) -> None:
        """Build a calendar; by default DESIGN §5's office in Asia/Jakarta.

        `office_hours` maps weekday (0 = Monday) to (opening, closing) as naive local times; a
        weekday left out is closed. `extra_closed` adds local holidays; `extra_open` opens days
        that would otherwise be closed (a holiday, or a weekend for a catch-up day). An open day
        whose weekday has no hours of its own uses the hours of the earliest configured weekday
        (by default Monday's 07.30–16.00), since a make-up day follows an ordinary working day.

        Raises ValueError for an impossible configuration, so it fails at start-up rather than
        when the first deadline is computed.
        """
        try:
            self._tz = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as unknown:
            raise ValueError(texts.zona_tidak_dikenal(tz)) from unknown
        hours = DEFAULT_OFFICE_HOURS if office_hours is None else office_hours
        for weekday, (opening, closing) in hours.items():
            if weekday not in range(7):
                raise ValueError(texts.hari_kerja_salah(weekday))
            if opening.tzinfo is not None or closing.tzinfo is not None:
                raise ValueError(texts.JAM_KANTOR_BERZONA)
            if not opening < closing:
                raise ValueError(texts.jam_buka_setelah_tutup(opening, closing))
        self._office_hours: Mapping[int, tuple[time, time]] = MappingProxyType(dict(hours))
        self._extra_closed = frozenset(extra_closed)
        self._extra_open = frozenset(extra_open)
        both = self._extra_closed & self._extra_open
        if both:
            listed = ", ".join(sorted(d.isoformat() for d in both))
            raise ValueError(texts.libur_dan_masuk(listed))
        self._holiday_categories = tuple(holiday_categories)
        # Constructing without years loads nothing but rejects an unknown category now.
        holidays.country_holidays("ID", categories=self._holiday_categories)
        self._holidays_by_year: dict[int, frozenset[date]] = {}

    @property
    def tz(self) -> ZoneInfo:
        """The office's time zone; every datetime this calendar returns is in it."""
        return self._tz

    def is_working_day(self, d: date) -> bool:
        """Whether the office opens at all on `d`."""
        return self._day_hours(d) is not None

    def hours(self, d: date) -> tuple[datetime, datetime] | None:
        """The aware opening and closing moments of `d`, or None when the office is closed."""
        day_hours = self._day_hours(d)
        if day_hours is None:
            return None
        opening, closing = day_hours
        return (
            datetime.combine(d, opening, tzinfo=self._tz),
            datetime.combine(d, closing, tzinfo=self._tz),
        )

    def is_open(self, dt: datetime) -> bool:
        """Whether `dt` falls in office hours; closing time itself is already closed."""
        local = self._local(dt)
        day = self.hours(local.date())
        return day is not None and day[0] <= local < day[1]

    def next_opening(self, dt: datetime) -> datetime:
        """`dt` itself (in the office zone) when the office is open then, else the next opening.

        This is when a reminder that fell due out of hours goes out.
        """
        local = self._local(dt)
        day = self.hours(local.date())
        if day is not None:
            opening, closing = day
            if local < opening:
                return opening
            if local < closing:
                return local
        return self.opening_on_or_after(local.date() + timedelta(days=1))

    def opening_on_or_after(self, d: date) -> datetime:
        """The opening moment of the first working day on or after `d`."""
        day = d if self.is_working_day(d) else self.next_working_day(d)
        return self._hours_of_working_day(day)[0]

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        return self._step_to_working_day(d, timedelta(days=1))

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before `d`."""
        return self._step_to_working_day(d, timedelta(days=-1))

    def add_working_time(self, start: datetime, *, days: int = 0, minutes: int = 0) -> datetime:
        """When a step allotted `days` working days plus `minutes` working minutes ends.

        A start out of hours (closing time included) counts from the next opening. N days end on
        the Nth working day after that, at the start's clock time, pulled in to the day's
        opening or closing when that clock time falls outside its hours. The pull does not
        accumulate: Friday 16.15 + 1 day is Monday 16.00, but + 5 days is the next Friday 16.15.
        Minutes then run through office hours only, carrying over closings; an end exactly at
        closing time stays there rather than moving to the next opening.

        Raises ValueError for a naive `start` or a negative amount.
        """
        if days < 0 or minutes < 0:
            raise ValueError(texts.WAKTU_KERJA_NEGATIF)
        moment = self.next_opening(start)
        if days:
            day = moment.date()
            for _ in range(days):
                day = self.next_working_day(day)
            opening, closing = self._hours_of_working_day(day)
            moment = min(max(datetime.combine(day, moment.timetz()), opening), closing)
        remaining = timedelta(minutes=minutes)
        while remaining:
            moment = self.next_opening(moment)
            _, closing = self._hours_of_working_day(moment.date())
            available = closing - moment
            if remaining <= available:
                return moment + remaining
            remaining -= available
            moment = closing
        return moment

    def working_minutes_between(self, a: datetime, b: datetime) -> int:
        """Whole working minutes in [a, b), 0 when b is not after a.

        Used for lateness ("terlambat 2 jam kerja") and the time a step actually took; it walks
        days, not minutes, so a span of months costs a few hundred steps.
        """
        start, end = self._local(a), self._local(b)
        total = timedelta()
        day = start.date()
        while day <= end.date():
            hours = self.hours(day)
            if hours is not None:
                overlap = min(end, hours[1]) - max(start, hours[0])
                if overlap > timedelta():
                    total += overlap
            day += timedelta(days=1)
        return total // timedelta(minutes=1)

    def _local(self, dt: datetime) -> datetime:
        """`dt` in the office's zone; naive input is refused because its zone is a guess."""
        if dt.tzinfo is None or dt.utcoffset() is None:
            raise ValueError(texts.waktu_tanpa_zona(dt.isoformat()))
        return dt.astimezone(self._tz)

    def _day_hours(self, d: date) -> tuple[time, time] | None:
        """Naive opening and closing on `d` after holidays and the extra lists are applied."""
        own = self._office_hours.get(d.weekday())
        if d in self._extra_open:
            return own or self._make_up_day_hours()
        if own is None or d in self._extra_closed or d in self._holidays(d.year):
            return None
        return own

    def _make_up_day_hours(self) -> tuple[time, time] | None:
        """Hours for an extra-open day whose weekday has none (see __init__)."""
        if not self._office_hours:
            return None
        return self._office_hours[min(self._office_hours)]

    def _holidays(self, year: int) -> frozenset[date]:
        """The year's closed holidays, built on first use; a race only builds one twice."""
        cached = self._holidays_by_year.get(year)
        if cached is None:
            found = holidays.country_holidays("ID", years=year, categories=self._holiday_categories)
            cached = frozenset(found)
            self._holidays_by_year[year] = cached
        return cached

    def _hours_of_working_day(self, d: date) -> tuple[datetime, datetime]:
        """`hours(d)` for a day already known to be a working day."""
        day = self.hours(d)
        if day is None:
            raise AssertionError(f"{d} was expected to be a working day")
        return day

    def _step_to_working_day(self, d: date, step: timedelta) -> date:
        """Walk from `d` by `step` to the nearest working day, refusing to loop forever."""
        candidate = d
        for _ in range(SEARCH_LIMIT_DAYS):
            candidate += step
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(texts.tidak_ada_hari_kerja(SEARCH_LIMIT_DAYS, d.isoformat()))
