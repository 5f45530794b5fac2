"""Kolada (KAS) figures, worked out by hand on small registers built through the services.

The main register (`build_register`) is a fictitious unit in Hultsfred (0860) plus one person in
Ånge (2260). Every expected number below is derived in the comments from the table of people.
"""

from __future__ import annotations

from datetime import date

import pytest

from ame_desktop.domain.personnummer import check_digit

from ame_desktop.domain.errors import UserError, ValidationError
from ame_desktop.domain.models import Enrollment
from ame_desktop.services import enrollments as es
from ame_desktop.services import kolada as kol
from ame_desktop.services import participants as ps
from ame_desktop.services import referrals as rs

TODAY = date(2026, 11, 22)


def pnr(birth: date, gender: str, serial: int = 38, coordination: bool = False) -> str:
    """A fictitious 12-digit number with a valid check digit (samordningsnummer: day + 60)."""
    day = birth.day + (60 if coordination else 0)
    g = 1 if gender == "M" else 2  # second-to-last digit: odd = man
    nine = f"{birth:%y%m}{day:02d}{serial:02d}{g}"
    return f"{birth:%Y%m}{day:02d}{serial:02d}{g}{check_digit(nine)}"


def person(s, first, last, birth, gender, education=None, municipality=None, coordination=False, serial=38):
    return ps.create_participant(s, ps.ParticipantInput(
        pnr(birth, "M" if gender == "X" else gender, serial, coordination), first, last,
        gender="X" if gender == "X" else None, municipality_code=municipality, education_level=education))


