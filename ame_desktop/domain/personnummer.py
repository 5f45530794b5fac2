"""Personnummer and samordningsnummer (Skatteverket SKV 704 / SKV 707).

Parsing and check-digit validation come from the `personnummer` package, which accepts
samordningsnummer (python-stdnum's does not). Here we add what the register needs: the
12-digit stored form, Swedish messages that say *what* is wrong, and the birth date and
legal gender the number carries.

Digits: a number is accepted only when its NFKC form is written with 0–9 (fullwidth
`１９８５…` is the same number as `1985…`); digits of other scripts are refused. The stored
form is always 12 ASCII digits (domain/text.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from datetime import date

from ame_desktop.domain.errors import ValidationError
from ame_desktop.domain.text import NON_ASCII_DIGITS, has_non_ascii_digit, nfkc

FIELD = "personnummer"
# re.ASCII: \d is 0–9 only (Python's \d would also take ١٢٣ and １２３).
_SHAPE = re.compile(r"^(\d{6}|\d{8})([-+]?)(\d{4})$", re.ASCII)


@dataclass(frozen=True)
class PersonalNumber:
    digits: str  # 12 digits, YYYYMMDDNNNC
    birth_date: date  # the number's date (samordningsnummer: day − 60); for statistics only
    is_coordination: bool

    @property
    def legal_gender(self) -> str:
        """K or M from the second-to-last digit (odd = man)."""
        return "M" if int(self.digits[10]) % 2 else "K"

    def formatted(self) -> str:
        return format_digits(self.digits)


def format_digits(digits: str) -> str:
    """`YYYYMMDD-NNNC` for display; anything not 12 digits is returned as it is."""
    return f"{digits[:8]}-{digits[8:]}" if len(digits) == 12 and digits.isdigit() else digits


def check_digit(nine: str) -> str:
    """The Luhn check digit for the 9 digits YYMMDDNNN (weights 2, 1, 2, 1 …)."""
    total = 0
    for i, ch in enumerate(nine[:9]):
        v = int(ch) * (2 - i % 2)
        total += v - 9 if v > 9 else v
    return str((10 - total % 10) % 10)


def _luhn_ok(ten: str) -> bool:
    return check_digit(ten[:9]) == ten[9]


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        # A number cell loses leading zeros (born 2000–2009): pad back to 10 digits.
        if 7 <= len(text) < 10:
            text = text.zfill(10)
        return text
    # NFKC: fullwidth digits and hyphens become 0–9 and "-"; other scripts' digits stay (refused).
    text = nfkc(str(value)).strip().replace("\u2013", "-").replace("\u2212", "-")
    return re.sub(r"\s+", "", text)


def parse(value: object, field: str = FIELD) -> PersonalNumber:
    """Parse any accepted format; raise ValidationError with a Swedish message otherwise."""
    result = _parse_cached(_clean(value))
    if isinstance(result, str):
        raise ValidationError.single(field, result)
    return result


@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> PersonalNumber | str:
    """A PersonalNumber, or the Swedish message saying what is wrong. Cached: an import names
    the same person on several sheets."""
    try:
        return _parse(text)
    except ValidationError as exc:
        return exc.errors[0].message


def _parse(text: str, field: str = FIELD) -> PersonalNumber:
    if not text:
        raise ValidationError.single(field, "Personnummer saknas.")
    if has_non_ascii_digit(text):
        raise ValidationError.single(field, f"”{text}” {NON_ASCII_DIGITS}")
    m = _SHAPE.match(text)
    if not m:
        raise ValidationError.single(
            field,
            f"”{text}” är inte ett personnummer. Skriv ÅÅMMDD-NNNN eller ÅÅÅÅMMDDNNNN.",
        )
    datepart, _sep, tail = m.groups()
    ten = datepart[-6:] + tail
    month, day = int(ten[2:4]), int(ten[4:6])
    year = int(datepart[:4]) if len(datepart) == 8 else 2000  # 2000: a leap year, so 29 Feb passes here
    try:
        date(year, month, day - 60 if day > 60 else day)
    except ValueError:
        raise ValidationError.single(field, f"”{text}” innehåller ett omöjligt datum.") from None
    if not _luhn_ok(ten):
        raise ValidationError.single(field, f"”{text}” har fel kontrollsiffra.")
    from personnummer import personnummer as _pnr  # (when a number is parsed, not at every start)

    try:
        parsed = _pnr.parse(text)
    except _pnr.PersonnummerException:
        # Luhn passed, so what the library rejects is the date (e.g. 30 February) or serial 000.
        raise ValidationError.single(field, f"”{text}” innehåller ett omöjligt datum.") from None
    digits = parsed.format(long_format=True)
    if not (len(digits) == 12 and digits.isascii() and digits.isdigit()):  # never store anything else
        raise ValidationError.single(field, f"”{text}” är inte ett personnummer. Skriv ÅÅMMDD-NNNN eller ÅÅÅÅMMDDNNNN.")
    birth = parsed.get_date()
    if birth > date.today():
        raise ValidationError.single(field, f"”{text}” har ett födelsedatum i framtiden.")
    return PersonalNumber(digits=digits, birth_date=birth, is_coordination=parsed.is_coordination_number())


def normalize(value: object, field: str = FIELD) -> str:
    """The stored 12-digit form."""
    return parse(value, field).digits


def birth_date_of(digits: str) -> date:
    """Birth date from a stored 12-digit number, without re-validating it."""
    day = int(digits[6:8])
    return date(int(digits[:4]), int(digits[4:6]), day - 60 if day > 60 else day)


def search_digits(text: str) -> str | None:
    """Digits a user typed in a search box, for prefix/substring matching of stored numbers.

    `640823-32` → `64082332`; `19640823` → `19640823`. Returns None when the text is not
    number-like (then the search is by name).
    """
    t = nfkc(text).strip().replace("\u2013", "-")
    if not t or not re.fullmatch(r"[\d\s+-]+", t, re.ASCII):
        return None
    digits = re.sub(r"\D", "", t)
    return digits or None
