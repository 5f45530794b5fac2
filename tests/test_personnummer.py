from datetime import date

import pytest

from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain.errors import ValidationError


@pytest.mark.parametrize("text", ["640823-3234", "6408233234", "196408233234", "19640823-3234", " 640823 - 3234 ",
                                  "640823–3234"])
def test_all_input_formats_give_the_same_12_digits(text):
    assert pnr.normalize(text) == "196408233234"


def test_skatteverkets_samordningsnummer_is_accepted():
    p = pnr.parse("701063-2391")
    assert p.digits == "197010632391"
    assert p.is_coordination
    assert p.birth_date == date(1970, 10, 3)  # day 63 − 60


def test_samordningsnummer_in_long_form():
    assert pnr.normalize("19701063-2391") == "197010632391"


def test_plus_means_100_years_or_older():
    p = pnr.parse("640823+3234")
    assert p.digits == "186408233234"
    assert p.birth_date.year == 1864


def with_check(nine: str) -> str:
    """Complete 9 digits (YYMMDDNNN) with the Luhn check digit."""
    return nine + next(c for c in "0123456789" if pnr._luhn_ok(nine + c))


def test_legal_gender_from_second_to_last_digit():
    assert pnr.parse("640823-3234").legal_gender == "M"  # 3 is odd
    assert pnr.parse("701063-2391").legal_gender == "M"  # 9 is odd
    assert pnr.parse(with_check("121212122")).legal_gender == "K"  # 2 is even


def test_number_cells_from_excel():
    assert pnr.normalize(6408233234) == "196408233234"
    assert pnr.normalize(196408233234.0) == "196408233234"


@pytest.mark.parametrize("text", ["640823-3235", "196408233233", "701063-2392"])
def test_wrong_check_digit(text):
    with pytest.raises(ValidationError) as e:
        pnr.parse(text)
    assert "kontrollsiffra" in e.value.message
    assert e.value.field == "personnummer"


@pytest.mark.parametrize("text", ["641323-3234", "640832-3234", "19640230-1234", "640292-1234", "000000-0000"])
def test_impossible_dates(text):
    with pytest.raises(ValidationError) as e:
        pnr.parse(text)
    assert "omöjligt datum" in e.value.message


def test_impossible_date_with_valid_luhn():
    # 1964-02-30 with a correct check digit: only the calendar says no.
    with pytest.raises(ValidationError) as e:
        pnr.parse(with_check("640230123"))
    assert "omöjligt datum" in e.value.message


def test_leap_day_only_in_leap_years():
    assert pnr.parse("20" + with_check("000229123")).birth_date == date(2000, 2, 29)
    with pytest.raises(ValidationError) as e:
        pnr.parse("19" + with_check("010229123"))
    assert "omöjligt datum" in e.value.message


@pytest.mark.parametrize("text", ["", "abc", "6408233", "64-08-23-3234", "1964082332341"])
def test_bad_shapes(text):
    with pytest.raises(ValidationError) as e:
        pnr.parse(text)
    assert e.value.message


def test_birth_date_in_the_future_is_refused():
    with pytest.raises(ValidationError) as e:
        pnr.parse("20" + with_check("990101123"))
    assert "framtiden" in e.value.message


def test_birth_date_of_stored_number():
    assert pnr.birth_date_of("197010632391") == date(1970, 10, 3)
    assert pnr.format_digits("196408233234") == "19640823-3234"


@pytest.mark.parametrize("typed,expected", [("640823-32", "64082332"), ("19640823", "19640823"), ("Anna", None),
                                            ("  ", None)])
def test_search_digits(typed, expected):
    assert pnr.search_digits(typed) == expected


# Fixed numbers, valid by Skatteverket's rules (checked with the independent `personnummer`
# package when they were written, never made by the code under test): a doubled 5, a
# samordningsnummer on day 61 (the 1st), both at once, and an ordinary day of 10 or more.
@pytest.mark.parametrize("text,digits,born,coordination,gender", [
    ("551212-4560", "195512124560", date(1955, 12, 12), False, "K"),
    ("800161-2384", "198001612384", date(1980, 1, 1), True, "K"),
    ("19550561-4569", "195505614569", date(1955, 5, 1), True, "K"),
    ("850314-1239", "198503141239", date(1985, 3, 14), False, "M"),
    ("19920415-3341", "199204153341", date(1992, 4, 15), False, "K"),
])
def test_fixed_valid_numbers(text, digits, born, coordination, gender):
    p = pnr.parse(text)
    assert (p.digits, p.birth_date, p.is_coordination, p.legal_gender) == (digits, born, coordination, gender)


@pytest.mark.parametrize("text", ["551212-4561", "800161-2385", "19550561-4568", "850314-1230"])
def test_fixed_numbers_with_one_digit_wrong(text):
    with pytest.raises(ValidationError) as e:
        pnr.parse(text)
    assert "kontrollsiffra" in e.value.message