def build_register(db) -> dict[str, int]:
    """The people (0860 unless said; age on 2025-12-31):

    | who      | kön | född                  | utbildning     | inskrivningar (tid utan arbete, avslut)                        | anvisningar          |
    |----------|-----|-----------------------|----------------|-----------------------------------------------------------------|----------------------|
    | Anna     | K   | 1990-05-10 (35)       | GYMNASIUM      | 2024-09-01–2025-02-28 (6-12, A1); 2025-04-01–2025-11-30 (12-24, B) | 2024-08-15 SOC, 2025-03-20 AF |
    | Bertil   | M   | 2000-12-31 (25 on P_end) | –           | 2025-01-15– (saknas)                                            | –                    |
    | Cecilia  | K   | 2001-01-01 (24)       | EJ_GRUNDSKOLA  | 2023-06-01–2025-01-01 (över 24, KA)                              | 2023-05-20 FK        |
    | David    | M   | 2000-12-31 samordningsnr (25) | EFTERGYMNASIAL | 2024-11-01– (under 6)                                   | 2024-10-20 SOC, 2025-06-01 SOC |
    | Eva      | X   | 1980-02-02 (45)       | GRUNDSKOLA     | 2025-03-01–2025-08-31 (över 24, C)                               | 2025-02-20 ANNAN     |
    | Filip    | M   | 1985-07-07            | EJ_VALIDERAD   | –  (referred, never enrolled)                                    | 2025-10-01 EGEN      |
    | Gustav   | M   | 1970-01-20            | GYMNASIUM      | 2022-01-10–2024-12-31 (över 24, D)                               | 2022-01-01 AF        |
    | Helena   | K   | 1995-08-08 (30)       | GYMNASIUM      | 2024-08-31–2025-02-28 (under 6, S0)                              | 2024-08-01 SOC       |
    | Ivar     | M   | 1992-04-04 (33)       | GRUNDSKOLA     | 2024-08-31–2025-03-01 (6-12, D)                                  | 2024-08-20 AF        |
    | Jonna    | K   | 1988-09-09 (37)       | GYMNASIUM      | 2025-05-01–2025-10-31 (6-12, NO exit reason: older data)         | 2025-04-15 SOC       |
    | Karl     | M   | 1975-05-05 (50)       | EFTERGYMNASIAL | 2022-11-15–2025-06-30 (över 24, A2, work confirmed 2025-08-01)   | 2022-11-01 FK        |
    | Lisa 2260| K   | 1990-01-01 (35)       | GYMNASIUM      | 2025-02-01– (under 6)                                            | 2025-01-20 AF        |

    Anna's A1 exit (2025-02-28) is not confirmed: she re-enrolled on 2025-04-01, a month and a day
    after the job's first day (2025-03-01). Karl's A2 job (from 2025-07-01) was confirmed on the
    first possible day, add_months(2025-07-01, 1) = 2025-08-01.
    """
    ids: dict[str, int] = {}
    with db.transaction() as s:
        p = person(s, "Anna", "Andersson", date(1990, 5, 10), "K", "GYMNASIUM")
        es.add_enrollment(s, p.id, "2024-09-01", "2025-02-28", "6-12", "A1")
        es.add_enrollment(s, p.id, "2025-04-01", "2025-11-30", "12-24", "B")
        rs.add_referral(s, p.id, "2024-08-15", "SOC")
        rs.add_referral(s, p.id, "2025-03-20", "AF")
        ids["anna"] = p.id
        p = person(s, "Bertil", "Berg", date(2000, 12, 31), "M")
        es.add_enrollment(s, p.id, "2025-01-15", None, "saknas")
        ids["bertil"] = p.id
        p = person(s, "Cecilia", "Carlsson", date(2001, 1, 1), "K", "EJ_GRUNDSKOLA")
        es.add_enrollment(s, p.id, "2023-06-01", "2025-01-01", "över 24", "KA")
        rs.add_referral(s, p.id, "2023-05-20", "FK")
        ids["cecilia"] = p.id
        p = person(s, "David", "Dahl", date(2000, 12, 31), "M", "EFTERGYMNASIAL", coordination=True)
        es.add_enrollment(s, p.id, "2024-11-01", None, "under 6")
        rs.add_referral(s, p.id, "2024-10-20", "SOC")
        rs.add_referral(s, p.id, "2025-06-01", "SOC")
        ids["david"] = p.id
        p = person(s, "Eva", "Ek", date(1980, 2, 2), "X", "GRUNDSKOLA")
        es.add_enrollment(s, p.id, "2025-03-01", "2025-08-31", "över 24", "C")
        rs.add_referral(s, p.id, "2025-02-20", "ANNAN", "Samordningsförbundet")
        ids["eva"] = p.id
        p = person(s, "Filip", "Fors", date(1985, 7, 7), "M", "EJ_VALIDERAD")
        rs.add_referral(s, p.id, "2025-10-01", "EGEN")
        ids["filip"] = p.id
        p = person(s, "Gustav", "Grön", date(1970, 1, 20), "M", "GYMNASIUM")
        es.add_enrollment(s, p.id, "2022-01-10", "2024-12-31", "över 24", "D")
        rs.add_referral(s, p.id, "2022-01-01", "AF")
        ids["gustav"] = p.id
        p = person(s, "Helena", "Holm", date(1995, 8, 8), "K", "GYMNASIUM")
        es.add_enrollment(s, p.id, "2024-08-31", "2025-02-28", "under 6", "S0")
        rs.add_referral(s, p.id, "2024-08-01", "SOC")
        ids["helena"] = p.id
        p = person(s, "Ivar", "Isaksson", date(1992, 4, 4), "M", "GRUNDSKOLA")
        es.add_enrollment(s, p.id, "2024-08-31", "2025-03-01", "6-12", "D")
        rs.add_referral(s, p.id, "2024-08-20", "AF")
        ids["ivar"] = p.id
        p = person(s, "Jonna", "Johansson", date(1988, 9, 9), "K", "GYMNASIUM")
        # Older systems' data: ended without an exit reason (the services would refuse it).
        s.add(Enrollment(participant_id=p.id, start_date=date(2025, 5, 1), end_date=date(2025, 10, 31),
                         time_without_work="6-12"))
        rs.add_referral(s, p.id, "2025-04-15", "SOC")
        ids["jonna"] = p.id
        p = person(s, "Karl", "Karlsson", date(1975, 5, 5), "M", "EFTERGYMNASIAL")
        es.add_enrollment(s, p.id, "2022-11-15", "2025-06-30", "över 24", "A2", work_confirmed_on="2025-08-01")
        rs.add_referral(s, p.id, "2022-11-01", "FK")
        ids["karl"] = p.id
        p = person(s, "Lisa", "Lund", date(1990, 1, 1), "K", "GYMNASIUM", municipality="2260")
        es.add_enrollment(s, p.id, "2025-02-01", None, "under 6")
        rs.add_referral(s, p.id, "2025-01-20", "AF")
        ids["lisa"] = p.id
    return ids


@pytest.fixture
def register(db):
    return build_register(db)


def compute(db, year=2025, through_month=None, municipality=None):
    with db.reading() as s:
        return kol.compute_kolada(s, year, through_month, municipality, today=TODAY)


def check(result, expected: dict, municipality="0860") -> None:
    """expected: {(kpi, gender): value} or {(kpi, gender): (value, numerator, denominator)}."""
    for (kpi, gender), want in expected.items():
        row = result.row(kpi, municipality, gender)
        if isinstance(want, tuple):
            got = (row.value, row.numerator, row.denominator)
        else:
            got = row.value
        assert got == want, f"{kpi} {gender} in {municipality}: {got} != {want}"
        if not isinstance(want, tuple) or want[0] is not None:
            assert row.status == "", f"{kpi} {gender}: status {row.status!r}"


# --- the year 2025 in 0860 ----------------------------------------------------------------------
# Participants (an enrollment overlapping 2025): Anna, Bertil, Cecilia (ends 2025-01-01, the first
# day of P), David, Eva, Helena, Ivar, Jonna, Karl = 9. Not Filip (never enrolled), not Gustav
# (ended 2024-12-31). K: Anna, Cecilia, Helena, Jonna = 4; M: Bertil, David, Ivar, Karl = 4;
# Eva (X) counts in T only: 4 + 4 + 1 = 9.

