"""Date rules shared by services, import and reports."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from ame_desktop.domain.text import number_text

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)


def parse_date(value: object) -> date:
    """A real date (cell or object) or text `YYYY-MM-DD`. Raises ValueError with a Swedish message."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            # Excel dates with a time part are still the day the user meant.
            return value.date()
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = number_text(value).strip()  # fullwidth digits become 0–9; other scripts' digits are refused
        m = _ISO.match(text)
        if not m:
            raise ValueError(f"”{text}” är inget datum. Skriv ÅÅÅÅ-MM-DD.")
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValueError(f"”{text}” är ett omöjligt datum.") from None
    raise ValueError(f"”{value}” är inget datum. Skriv ÅÅÅÅ-MM-DD eller använd en datumcell.")


def add_months(d: date, n: int) -> date:
    """The same day n months later, or the last day of that month if it has no such day."""
    total = d.year * 12 + (d.month - 1) + n
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def age_on(birth: date, on: date) -> int:
    """Completed years on a day."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """Closed intervals; None = open-ended."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)
