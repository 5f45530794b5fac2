"""Working days for prorating a weekly requirement: Monday–Friday except Swedish public
holidays (the `holidays` package) and midsommarafton, julafton and nyårsafton (our convention,
shared/docs/DOMAIN.md)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def days_off(year: int) -> dict[date, str]:
    """Weekday-independent days off in a year, with their Swedish names."""
    off = {d: name for d, name in holidays.SE(years=year, language="sv").items()}
    midsummer_day = date(year, 6, 20) + timedelta(days=(5 - date(year, 6, 20).weekday()) % 7)  # Sat 20–26 June
    off[midsummer_day - timedelta(days=1)] = "Midsommarafton"
    off[date(year, 12, 24)] = "Julafton"
    off[date(year, 12, 31)] = "Nyårsafton"
    return off


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in days_off(d.year)


def day_off_name(d: date) -> str | None:
    if d.weekday() >= 5:
        return "Lördag" if d.weekday() == 5 else "Söndag"
    return days_off(d.year).get(d)


def working_days(start: date, end: date) -> list[date]:
    out = []
    d = start
    while d <= end:
        if is_working_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out