def test_participants_and_referred(register, db):
    r = compute(db)
    check(r, {
        ("U40800", "T"): (9, 9, None), ("U40800", "K"): (4, 4, None), ("U40800", "M"): (4, 4, None),
        # Referred in 2025: Anna 03-20, Eva 02-20, David 06-01, Filip 10-01 (no enrollment), Jonna 04-15.
        # K: Anna, Jonna; M: David, Filip; Eva (X) in T only.
        ("U40803", "T"): (5, 5, None), ("U40803", "K"): (2, 2, None), ("U40803", "M"): (2, 2, None),
    })


def test_referral_sources(register, db):
    r = compute(db)
    # Referrals dated in 2025 (each counts, also David's re-referral without a new enrollment):
    # AF Anna; ANNAN Eva; SOC David, Jonna; EGEN Filip = 5.
    check(r, {
        ("U40806", "T"): (20.0, 1, 5),  # AF
        ("U40807", "T"): (0.0, 0, 5),  # FK
        ("U40808", "T"): (20.0, 1, 5),  # EGEN
        ("U40809", "T"): (40.0, 2, 5),  # SOC
        ("U40810", "T"): (20.0, 1, 5),  # ANNAN
    })


def test_age_groups_on_the_last_day_of_the_period(register, db):
    r = compute(db)
    # On 2025-12-31: Cecilia (born 2001-01-01) is 24; Bertil (born 2000-12-31) turns 25 that very
    # day, and so does David, whose samordningsnummer says day 91 = 31 + 60. 1 of 9 is ≤ 24.
    check(r, {("U40811", "T"): (11.1, 1, 9), ("U40812", "T"): (88.9, 8, 9)})


def test_education_unknown_counts_in_denominator_only(register, db):
    r = compute(db)
    # Of 9: EJ_GRUNDSKOLA Cecilia; GRUNDSKOLA Eva, Ivar; GYMNASIUM Anna, Helena, Jonna;
    # EFTERGYMNASIAL David, Karl; EJ_VALIDERAD none (Filip is no participant); Bertil unknown.
    check(r, {
        ("U40816", "T"): (11.1, 1, 9), ("U40815", "T"): (22.2, 2, 9), ("U40814", "T"): (33.3, 3, 9),
        ("U40813", "T"): (22.2, 2, 9), ("U40827", "T"): (0.0, 0, 9),
    })


def test_time_without_work_from_latest_starting_enrollment(register, db):
    r = compute(db)
    # Anna's latest-starting overlapping enrollment (2025-04-01) says 12-24 (her earlier one 6-12).
    # under 6: David, Helena; 6-12: Ivar, Jonna; 12-24: Anna; över 24: Cecilia, Eva, Karl; saknas: Bertil.
    check(r, {
        ("U40817", "T"): (22.2, 2, 9), ("N40826", "T"): (22.2, 2, 9), ("N40827", "T"): (11.1, 1, 9),
        ("U40818", "T"): (33.3, 3, 9),  # N40826 + N40827 numerators: 2 + 1
        ("U40819", "T"): (33.3, 3, 9), ("U40835", "T"): (11.1, 1, 9),
    })


def test_exit_results(register, db):
    r = compute(db)
    # Exits in 2025 and the counted (latest) one per person:
    #   Anna: 2025-02-28 A1 and 2025-11-30 B → once, with B (K)
    #   Cecilia 2025-01-01 KA → E (K); Helena 2025-02-28 S0 → E (K); Jonna 2025-10-31 no reason (K)
    #   Eva 2025-08-31 C (X); Ivar 2025-03-01 D (M); Karl 2025-06-30 A2 → A (M)
    # N40450: T 7, K 4 (Anna, Cecilia, Helena, Jonna), M 2 (Ivar, Karl); Eva in T only.
    # Jonna counts in N40450 but in none of A–E.
    check(r, {
        ("N40450", "T"): (7, 7, None), ("N40450", "K"): (4, 4, None), ("N40450", "M"): (2, 2, None),
        ("U40450", "T"): 1, ("U40450", "K"): 0, ("U40450", "M"): 1,  # A: Karl
        ("U40451", "T"): 1, ("U40451", "K"): 1, ("U40451", "M"): 0,  # B: Anna (her latest exit)
        ("U40452", "T"): 1, ("U40452", "K"): 0, ("U40452", "M"): 0,  # C: Eva (X): T only
        ("U40453", "T"): 1, ("U40453", "K"): 0, ("U40453", "M"): 1,  # D: Ivar
        ("U40454", "T"): 2, ("U40454", "K"): 2, ("U40454", "M"): 0,  # E: Cecilia (KA), Helena (S0)
        # Shares of exited persons of the same gender (T 7, K 4, M 2):
        ("U40406", "T"): (14.3, 1, 7), ("U40406", "K"): (0.0, 0, 4), ("U40406", "M"): (50.0, 1, 2),
        ("U40409", "T"): (14.3, 1, 7), ("U40409", "K"): (25.0, 1, 4), ("U40409", "M"): (0.0, 0, 2),
        ("U40412", "T"): (14.3, 1, 7), ("U40412", "K"): (0.0, 0, 4), ("U40412", "M"): (0.0, 0, 2),
        ("U40415", "T"): (14.3, 1, 7), ("U40415", "K"): (0.0, 0, 4), ("U40415", "M"): (50.0, 1, 2),
        ("U40418", "T"): (28.6, 2, 7), ("U40418", "K"): (50.0, 2, 4), ("U40418", "M"): (0.0, 0, 2),
        ("U40455", "T"): (28.6, 2, 7), ("U40455", "K"): (25.0, 1, 4), ("U40455", "M"): (50.0, 1, 2),
    })
    for k in ("U40450", "U40451", "U40452", "U40453", "U40454"):
        assert r.row(k, "0860", "T").numerator == r.row(k, "0860", "T").value
        assert r.row(k, "0860", "T").denominator is None


