"""Value rules shared by the services and the workbook import.

Each function takes what a user typed (or an Excel cell held) and returns the clean stored
value, or raises ValueError with a Swedish message. The caller attaches the field name.
"""

from __future__ import annotations

from datetime import date

from ame_desktop.domain import codes
from ame_desktop.domain.dates import parse_date
from ame_desktop.domain.text import nfc, number_text


def text(value: object, *, required: bool = False, max_len: int = 200) -> str | None:
    if value is None:
        s = ""
    elif isinstance(value, float) and value.is_integer():
        s = str(int(value))
    else:
        s = nfc(str(value)).strip()  # one form of "Åke", whichever keyboard typed it
    if not s:
        if required:
            raise ValueError("Måste fyllas i.")
        return None
    if len(s) > max_len:
        raise ValueError(f"Får vara högst {max_len} tecken (är {len(s)}).")
    return s


def required_text(value: object, max_len: int = 100) -> str:
    s = text(value, required=True, max_len=max_len)
    assert s is not None
    return s


def _code(values, labels: dict[str, str] | None, value: object, what: str, aliases=None) -> str:
    code = codes.match_code(values, value, aliases)
    if code is None:
        allowed = ", ".join(str(v) for v in values)
        raise ValueError(f"Okänd {what} ”{value}”. Tillåtna värden: {allowed}.")
    return code


def optional_code(values, value: object, unknown: str) -> str | None:
    """A code from a list, matched like the import matches codes; blank = None.
    `unknown` starts the message, with the right gender: "Okänt undantag", "Okänd frånvaroorsak"."""
    if value is None or str(value).strip() == "":
        return None
    code = codes.match_code(list(values), value)
    if code is None:
        raise ValueError(f"{unknown} ”{value}”. Tillåtna värden: {', '.join(str(v) for v in values)}.")
    return code


def gender(value: object, from_personnummer: str) -> str:
    if value is None or str(value).strip() == "":
        return from_personnummer
    return _code(list(codes.Gender), None, value, "könskod")


def education_level(value: object) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    return _code(list(codes.EducationLevel), codes.EDUCATION_LABELS, value, "utbildningsnivå")


def referral_source(value: object) -> str:
    if value is None or str(value).strip() == "":
        raise ValueError("Måste fyllas i (AF, FK, EGEN, SOC eller ANNAN).")
    return _code(list(codes.ReferralSource), codes.REFERRAL_SOURCE_LABELS, value, "anvisare")


def time_without_work(value: object) -> str:
    if value is None or str(value).strip() == "":
        return codes.TimeWithoutWork.SAKNAS.value
    return _code(
        [v.value for v in codes.TimeWithoutWork], None, value, "tid utan arbete",
        aliases=codes.TIME_WITHOUT_WORK_ALIASES,
    )


def exit_reason(value: object) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    return _code(list(codes.ExitReason), codes.EXIT_REASON_LABELS, value, "avslutsorsak")


def a_date(value: object, *, required: bool = True) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError("Datum måste fyllas i.")
        return None
    return parse_date(value)


def not_in_future(d: date, today: date | None = None) -> date:
    if d > (today or date.today()):
        raise ValueError(f"{d.isoformat()} ligger i framtiden.")
    return d


def enrollment_end(start: date, end: date | None, reason: str | None) -> list[tuple[str, str]]:
    """(field, message) problems with an enrollment's end: end ≥ start, reason iff end."""
    problems: list[tuple[str, str]] = []
    if end is not None and end < start:
        problems.append(("end_date", f"Slutdatum {end.isoformat()} ligger före startdatum {start.isoformat()}."))
    if end is not None and reason is None:
        problems.append(("exit_reason", "Avslutsorsak måste anges när slutdatum är satt."))
    if end is None and reason is not None:
        problems.append(("exit_reason", "Avslutsorsak får bara anges tillsammans med ett slutdatum."))
    return problems


def work_confirmation(end: date | None, reason: str | None, job_start: date | None,
                      confirmed: date | None) -> list[tuple[str, str]]:
    """(field, message) problems with `Anställning från` / `Bekräftad` (issue 19): only with an
    exit A1/A2, and confirmed no earlier than add_months(job start, 1); the job start defaults to
    the day after the end date."""
    from datetime import timedelta

    from ame_desktop.domain.dates import add_months

    problems: list[tuple[str, str]] = []
    work = reason in ("A1", "A2")
    if job_start is not None and not work:
        problems.append(("job_start_date", "Anställning från får bara anges med avslutsorsak A1 eller A2 (arbete)."))
    if confirmed is not None and not work:
        problems.append(("work_confirmed_on", "Bekräftad får bara anges med avslutsorsak A1 eller A2 (arbete)."))
    if work and confirmed is not None and end is not None:
        first = job_start or end + timedelta(days=1)
        earliest = add_months(first, 1)
        if confirmed < earliest:
            problems.append(("work_confirmed_on",
                             f"Bekräftad {confirmed.isoformat()} ligger mindre än en månad efter anställningens första "
                             f"dag ({first.isoformat()}); arbetet kan bekräftas tidigast {earliest.isoformat()}."))
    return problems


def quarter_hours(value: object, *, low: float, high: float) -> float:
    """Hours in steps of 0.25 within [low, high]."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("Timmar måste fyllas i.")
    if isinstance(value, bool):
        raise ValueError(f"”{value}” är inget antal timmar.")
    if isinstance(value, str):
        text = number_text(value)  # 0–9 only: float() would also take ١٢ and １２
        try:
            value = float(text.strip().replace(",", "."))
        except ValueError:
            raise ValueError(f"”{value}” är inget antal timmar.") from None
    try:
        h = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"”{value}” är inget antal timmar.") from None
    if not (low <= h <= high):
        raise ValueError(f"{h:g} timmar ligger utanför {low:g}–{high:g}.")
    if abs(h * 4 - round(h * 4)) > 1e-9:
        raise ValueError(f"{h:g} timmar: ange timmar i kvartar (steg om 0,25).")
    return round(h * 4) / 4
