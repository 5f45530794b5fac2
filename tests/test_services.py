"""Services for participants, referrals and enrollments: the rules, with Swedish typed errors."""

from __future__ import annotations

from datetime import date

import pytest

from ame_desktop.domain.errors import NotFoundError, ValidationError
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services import referrals as rs
from ame_desktop.services import settings, staff


def new_person(s, number="640823-3234", **kw):
    return ps.create_participant(s, ps.ParticipantInput(number, kw.pop("first", "Örjan"), kw.pop("last", "Åberg"), **kw))


def test_create_participant_stores_12_digits_and_gender_from_number(db):
    with db.transaction() as s:
        p = new_person(s, "701063-2391")
    assert p.personnummer == "197010632391"
    assert p.gender == "M"
    assert p.municipality_code == "0860"  # the register's default


def test_gender_x_can_be_set_explicitly(db):
    with db.transaction() as s:
        p = new_person(s, gender="x")
    assert p.gender == "X"


def test_duplicate_person_is_refused(db):
    with db.transaction() as s:
        new_person(s)
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        new_person(s, "19640823-3234")
    assert e.value.field == "personnummer"
    assert "finns redan" in e.value.message


def test_all_field_errors_are_reported_together(db):
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput("640823-3235", "", "Åberg", municipality_code="9999",
                                                     education_level="DOKTOR", email="inte-en-adress"))
    fields = {err.field for err in e.value.errors}
    assert fields == {"personnummer", "first_name", "municipality_code", "education_level", "email"}
    assert "kontrollsiffra" in e.value.for_field("personnummer")[0]
    with db.reading() as s:
        from ame_desktop.services.stats import register_counts

        assert register_counts(s)["participants"] == 0


def test_municipality_must_be_a_kommun_not_a_region(db):
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        new_person(s, municipality_code="0001")  # Region Stockholm
    assert e.value.field == "municipality_code"


def test_blank_municipality_without_default_is_refused(db):
    with db.transaction() as s:
        from ame_desktop.domain.models import Setting

        s.delete(s.get(Setting, "municipality"))
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        new_person(s)
    assert "standardkommun" in e.value.message


def test_update_participant_and_staff(db):
    with db.transaction() as s:
        coach = staff.add_staff(s, "Kerstin Ålund")
        p = new_person(s)
        data = ps.input_from(p)
        data.last_name = "Ek"
        data.staff_id = coach.id
        p2 = ps.update_participant(s, p.id, data)
    assert p2.last_name == "Ek" and p2.staff_id == coach.id
    with db.reading() as s:
        assert ps.find_participant(s, "6408233234").last_name == "Ek"
        with pytest.raises(NotFoundError):
            ps.find_participant(s, "701063-2391")


def test_staff_names_are_unique_ignoring_case(db):
    with db.transaction() as s:
        staff.add_staff(s, "Kerstin Ålund")
    with pytest.raises(ValidationError), db.transaction() as s:
        staff.add_staff(s, "kerstin ålund")


def test_referral_rules(db):
    with db.transaction() as s:
        p = new_person(s)
        r = rs.add_referral(s, p.id, "2025-03-01", "soc")
    assert r.source == "SOC"
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        rs.add_referral(s, p.id, date(2025, 3, 1), "SOC")
    assert "finns redan" in e.value.message
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        rs.add_referral(s, p.id, "2025-02-30", "KOMMUNEN")
    assert {err.field for err in e.value.errors} == {"referral_date", "source"}


def test_enrollment_end_not_before_start(db):
    with db.transaction() as s:
        p = new_person(s)
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        es.add_enrollment(s, p.id, "2025-03-01", "2025-02-28", exit_reason="A1")
    assert e.value.field == "end_date"


def test_exit_reason_required_exactly_with_end_date(db):
    with db.transaction() as s:
        p = new_person(s)
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        es.add_enrollment(s, p.id, "2025-03-01", "2025-05-01")
    assert e.value.field == "exit_reason"
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        es.add_enrollment(s, p.id, "2025-03-01", None, exit_reason="A1")
    assert e.value.field == "exit_reason"


@pytest.mark.parametrize("reason,kas", [("A1", "A"), ("A2", "A"), ("B", "B"), ("C", "C"), ("D", "D"), ("E1", "E"),
                                        ("E2", "E"), ("E3", "E"), ("E9", "E"), ("KA", "E"), ("S0", "E")])
def test_exit_reason_maps_to_kas(db, reason, kas):
    with db.transaction() as s:
        p = new_person(s)
        e = es.add_enrollment(s, p.id, "2025-01-01")
        closed = es.close_enrollment(s, e.id, "2025-06-30", reason.lower())
    assert closed.exit_reason == reason and closed.exit_kas == kas


def test_overlapping_enrollments_are_refused(db):
    with db.transaction() as s:
        p = new_person(s)
        es.add_enrollment(s, p.id, "2025-01-01", "2025-06-30", exit_reason="D")
        es.add_enrollment(s, p.id, "2025-07-01")  # the day after: fine
    for start, end, reason in [("2025-06-30", "2025-06-30", "D"), ("2024-12-01", "2025-01-01", "D"),
                               ("2026-01-01", None, None), ("2024-01-01", None, None)]:
        with pytest.raises(ValidationError) as e, db.transaction() as s:
            es.add_enrollment(s, p.id, start, end, exit_reason=reason)
        assert "Överlappar" in e.value.message


def test_moving_an_enrollment_onto_another_is_refused(db):
    with db.transaction() as s:
        p = new_person(s)
        es.add_enrollment(s, p.id, "2025-01-01", "2025-03-31", exit_reason="E1")
        later = es.add_enrollment(s, p.id, "2025-06-01")
    with pytest.raises(ValidationError), db.transaction() as s:
        es.update_enrollment(s, later.id, "2025-03-15", None, "saknas", None)
    with db.reading() as s:
        assert es.get_enrollment(s, later.id).start_date == date(2025, 6, 1)


def test_time_without_work_codes(db):
    with db.transaction() as s:
        p = new_person(s)
        e = es.add_enrollment(s, p.id, "2025-01-01", time_without_work="ÖVER 24")
    assert e.time_without_work == "över 24"
    with pytest.raises(ValidationError), db.transaction() as s:
        es.update_enrollment(s, e.id, "2025-01-01", None, "ett år", None)


def test_settings(db):
    with db.transaction() as s:
        assert settings.set_setting(s, "municipality", "2260") == "2260"
        assert settings.set_setting(s, "municipality", "114") == "0114"  # Upplands Väsby, leading zero restored
        with pytest.raises(ValidationError):
            settings.set_setting(s, "municipality", "9999")
        with pytest.raises(ValidationError):
            settings.set_setting(s, "colour", "blue")
        assert settings.full_time_hours(s) == 40.0