def test_exit_durations_with_month_ends(register, db):
    r = compute(db)
    # Duration of the counted exit, e ≤ add_months(s, n):
    #   Helena 2024-08-31 → 2025-02-28: add_months(31 Aug, 6) = 28 Feb → ≤ 6
    #   Ivar   2024-08-31 → 2025-03-01: after 28 Feb, ≤ 31 Aug 2025 → 6–12
    #   Eva 03-01 → 08-31 ≤ 6; Jonna 05-01 → 10-31 ≤ 6; Anna 2025-04-01 → 11-30 6–12
    #   Cecilia 2023-06-01 → 2025-01-01 12–24; Karl 2022-11-15 → 2025-06-30 > 24
    check(r, {
        ("N40828", "T"): (42.9, 3, 7), ("N40829", "T"): (28.6, 2, 7), ("N40830", "T"): (14.3, 1, 7),
        ("U40822", "T"): (42.9, 3, 7),  # N40829 + N40830 numerators: 2 + 1
        ("U40823", "T"): (14.3, 1, 7),
    })


def test_staff_fte_present_and_missing(register, db):
    with db.transaction() as s:
        kol.set_kas_input(s, "0860", 2025, "U40000", "T", 4.5)
        kol.set_kas_input(s, "0860", 2025, "U40000", "K", 3)
        kol.set_kas_input(s, "0860", 2025, "U40000", "M", "1,5")
        kol.set_kas_input(s, "0860", 2024, "U40403", "T", 9)  # another year: not 2025's figure
    r = compute(db)
    check(r, {("U40000", "T"): (4.5, None, None), ("U40000", "K"): (3.0, None, None),
              ("U40000", "M"): (1.5, None, None)})
    for g in "TKM":
        row = r.row("U40403", "0860", g)
        assert (row.value, row.status, row.numerator, row.denominator) == (None, "Missing", None, None)
        assert r.row("U40000", "2260", g).status == "Missing"
    with db.transaction() as s:
        kol.set_kas_input(s, "0860", 2025, "U40000", "K", None)  # None deletes
        assert kol.kas_inputs(s, "0860", 2025) == {("U40000", "T"): 4.5, ("U40000", "M"): 1.5}
        kol.set_kas_input(s, "0860", 2025, "U40000", "T", "")  # blank deletes too
        assert kol.kas_inputs(s, "860", 2025) == {("U40000", "M"): 1.5}


@pytest.mark.parametrize("kwargs,field", [
    (dict(kpi="U40800"), "kpi"), (dict(value=-1), "value"), (dict(value="många"), "value"),
    (dict(value=float("nan")), "value"), (dict(gender="X"), "gender"), (dict(municipality="9999"), "municipality"),
    (dict(year=1066), "year"),
])
def test_staff_fte_validation(db, kwargs, field):
    args = dict(municipality="0860", year=2025, kpi="U40000", gender="T", value=2.0) | kwargs
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        kol.set_kas_input(s, **args)
    assert e.value.field == field


