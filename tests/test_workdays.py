"""Sweden's public holidays are computed in domain/workdays.py (importing the `holidays` package
loads its 250 countries: a tenth of a second or more of every start and report). They must be
the package's very days and names."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import holidays
import pytest

from ame_desktop.domain import workdays


@pytest.mark.parametrize("year", range(1985, 2101))
def test_public_holidays_are_the_packages(year):
    expected = dict(holidays.SE(years=year, language="sv").items())
    assert workdays._public_holidays(year) == expected


def test_days_off_adds_the_three_eves():
    off = workdays.days_off(2026)
    assert off[date(2026, 6, 19)] == "Midsommarafton"
    assert off[date(2026, 6, 20)] == "Midsommardagen"
    assert off[date(2026, 12, 24)] == "Julafton" and off[date(2026, 12, 31)] == "Nyårsafton"
    assert off[date(2026, 4, 3)] == "Långfredagen" and off[date(2026, 6, 6)] == "Nationaldagen"
    assert not workdays.is_working_day(date(2026, 5, 14))  # Kristi himmelsfärdsdag
    assert workdays.is_working_day(date(2026, 5, 15))


def test_two_holidays_on_one_day_keep_both_names():
    # 2008: Easter on 23 March, so Kristi himmelsfärdsdag fell on Första maj.
    assert workdays.days_off(2008)[date(2008, 5, 1)] == "Första maj; Kristi himmelsfärdsdag"


def test_working_days_do_not_import_the_holidays_package():
    code = ("import sys; from datetime import date; from ame_desktop.domain import workdays;"
            "workdays.working_days(date(2016, 1, 1), date(2027, 12, 31));"
            "print(sorted(m for m in sys.modules if m == 'holidays' or m.startswith('holidays.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
