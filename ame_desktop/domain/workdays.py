"""Working days for prorating a weekly requirement: Monday–Friday except Swedish public
holidays (the `holidays` package's calendar for Sweden, computed here, see `_public_holidays`) and
midsommarafton, julafton and nyårsafton (our convention, shared/docs/DOMAIN.md)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


def _easter(year: int) -> date:
    """Easter Sunday (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_saturday_from(d: date) -> date:
    return d + timedelta(days=(5 - d.weekday()) % 7)


def _public_holidays(year: int) -> dict[date, str]:
    """Sweden's public holidays (lag 1989:253) with the `holidays` package's Swedish names,
    for 1990 onwards: the same days and names as `holidays.SE(years=year, language="sv")`
    (tests/test_workdays.py compares them year by year), without importing that package's
    250 countries (~0.1–0.2 s of every start and every report). Earlier years ask the package."""
    if year < 1990:
        import holidays

        return dict(holidays.SE(years=year, language="sv").items())
    easter = _easter(year)
    days = [(date(year, 1, 1), "Nyårsdagen"), (date(year, 1, 6), "Trettondedag jul"),
            (easter - timedelta(days=2), "Långfredagen"), (easter, "Påskdagen"),
            (easter + timedelta(days=1), "Annandag påsk"), (date(year, 5, 1), "Första maj"),
            (easter + timedelta(days=39), "Kristi himmelsfärdsdag")]
    if year >= 2005:
        days.append((date(year, 6, 6), "Nationaldagen"))
    days.append((easter + timedelta(days=49), "Pingstdagen"))
    if year <= 2004:
        days.append((easter + timedelta(days=50), "Annandag pingst"))
    days += [(_first_saturday_from(date(year, 6, 20)), "Midsommardagen"),
             (_first_saturday_from(date(year, 10, 31)), "Alla helgons dag"),
             (date(year, 12, 25), "Juldagen"), (date(year, 12, 26), "Annandag jul")]
    out: dict[date, str] = {}
    for d, name in days:  # two on one day: both names, sorted, as the package joins them
        out[d] = "; ".join(sorted({*out[d].split("; "), name})) if d in out else name
    return out


@lru_cache(maxsize=64)
def days_off(year: int) -> dict[date, str]:
    """Weekday-independent days off in a year, with their Swedish names."""
    off = _public_holidays(year)
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