def test_multiple_municipalities_and_missing_shares(register, db):
    r = compute(db)
    assert r.municipalities == ["0860", "2260"]
    assert r.municipality_names == {"0860": "Hultsfred", "2260": "Ånge"}
    # 2260 has only Lisa (K, 35, GYMNASIUM, under 6, referred 2025-01-20 by AF, no exit).
    check(r, {
        ("U40800", "T"): 1, ("U40800", "K"): 1, ("U40800", "M"): 0,
        ("U40803", "T"): 1, ("U40806", "T"): (100.0, 1, 1), ("U40809", "T"): (0.0, 0, 1),
        ("U40812", "T"): (100.0, 1, 1), ("U40814", "T"): (100.0, 1, 1), ("U40817", "T"): (100.0, 1, 1),
        ("N40450", "T"): 0, ("U40454", "K"): 0,
    }, municipality="2260")
    # No exits: every share of exited persons has 0 in the denominator → Missing, empty value.
    for kpi in ("U40406", "U40409", "U40412", "U40415", "U40418", "U40455"):
        for g in "TKM":
            row = r.row(kpi, "2260", g)
            assert (row.value, row.numerator, row.denominator, row.status) == (None, 0, 0, "Missing")
    for kpi in ("N40828", "N40829", "N40830", "U40822", "U40823"):
        assert r.row(kpi, "2260", "T").status == "Missing"
    assert r.persons == {"0860": 10, "2260": 1}  # 9 participants + Filip (referred only); Lisa
    only = compute(db, municipality="2260")
    assert only.municipalities == ["2260"]
    assert {row.municipality for row in only.rows} == {"2260"}
    assert [(x.kpi, x.gender, x.value) for x in only.rows] == [
        (x.kpi, x.gender, x.value) for x in r.rows if x.municipality == "2260"]


def test_rows_sorted_and_complete(register, db):
    r = compute(db)
    keys = [(x.municipality, x.kpi, "TKM".index(x.gender)) for x in r.rows]
    assert keys == sorted(keys)
    per_muni = [x for x in r.rows if x.municipality == "0860"]
    gendered = {x.kpi for x in per_muni if x.gender != "T"}
    assert gendered == {"U40800", "U40803", "N40450", "U40450", "U40451", "U40452", "U40453", "U40454",
                        "U40406", "U40409", "U40412", "U40415", "U40418", "U40455", "U40000", "U40403", "N40471"}
    assert len({x.kpi for x in per_muni}) == 44 and len(per_muni) == 17 * 3 + 27
    assert all(x.period == 2025 for x in r.rows)
    assert r.row("U40800").kpi_title == "Deltagare i kommunala arbetsmarknadsåtgärder, antal"
    # Discontinued KPIs ("(-2023)") are never exported.
    assert not {"U40820", "U40821", "U40824", "U40003"} & {x.kpi for x in r.rows}


def test_year_to_date(register, db):
    r = compute(db, through_month=3)
    assert (r.period_start, r.period_end, r.year) == (date(2025, 1, 1), date(2025, 3, 31), 2025)
    assert not r.full_year
    # P = 2025-01-01 … 2025-03-31. Participants: Anna (her first enrollment; the second starts
    # 04-01), Bertil, Cecilia, David, Eva (from 03-01), Helena, Ivar, Karl = 8; not Jonna (05-01).
    # K: Anna, Cecilia, Helena = 3; M: Bertil, David, Ivar, Karl = 4; Eva X.
    # Ages on 03-31: Bertil, Cecilia and David are 24 → 3 of 8 ≤ 24.
    # Time without work: under 6 David, Helena; 6-12 Anna (first enrollment), Ivar; över 24 Cecilia,
    # Eva, Karl; saknas Bertil.
    # Exits in Q1: Anna 02-28 A1, not confirmed → in none of A–E (≤ 6); Cecilia 01-01 KA → E (12–24);
    # Helena 02-28 S0 → E (≤ 6); Ivar 03-01 D (6–12). T 4, K 3, M 1.
    # Referrals in Q1: Eva 02-20 ANNAN, Anna 03-20 AF.
    check(r, {
        ("U40800", "T"): 8, ("U40800", "K"): 3, ("U40800", "M"): 4,
        ("U40803", "T"): 2, ("U40803", "K"): 1, ("U40803", "M"): 0,
        ("U40806", "T"): (50.0, 1, 2), ("U40810", "T"): (50.0, 1, 2), ("U40809", "T"): (0.0, 0, 2),
        ("U40811", "T"): (37.5, 3, 8), ("U40812", "T"): (62.5, 5, 8),
        ("U40816", "T"): (12.5, 1, 8), ("U40815", "T"): (25.0, 2, 8), ("U40814", "T"): (25.0, 2, 8),
        ("U40813", "T"): (25.0, 2, 8), ("U40827", "T"): (0.0, 0, 8),
        ("U40817", "T"): (25.0, 2, 8), ("N40826", "T"): (25.0, 2, 8), ("N40827", "T"): (0.0, 0, 8),
        ("U40818", "T"): (25.0, 2, 8), ("U40819", "T"): (37.5, 3, 8), ("U40835", "T"): (12.5, 1, 8),
        ("N40450", "T"): 4, ("N40450", "K"): 3, ("N40450", "M"): 1,
        ("U40450", "T"): 0, ("U40450", "K"): 0, ("U40453", "M"): 1, ("U40454", "T"): 2, ("U40454", "K"): 2,
        ("U40406", "T"): (0.0, 0, 4), ("U40406", "K"): (0.0, 0, 3), ("U40406", "M"): (0.0, 0, 1),
        ("U40418", "T"): (50.0, 2, 4), ("U40418", "K"): (66.7, 2, 3), ("U40418", "M"): (0.0, 0, 1),
        ("U40455", "T"): (0.0, 0, 4), ("U40455", "K"): (0.0, 0, 3),
        ("N40828", "T"): (50.0, 2, 4), ("N40829", "T"): (25.0, 1, 4), ("N40830", "T"): (25.0, 1, 4),
        ("U40822", "T"): (50.0, 2, 4), ("U40823", "T"): (0.0, 0, 4),
    })
    # Anna's unconfirmed work is listed, with the day it can be confirmed: add_months(2025-03-01, 1).
    anna = [f for f in r.findings if f.kind == "unconfirmed_work"]
    assert [f.name for f in anna] == ["Anna Andersson"]
    assert "Arbete ej bekräftat efter en månad" in anna[0].problem and "2025-04-01" in anna[0].problem
    assert compute(db, through_month=12).rows == compute(db).rows


def test_previous_year_across_the_year_boundary(register, db):
    r = compute(db, year=2024)
    # 2024: Anna (from 2024-09-01), Cecilia, David (from 11-01), Gustav (ends 12-31), Helena, Ivar,
    # Karl = 7 (K: Anna, Cecilia, Helena; M: David, Gustav, Ivar, Karl). Enrollments running into
    # 2025 count as participants in 2024 but their exits belong to 2025.
    # Only exit in 2024: Gustav 2022-01-10 → 2024-12-31, D, more than 24 months.
    check(r, {
        ("U40800", "T"): 7, ("U40800", "K"): 3, ("U40800", "M"): 4,
        ("N40450", "T"): 1, ("N40450", "M"): 1, ("U40453", "M"): 1,
        ("U40415", "T"): (100.0, 1, 1), ("U40415", "K"): (None, 0, 0), ("U40823", "T"): (100.0, 1, 1),
        # Referrals in 2024: Anna 08-15 SOC, David 10-20 SOC, Helena 08-01 SOC, Ivar 08-20 AF.
        ("U40803", "T"): 4, ("U40809", "T"): (75.0, 3, 4), ("U40806", "T"): (25.0, 1, 4),
    })
    assert r.row("U40415", "0860", "K").status == "Missing"


def test_share_rounding_is_half_up():
    assert kol.share_value(1, 16) == 6.3  # 6.25: banker's rounding would give 6.2
    assert kol.share_value(1, 40) == 2.5
    assert kol.share_value(1, 400) == 0.3  # 0.25
    assert kol.share_value(1, 3) == 33.3 and kol.share_value(2, 3) == 66.7
    assert kol.share_value(0, 5) == 0.0
    assert kol.share_value(0, 0) is None


def test_two_exits_count_once_with_the_latest(db):
    # Same end date is impossible for one person (enrollments cannot overlap), so "latest exit"
    # is decided by the end date: the earlier A1 exit must not count.
    with db.transaction() as s:
        p = person(s, "Olle", "Ohlsson", date(1980, 1, 1), "M")
        rs.add_referral(s, p.id, "2025-01-01", "AF")
        es.add_enrollment(s, p.id, "2025-01-10", "2025-03-31", "under 6", "A1")
        es.add_enrollment(s, p.id, "2025-05-01", "2025-12-31", "under 6", "E2")
    r = compute(db)
    check(r, {("N40450", "T"): 1, ("U40450", "T"): 0, ("U40454", "T"): 1, ("U40418", "T"): (100.0, 1, 1),
              # 2025-05-01 → 2025-12-31 is 7 months: 6–12 (the first exit would have been ≤ 6)
              ("N40829", "T"): (100.0, 1, 1), ("N40828", "T"): (0.0, 0, 1), ("U40800", "T"): 1})


def test_leap_year_month_end(db):
    # add_months(2023-08-31, 6) = 2024-02-29 (leap year): an exit on 02-29 is ≤ 6, on 03-01 6–12.
    with db.transaction() as s:
        a = person(s, "Per", "Palm", date(1980, 1, 1), "M")
        b = person(s, "Pia", "Palm", date(1981, 1, 1), "K")
        es.add_enrollment(s, a.id, "2023-08-31", "2024-02-29", "under 6", "D")
        es.add_enrollment(s, b.id, "2023-08-31", "2024-03-01", "under 6", "D")
        rs.add_referral(s, a.id, "2023-08-01", "AF")
        rs.add_referral(s, b.id, "2023-08-01", "AF")
    r = compute(db, year=2024)
    check(r, {("N40828", "T"): (50.0, 1, 2), ("N40829", "T"): (50.0, 1, 2)})


def test_findings(register, db):
    r = compute(db)
    got = {(f.name, f.kind) for f in r.findings}
    assert got == {
        ("Bertil Berg", "education"), ("Bertil Berg", "time_without_work"), ("Bertil Berg", "no_referral"),
        ("Cecilia Carlsson", "ka_s0"), ("Helena Holm", "ka_s0"),
        ("Jonna Johansson", "no_exit_reason"), ("Eva Ek", "gender_x"),
    }
    bertil = [f for f in r.findings if f.name == "Bertil Berg"]
    number = pnr(date(2000, 12, 31), "M")
    assert all(f.personnummer == f"{number[:8]}-{number[8:]}" for f in bertil)
    assert all(f.municipality == "0860" and f.participant_id == register["bertil"] for f in bertil)
    assert "Utbildningsnivå saknas" in bertil[0].problem
    cecilia = next(f for f in r.findings if f.name == "Cecilia Carlsson")
    assert "KA" in cecilia.problem and "E. Övrigt" in cecilia.problem
    jonna = next(f for f in r.findings if f.kind == "no_exit_reason")
    assert "Avslutsorsak saknas" in jonna.problem and "N40450" in jonna.problem
    # Sorted by municipality, then name.
    assert [f.name for f in r.findings][:3] == ["Bertil Berg"] * 3


def test_finding_enrollment_without_referral_and_kas_mismatch(db):
    with db.transaction() as s:
        p = person(s, "Rut", "Rask", date(1980, 1, 1), "K", "GYMNASIUM")
        # Referred only after the enrollment ended: that referral is not the enrollment's.
        es.add_enrollment(s, p.id, "2025-01-10", "2025-03-31", "under 6", "D")
        rs.add_referral(s, p.id, "2025-06-01", "SOC")
        q = person(s, "Sam", "Sund", date(1981, 1, 1), "M", "GYMNASIUM")
        rs.add_referral(s, q.id, "2025-01-01", "SOC")
        # Stored category disagreeing with the reason (a raw edit): listed, and the stored one counts.
        s.add(Enrollment(participant_id=q.id, start_date=date(2025, 1, 5), end_date=date(2025, 2, 1),
                         time_without_work="6-12", exit_reason="A1", exit_kas="E"))
    r = compute(db)
    kinds = {(f.name, f.kind) for f in r.findings}
    assert kinds == {("Rut Rask", "no_referral"), ("Sam Sund", "kas_mismatch")}
    assert r.value("U40454") == 1 and r.value("U40450") == 0


def test_persons_in_figure_match_the_numerators(register, db):
    r = compute(db)
    with db.reading() as s:
        for row in r.rows:
            if row.kpi in kol.INPUT_KPIS:
                assert kol.persons_in_figure(s, 2025, None, row.municipality, row.kpi, row.gender, today=TODAY) == []
                continue
            people = kol.persons_in_figure(s, 2025, None, row.municipality, row.kpi, row.gender, today=TODAY)
            assert len(people) == row.numerator, (row.kpi, row.municipality, row.gender)
        exited = kol.persons_in_figure(s, 2025, None, "0860", "U40454", today=TODAY)
        assert [p.name for p in exited] == ["Cecilia Carlsson", "Helena Holm"]
        assert "2025-01-01" in exited[0].detail and "KA" in exited[0].detail
        women = kol.persons_in_figure(s, 2025, None, "0860", "U40800", "K", today=TODAY)
        assert {p.name for p in women} == {"Anna Andersson", "Cecilia Carlsson", "Helena Holm", "Jonna Johansson"}
        af = kol.persons_in_figure(s, 2025, None, "0860", "U40806", today=TODAY)
        assert [(p.name, p.detail) for p in af] == [("Anna Andersson", "anvisad 2025-03-20 av Arbetsförmedlingen")]
        with pytest.raises(UserError):
            kol.persons_in_figure(s, 2025, None, "0860", "U99999", today=TODAY)


@pytest.mark.parametrize("kwargs,text", [
    (dict(through_month=13), "mellan 1 och 12"),
    (dict(through_month=0), "mellan 1 och 12"),
    (dict(municipality="9999"), "Okänd kommunkod"),
    (dict(municipality="0001"), "Okänd kommunkod"),  # a region, not a kommun
    (dict(year=2023), "År före 2024 kan inte exporteras"),  # the KPI set is the one from 2024
    (dict(year=2021), "År före 2024 kan inte exporteras"),
    (dict(year=1789), "inget rimligt år"),
    (dict(year=2027), "inte börjat"),
])
def test_bad_requests(register, db, kwargs, text):
    args = dict(year=2025) | kwargs
    with pytest.raises(UserError) as e, db.reading() as s:
        kol.compute_kolada(s, args.pop("year"), today=TODAY, **args)
    assert text in e.value.message


def test_first_year_with_data_is_accepted(db):
    with db.transaction() as s:
        p = person(s, "Vera", "Vik", date(1980, 1, 1), "K", "GYMNASIUM")
        rs.add_referral(s, p.id, "2025-06-01", "SOC")
        es.add_enrollment(s, p.id, "2025-06-10", None, "under 6")
    check(compute(db, year=2025), {("U40800", "T"): 1, ("U40803", "T"): 1})
    # A year from 2024 without data of its own is computed, not refused (KOLADA_EXPORT.md refuses
    # only years before 2024): zero participants, shares Missing.
    result = compute(db, year=2024)
    check(result, {("U40800", "T"): 0, ("U40803", "T"): 0, ("N40450", "T"): 0})
    assert result.row("U40406").status == "Missing" and result.row("U40406").value is None


def test_a_kommun_without_data_gets_its_zeros(register, db):
    result = compute(db, municipality="0114")
    assert result.municipalities == ["0114"]
    check(result, {("U40800", "T"): 0, ("N40450", "T"): 0}, municipality="0114")


def test_empty_register_is_refused(db):
    with pytest.raises(UserError) as e, db.reading() as s:
        kol.compute_kolada(s, 2025, today=TODAY)
    assert "inga inskrivningar eller anvisningar" in e.value.message


def test_municipality_code_without_leading_zero(register, db):
    assert compute(db, municipality="860").municipalities == ["0860"]


@pytest.mark.parametrize("start,end,kpi", [
    ("2024-01-15", "2024-07-15", "N40828"),  # exactly add_months(s, 6): ≤ 6
    ("2024-01-15", "2024-07-16", "N40829"),  # one day more: 6–12
    ("2023-07-16", "2024-07-16", "N40829"),  # exactly 12 months: 6–12
    ("2023-07-16", "2024-07-17", "N40830"),  # 12–24
    ("2022-07-16", "2024-07-16", "N40830"),  # exactly 24 months: 12–24
    ("2022-07-16", "2024-07-17", "U40823"),  # > 24
    ("2023-12-31", "2024-06-30", "N40828"),  # add_months(31 Dec, 6) = 30 Jun
    ("2023-12-31", "2024-07-01", "N40829"),
    ("2024-02-29", "2025-02-28", "N40829"),  # add_months(29 Feb 2024, 12) = 28 Feb 2025
    ("2024-02-29", "2025-03-01", "N40830"),
])
def test_duration_class_boundaries(db, start, end, kpi):
    from ame_desktop.domain.dates import add_months, parse_date

    with db.transaction() as s:
        p = person(s, "Tor", "Tapper", date(1980, 1, 1), "M")
        rs.add_referral(s, p.id, start, "AF")
        es.add_enrollment(s, p.id, start, end, "under 6", "D")
    r = compute(db, year=parse_date(end).year)
    assert r.row(kpi, "0860", "T").numerator == 1
    # The same class by the Python rule in domain.dates.
    s_, e_ = parse_date(start), parse_date(end)
    python_class = next(k for n, k in ((6, "N40828"), (12, "N40829"), (24, "N40830")) if e_ <= add_months(s_, n)) \
        if e_ <= add_months(s_, 24) else "U40823"
    assert python_class == kpi


def test_referred_only_person_with_gender_x(db):
    # Referred in 2025, never enrolled, gender X: counts in U40803 T only, is behind the figures,
    # and Kontroll says why K + M ≠ T.
    with db.transaction() as s:
        p = person(s, "Kim", "Kvist", date(1990, 3, 3), "X")
        rs.add_referral(s, p.id, "2025-05-05", "SOC")
    r = compute(db)
    check(r, {("U40803", "T"): 1, ("U40803", "K"): 0, ("U40803", "M"): 0, ("U40800", "T"): 0,
              ("U40809", "T"): (100.0, 1, 1), ("U40811", "T"): (None, 0, 0)})
    assert r.persons == {"0860": 1}
    assert [(f.name, f.kind) for f in r.findings] == [("Kim Kvist", "gender_x")]


def test_year_to_date_before_the_first_record_of_the_first_year(db):
    # "Before any data" is judged by the year: January of the first year is an empty period, not an error.
    with db.transaction() as s:
        p = person(s, "Ulla", "Ur", date(1980, 1, 1), "K", "GYMNASIUM")
        rs.add_referral(s, p.id, "2025-06-01", "SOC")
        es.add_enrollment(s, p.id, "2025-06-10", None, "under 6")
    r = compute(db, through_month=1)
    check(r, {("U40800", "T"): 0, ("U40803", "T"): 0, ("U40811", "T"): (None, 0, 0)})
    assert r.persons == {"0860": 0}
    r = compute(db, year=2024, through_month=12)  # a whole year before the data: zeros too, not refused
    check(r, {("U40800", "T"): 0, ("U40803", "T"): 0})
