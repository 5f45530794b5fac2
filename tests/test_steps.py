"""Stegförflyttning: ladders and their versions, the assessment rules, hand-worked figures for a
period, the import sheet Steg, the xlsx export and the demo."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from ame_desktop.domain.errors import UserError, ValidationError
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services import referrals as rs
from ame_desktop.services import staff as staff_service
from ame_desktop.services import steps
from ame_desktop.services.importing import ImportFailed, import_workbook
from tests.workbooks import write_workbook

TODAY = date(2026, 6, 15)
P1, P2 = "640823-3234", "701063-2391"  # Skatteverket's examples: a personnummer and a samordningsnummer
STEG = ["Personnummer", "Datum", "Nivå", "Bedömare", "Kommentar"]


def person(s, number=P1, first="Örjan", last="Åberg", gender=None, municipality=None, enrolled="2025-01-01"):
    pid = ps.create_participant(s, ps.ParticipantInput(number, first, last, gender=gender,
                                                       municipality_code=municipality)).id
    if enrolled:
        es.add_enrollment(s, pid, enrolled)
    return pid


def ladder_input(names: list[str]) -> list[steps.LevelInput]:
    return [steps.LevelInput(n, f"Beskrivning av {n}") for n in names]


STANDARD = ["Kartläggning", "Förberedande insats", "Arbetsträning", "Praktik/arbetsprövning", "Jobbsök/matchning",
            "Arbete eller studier"]


# -- the shipped ladder ----------------------------------------------------------------------
def test_a_new_register_has_the_default_ladder_and_dimensions(db):
    with db.reading() as s:
        m = steps.active_model(s)
        rungs = steps.levels(s, m.id)
        dims = [d.name for d in steps.list_dimensions(s)]
    assert (m.name, m.version, m.is_current, m.retired) == ("Standardmodell", 1, True, False)
    assert [(lv.number, lv.name) for lv in rungs] == list(enumerate(STANDARD, start=1))
    assert all(lv.description and len(lv.description) > 40 for lv in rungs)
    assert dims == ["Motivation", "Hälsa", "Språk", "Social förmåga", "Arbetsförmåga/rutiner", "Digital förmåga"]


def test_migration_0004_seeds_the_ladder_into_an_old_register(tmp_path):
    import shutil
    from pathlib import Path

    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import ensure_schema

    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_0001.db", path)
    db = Database(f"sqlite:///{path}")
    assert ensure_schema(db) == "upgraded"
    with db.reading() as s:
        assert [lv.name for lv in steps.levels(s, steps.active_model(s).id)] == STANDARD
        assert len(steps.list_dimensions(s)) == 6
    db.dispose()


# -- versioning ------------------------------------------------------------------------------
def test_an_edit_of_a_ladder_with_assessments_makes_a_new_version_and_keeps_history(db):
    with db.transaction() as s:
        pid = person(s)
        v1 = steps.active_model(s)
        old = steps.add_assessment(s, pid, "2025-02-01", 2, assessor="Lena Berg", today=TODAY)
        renamed = list(STANDARD)
        renamed[1] = "Förberedande aktivitet"
        v2 = steps.edit_model(s, v1.id, "Standardmodell", v1.description, ladder_input(renamed))
        assert v2.id != v1.id and (v2.version, v2.previous_id, v2.is_current) == (2, v1.id, True)
        assert s.get(type(v1), v1.id).is_current is False
        assert steps.active_model(s).id == v2.id
        new = steps.add_assessment(s, pid, "2025-03-01", 2, today=TODAY)
    with db.reading() as s:
        hist = steps.history(s, pid)
        # The old assessment still shows the level as it was; the new one is on version 2.
        assert [(e.id, e.level_number, e.level_name, e.model_version) for e in hist] == [
            (old.id, 2, "Förberedande insats", 1), (new.id, 2, "Förberedande aktivitet", 2)]
        assert hist[0].assessor == "Lena Berg"  # not on the staff list: kept as a free name
        assert [lv.name for lv in steps.levels(s, v1.id)] == STANDARD  # version 1 untouched
        rows = {m.id: m for m in steps.list_models(s, include_old_versions=True)}
        assert (rows[v1.id].assessments, rows[v2.id].assessments, rows[v2.id].active) == (1, 1, True)
        assert [m.id for m in steps.list_models(s)] == [v2.id]

    with db.transaction() as s:
        # Changing the comment of the old assessment leaves it on version 1 …
        steps.update_assessment(s, old.id, "2025-02-01", 2, comment="Rättad kommentar", today=TODAY)
        assert steps.history(s, pid)[0].model_version == 1
        # … a new level number is taken from the ladder's current version.
        steps.update_assessment(s, old.id, "2025-02-01", 3, today=TODAY)
        first = steps.history(s, pid)[0]
        assert (first.level_number, first.model_version, first.comment) == (3, 2, None)
        # An old version is read-only; a ladder without assessments is edited in place.
        with pytest.raises(UserError, match="äldre version"):
            steps.edit_model(s, v1.id, "Standardmodell", None, ladder_input(STANDARD))
        own = steps.create_model(s, "Ungdomsstegen", None, ladder_input(["Start", "Mitt", "Mål"]))
        same = steps.edit_model(s, own.id, "Ungdomsstegen", "För unga under 25", ladder_input(["Start", "Mål"]))
        assert (same.id, same.version) == (own.id, 1)
        assert [lv.name for lv in steps.levels(s, own.id)] == ["Start", "Mål"]
        # No change at all: the same version back, nothing new.
        assert steps.edit_model(s, v2.id, v2.name, v2.description, ladder_input(renamed)).id == v2.id


def test_choosing_and_retiring_ladders(db):
    with db.transaction() as s:
        pid = person(s)
        standard = steps.active_model(s)
        with pytest.raises(UserError, match="enda"):
            steps.set_model_retired(s, standard.id, True)
        youth = steps.create_model(s, "Ungdomsstegen", None, ladder_input(["Start", "Mitt", "Mål"]))
        assert steps.active_model(s).id == standard.id  # a new ladder is in use but not active
        a = steps.add_assessment(s, pid, "2025-02-01", "mitt", model_id=youth.id, today=TODAY)
        assert steps.history(s, pid)[0].model_name == "Ungdomsstegen"
        steps.set_active_model(s, youth.id)
        assert steps.active_model(s).id == youth.id
        # A new version of the active ladder stays active.
        youth2 = steps.edit_model(s, youth.id, "Ungdomsstegen", None, ladder_input(["Start", "Mitt", "Nära", "Mål"]))
        assert steps.active_model(s).id == youth2.id
        steps.set_model_retired(s, youth2.id, True)
        assert steps.active_model(s).id == standard.id  # the oldest ladder in use takes over
        with pytest.raises(ValidationError) as e:
            steps.add_assessment(s, pid, "2025-03-01", 1, model_id=youth.id, today=TODAY)
        assert e.value.field == "model_id"
        assert steps.history(s, pid)[0].id == a.id  # the history on a retired ladder stays
        with pytest.raises(ValidationError) as e:
            steps.create_model(s, "standardmodell", None, ladder_input(["Bara en"]))
        assert {x.field for x in e.value.errors} == {"name", "levels"}


def test_dimensions_are_added_renamed_and_deactivated(db):
    with db.transaction() as s:
        pid = person(s)
        d = steps.add_dimension(s, "  Boende ")
        assert d.name == "Boende"
        with pytest.raises(ValidationError, match="finns redan"):
            steps.add_dimension(s, "hälsa")
        steps.rename_dimension(s, d.id, "Bostad")
        a = steps.add_assessment(s, pid, "2025-02-01", 1, ratings={d.id: 2}, today=TODAY)
        steps.set_dimension_active(s, d.id, False)
        assert "Bostad" not in [x.name for x in steps.list_dimensions(s)]
        # Kept on the assessment that has it, refused on a new one.
        steps.update_assessment(s, a.id, "2025-02-01", 1, ratings={d.id: 3}, today=TODAY)
        assert steps.history(s, pid)[0].ratings == [(d.id, "Bostad", 3)]
        with pytest.raises(ValidationError) as e:
            steps.add_assessment(s, pid, "2025-03-01", 1, ratings={d.id: 3}, today=TODAY)
        assert e.value.field == f"rating:{d.id}"


# -- the rules -------------------------------------------------------------------------------
def test_assessment_rules_give_swedish_field_errors(db):
    with db.transaction() as s:
        pid = person(s, enrolled="2025-01-01")
        nobody = person(s, P2, "Märta", "Öberg", enrolled=None)
        motivation = steps.list_dimensions(s)[0].id
        health = steps.list_dimensions(s)[1].id

    def refused(pid_, when, level, **kw) -> ValidationError:
        with db.transaction() as s, pytest.raises(ValidationError) as e:
            steps.add_assessment(s, pid_, when, level, today=TODAY, **kw)
        return e.value

    e = refused(pid, "2025-02-01", 7)
    assert e.field == "level" and "Nivå 7 finns inte" in e.errors[0].message
    assert refused(pid, "2025-02-01", "Snickeriet").for_field("level")[0].startswith("Nivån ”Snickeriet” finns inte")
    assert refused(pid, "2025-02-01", None).for_field("level") == ["Nivå måste anges."]
    e = refused(pid, "2024-12-31", 1)
    assert e.field == "assessed_on" and "före personens första inskrivning (2025-01-01)" in e.errors[0].message
    e = refused(pid, (TODAY + timedelta(days=1)).isoformat(), 1)
    assert e.field == "assessed_on" and "framtiden" in e.errors[0].message
    assert "ingen inskrivning" in refused(nobody, "2025-02-01", 1).errors[0].message
    e = refused(pid, "2025-02-01", 1, ratings={motivation: 0, health: 6})
    assert [x.field for x in e.errors] == [f"rating:{motivation}", f"rating:{health}"]
    assert e.errors[0].message == "Motivation: Betyget ska vara ett heltal 1–5 (är 0)."
    assert e.errors[1].message == "Hälsa: Betyget ska vara ett heltal 1–5 (är 6)."
    assert refused(pid, "2025-02-01", 1, ratings={motivation: "3,5"}).field == f"rating:{motivation}"
    # All problems at once, each on its field.
    e = refused(pid, "igår", 9, ratings={motivation: 6})
    assert {x.field for x in e.errors} == {"assessed_on", "level", f"rating:{motivation}"}

    with db.transaction() as s:
        member = staff_service.add_staff(s, "Kerstin Ålund")
        a = steps.add_assessment(s, pid, "2025-01-01", "3 arbetsträning", assessor="kerstin ålund",
                                 ratings={motivation: "4", health: ""}, comment="  ", today=TODAY)
        assert (a.assessor_id, a.assessor_name, a.comment) == (member.id, None, None)
        assert steps.history(s, pid)[0].ratings == [(motivation, "Motivation", 4)]
    e = refused(pid, "2025-01-01", 2)
    assert e.field == "assessed_on" and "redan en stegbedömning 2025-01-01" in e.errors[0].message
    with db.transaction() as s, pytest.raises(ValidationError) as ex:
        steps.add_assessment(s, pid, "2025-02-01", "3 Praktik", today=TODAY)
    assert "heter ”Arbetsträning”" in ex.value.errors[0].message


# -- the figures for a period ----------------------------------------------------------------
@pytest.fixture
def register(db):
    """Five people, worked by hand below. Levels: the standard ladder; from 2025-07-01 its
    version 2 (level names reworded, numbers the same), so B's last step crosses versions."""
    with db.transaction() as s:
        a = person(s, "19850101-0022", "Anna", "A", "K", "0860", "2024-11-15")
        rs.add_referral(s, a, "2024-11-01", "SOC")
        rs.add_referral(s, a, "2025-06-01", "AF")
        b = person(s, "19860202-0037", "Bo", "B", "M", "0860", "2025-01-15")
        rs.add_referral(s, b, "2025-01-10", "SOC")
        c = person(s, "19870303-0026", "Cilla", "C", "K", "2260", "2024-05-10")
        rs.add_referral(s, c, "2024-05-01", "FK")
        d = person(s, "19880404-0031", "Dan", "D", "M", "0860", "2025-03-01")  # never referred
        e = person(s, "19890505-0020", "Eva", "E", "K", "0860", "2024-04-01")
        rs.add_referral(s, e, "2024-03-01", "SOC")
        for pid, when, level in ((a, "2024-12-01", 1), (a, "2025-02-01", 2), (a, "2025-04-02", 4),
                                 (a, "2025-06-01", 3), (b, "2025-02-01", 1), (b, "2025-05-02", 1),
                                 (c, "2024-06-01", 3), (c, "2025-03-01", 2), (d, "2025-03-10", 1),
                                 (e, "2024-05-01", 2)):
            steps.add_assessment(s, pid, when, level, today=TODAY)
        v1 = steps.active_model(s)
        renamed = [f"{n} (rev.)" for n in STANDARD]
        steps.edit_model(s, v1.id, v1.name, v1.description, ladder_input(renamed))
        steps.add_assessment(s, b, "2025-08-01", 3, today=TODAY)
        steps.add_assessment(s, c, "2026-02-01", 5, today=TODAY)  # after the period
    return db


def figures(g: steps.GroupFigures) -> tuple:
    return g.assessed, g.compared, g.forward, g.back, g.forward_share, g.back_share, g.median_days_per_step


def test_figures_for_a_year_match_the_hand_worked_ones(register):
    # Period 2025-01-01 – 2025-12-31. Each assessment in the period is compared with the one
    # before it (for the first, the last one before the period):
    #   A: 2024-12-01 L1 → 2025-02-01 L2: +1 in 62 days (31 + 31)          → 62 days/step
    #      2025-02-01 L2 → 2025-04-02 L4: +2 in 60 days (28 + 31 + 1)      → 30 days/step
    #      2025-04-02 L4 → 2025-06-01 L3: −1                                 → a step back
    #   B: 2025-02-01 L1 (first ever, nothing to compare) → 2025-05-02 L1: no change
    #      2025-05-02 L1 → 2025-08-01 L3 (version 2, compared by number): +2 in 91 days → 45.5
    #   C: 2024-06-01 L3 → 2025-03-01 L2: −1. (2026-02-01 L5 lies after the period.)
    #   D: one assessment, nothing to compare.   E: assessed only in 2024: not counted.
    # Assessed 4 (A B C D); compared 3 (A B C); forward 2 (A B) = 50.0 %; back 2 (A C) = 50.0 %;
    # median of 62, 30, 45.5 = 45.5.
    with register.reading() as s:
        r = steps.summarize(s, "2025-01-01", "2025-12-31")
    assert figures(r.total()) == (4, 3, 2, 2, 50.0, 50.0, 45.5)
    assert r.total().rises == 3
    # Kommun: 0860 = A B D: forward A B (2 of 3 = 66.7 %), back A (33.3 %), median 45.5.
    #         2260 = C: back 1 of 1; no rise.
    assert figures(r.find("municipality", "0860")) == (3, 2, 2, 1, 66.7, 33.3, 45.5)
    assert figures(r.find("municipality", "2260")) == (1, 1, 0, 1, 0.0, 100.0, None)
    assert r.find("municipality", "2260").label == "Ånge (2260)"
    # Kön: K = A C: forward A (50 %), back A C (100 %), median of A's 62 and 30 = 46.
    #      M = B D: forward B (50 %), back none, median 45.5.
    assert figures(r.find("gender", "K")) == (2, 2, 1, 2, 50.0, 100.0, 46.0)
    assert figures(r.find("gender", "M")) == (2, 1, 1, 0, 50.0, 0.0, 45.5)
    # Anvisare = the latest referral up to 2025-12-31: A → AF (2025-06-01), B → SOC, C → FK, D → none.
    assert figures(r.find("source", "AF")) == (1, 1, 1, 1, 100.0, 100.0, 46.0)
    assert figures(r.find("source", "SOC")) == (1, 1, 1, 0, 100.0, 0.0, 45.5)
    assert figures(r.find("source", "FK")) == (1, 1, 0, 1, 0.0, 100.0, None)
    assert figures(r.find("source", None)) == (1, 0, 0, 0, 0.0, 0.0, None)
    assert r.find("source", None).label == "Uppgift saknas"
    assert [(g.group, g.key) for g in r.groups] == [
        ("total", None), ("municipality", "0860"), ("municipality", "2260"), ("gender", "K"), ("gender", "M"),
        ("source", "AF"), ("source", "FK"), ("source", "SOC"), ("source", None)]


def test_figures_for_a_shorter_period(register):
    # Period 2025-01-01 – 2025-05-31:
    #   A: +1 (62 days) and +2 (30 days/step): forward. The L4 → L3 fall is in June: outside.
    #      The latest referral by 2025-05-31 is SOC (the AF one came 2025-06-01).
    #   B: L1 → L1: compared, no change.   C: L3 → L2: back.   D: nothing to compare.
    # Assessed 4, compared 3, forward 1 (25 %), back 1 (25 %), median of 62 and 30 = 46.
    with register.reading() as s:
        r = steps.summarize(s, date(2025, 1, 1), date(2025, 5, 31))
        assert figures(r.total()) == (4, 3, 1, 1, 25.0, 25.0, 46.0)
        assert figures(r.find("source", "SOC")) == (2, 2, 1, 0, 50.0, 0.0, 46.0)
        assert r.find("source", "AF") is None
        # A period without assessments, and a period that is not one.
        empty = steps.summarize(s, "2023-01-01", "2023-12-31")
        assert figures(empty.total()) == (0, 0, 0, 0, None, None, None) and len(empty.groups) == 1
        with pytest.raises(ValidationError) as e:
            steps.summarize(s, "2025-12-31", "2025-01-01")
        assert e.value.field == "end"


def test_level_distribution_of_the_enrolled(register):
    # Enrolled on 2025-12-31 (all five, none ended); latest assessment by then:
    # A L3, B L3, C L2, D L1, E L2.
    with register.reading() as s:
        assert steps.level_distribution(s, date(2025, 12, 31)) == [(1, 1), (2, 2), (3, 2)]


def test_xlsx_export_of_the_figures(register, tmp_path):
    from openpyxl import load_workbook

    from ame_desktop.io.steps_export import HEADERS, write_steps_summary

    with register.reading() as s:
        r = steps.summarize(s, "2025-01-01", "2025-12-31")
    out = write_steps_summary(r, tmp_path / "steg.xlsx", unit_name="AME Hultsfred", today=TODAY)
    wb = load_workbook(out)
    ws = wb["Stegförflyttning"]
    assert "2025-01-01 – 2025-12-31" in ws["A2"].value
    assert [c.value for c in ws[4]] == HEADERS
    assert [c.value for c in ws[5]] == ["Totalt", "Alla", 4, 3, 2, 50.0, 2, 50.0, 3, 45.5]
    assert [c.value for c in ws[13]][:3] == ["Anvisare", "Uppgift saknas", 1]
    assert "Median dagar per steg" in [c.value for c in wb["Definitioner"]["A"]]
    with pytest.raises(UserError):
        write_steps_summary(r, tmp_path / "steg.csv")


# -- the import sheet Steg -------------------------------------------------------------------
@pytest.fixture
def enrolled(db):
    with db.transaction() as s:
        staff_service.add_staff(s, "Lena Berg")
        a = person(s, P1, enrolled="2025-01-01")
        b = person(s, P2, "Märta", "Öberg", enrolled="2025-03-01")
    return {"a": a, "b": b}


def errors_of(exc: ImportFailed) -> list[str]:
    return [str(e) for e in exc.report.errors]


def test_import_sheet_steg_and_reimport(db, enrolled, tmp_path):
    book = write_workbook(tmp_path / "steg.xlsx", {"Steg": [
        STEG,
        [P1, "2025-02-01", 1, "lena berg", None],
        [P1, date(2025, 4, 1), "Arbetsträning", "Arbetsförmedlingen", "Trepartsmöte"],
        ["19701063-2391", "2025-03-15", "2 Förberedande insats", None, None],
    ]})
    report = import_workbook(db, book)
    assert report.counts["Steg"].new == 3
    with db.reading() as s:
        hist = steps.history(s, enrolled["a"])
        assert [(e.assessed_on, e.level_number, e.assessor, e.comment) for e in hist] == [
            (date(2025, 2, 1), 1, "Lena Berg", None), (date(2025, 4, 1), 3, "Arbetsförmedlingen", "Trepartsmöte")]
        assert hist[0].assessor_id is not None and hist[1].assessor_id is None
        assert steps.history(s, enrolled["b"])[0].level_number == 2
    # The same file again changes nothing.
    again = import_workbook(db, book)
    assert vars(again.counts["Steg"]) == {"new": 0, "updated": 0, "unchanged": 3}

    # The ladder gets a new version: re-importing the same levels still changes nothing, and
    # the stored assessments stay on version 1; a changed level is taken from version 2.
    with db.transaction() as s:
        m = steps.active_model(s)
        steps.edit_model(s, m.id, m.name, m.description, ladder_input([n + " (rev.)" for n in STANDARD]))
    assert vars(import_workbook(db, book).counts["Steg"]) == {"new": 0, "updated": 0, "unchanged": 3}
    changed = write_workbook(tmp_path / "steg2.xlsx", {"Steg": [
        STEG, [P1, "2025-02-01", 2, "Lena Berg", "Nu nivå 2"], [P1, "2025-04-01", 3, "Arbetsförmedlingen", None]]})
    r = import_workbook(db, changed)
    assert vars(r.counts["Steg"]) == {"new": 0, "updated": 2, "unchanged": 0}
    assert [c.what.split(": ")[1] for c in r.changes] == ["Nivå, Kommentar", "Kommentar"]
    with db.reading() as s:
        hist = steps.history(s, enrolled["a"])
    assert [(e.level_name, e.model_version, e.comment) for e in hist] == [
        ("Förberedande insats (rev.)", 2, "Nu nivå 2"), ("Arbetsträning", 1, None)]


def test_import_sheet_steg_errors_name_sheet_row_and_column(db, enrolled, tmp_path):
    with db.reading() as s:
        before = s.execute(sa.select(sa.func.count()).select_from(sa.table("step_assessment"))).scalar_one()
    future = (date.today() + timedelta(days=3)).isoformat()
    book = write_workbook(tmp_path / "fel.xlsx", {"Steg": [
        STEG,
        [P1, "2025-02-01", 7, None, None],  # no level 7
        [P1, future, 1, None, None],  # future
        [P1, "2024-12-31", 1, None, None],  # before the first enrollment
        ["19121212-1212", "2025-02-01", 1, None, None],  # unknown person
        [P2, "2025-04-01", "Snickeriet", None, None],
        [P2, "2025-05-01", 1, None, None],
        [P2, "2025-05-01", 2, None, None],  # same person and date twice
        [P1, "2025-02-30", 1, None, None],
        [P1, "2025-03-01", None, None, None],
    ]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, book)
    errs = errors_of(e.value)
    assert any(x.startswith("Steg, rad 2, Nivå: Nivå 7 finns inte") for x in errs)
    assert any(x.startswith("Steg, rad 3, Datum:") and "framtiden" in x for x in errs)
    assert any(x.startswith("Steg, rad 6, Nivå: Nivån ”Snickeriet”") for x in errs)
    assert any(x.startswith("Steg, rad 8, Datum:") and "rad 7" in x for x in errs)
    assert any(x.startswith("Steg, rad 9, Datum:") and "omöjligt" in x for x in errs)
    assert any(x.startswith("Steg, rad 10, Nivå:") for x in errs)
    # Once the rows are readable, the checks against the register show.
    book = write_workbook(tmp_path / "fel2.xlsx", {"Steg": [
        STEG, [P1, "2024-12-31", 1, None, None], ["19121212-1212", "2025-02-01", 1, None, None]]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, book)
    errs = errors_of(e.value)
    assert any(x.startswith("Steg, rad 2, Datum:") and "första inskrivning (2025-01-01)" in x for x in errs)
    assert any(x.startswith("Steg, rad 3, Personnummer:") for x in errs)
    with db.reading() as s:
        assert s.execute(sa.select(sa.func.count()).select_from(sa.table("step_assessment"))).scalar_one() == before


def test_import_steg_with_people_and_enrollments_from_the_same_workbook(db, tmp_path):
    from tests.workbooks import HEADERS

    book = write_workbook(tmp_path / "allt.xlsx", {
        "Deltagare": [HEADERS["Deltagare"], [P1, "Örjan", "Åberg", None, None, None, "Sanna Öhman", None, None]],
        "Inskrivningar": [HEADERS["Inskrivningar"], [P1, "2025-01-10", None, None, None]],
        "Steg": [STEG, [P1, "2025-01-10", 1, "Sanna Öhman", None], [P1, "2025-01-09", 1, None, None]],
    })
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, book)
    assert [str(x) for x in e.value.report.errors] == [
        "Steg, rad 3, Datum: 2025-01-09 ligger före personens första inskrivning (2025-01-10)."]
    write_workbook(book, {
        "Deltagare": [HEADERS["Deltagare"], [P1, "Örjan", "Åberg", None, None, None, "Sanna Öhman", None, None]],
        "Inskrivningar": [HEADERS["Inskrivningar"], [P1, "2025-01-10", None, None, None]],
        "Steg": [STEG, [P1, "2025-01-10", 1, "Sanna Öhman", None]],
    })
    import_workbook(db, book)
    with db.reading() as s:
        pid = ps.find_participant(s, P1).id
        entry = steps.history(s, pid)[0]
    assert entry.assessor == "Sanna Öhman" and entry.assessor_id is not None  # the coach added by Deltagare


def test_template_documents_the_steg_sheet(db, tmp_path):
    from openpyxl import load_workbook

    from ame_desktop.services.importing import all_sheets
    from ame_desktop.io.template import write_template
    from ame_desktop.services.steps_import import SPEC

    assert SPEC in all_sheets()  # so the full template has it; written alone here to stay fast
    write_template(tmp_path / "mall.xlsx", [("0860", "Hultsfred")], sheets=[SPEC])
    wb = load_workbook(tmp_path / "mall.xlsx")
    assert [c.value for c in wb["Steg"][1]] == STEG
    text = "\n".join(str(c.value) for row in wb["Instruktioner"].iter_rows() for c in row if c.value)
    assert "Bladet Steg" in text and "Nivåns nummer" in text


# -- demo ----------------------------------------------------------------------------------------
def test_demo_makes_step_histories(cli, db_url):
    assert cli("demo", "--participants", "60").code == 0
    stats = json.loads(cli("stats").out)
    assert stats["step_assessments"] > 0
    from ame_desktop.store.schema import open_register

    db = open_register(db_url)
    try:
        with db.reading() as s:
            today = date.today()
            rows = s.execute(sa.text(
                "SELECT a.participant_id, a.assessed_on FROM step_assessment a")).all()
            people = {r[0] for r in rows}
            assert len(people) >= 0.6 * 60  # most participants
            for pid in list(people)[:25]:
                hist = steps.history(s, pid)
                first = steps.first_enrollment_start(s, pid)
                assert all(first <= e.assessed_on <= today for e in hist)
            versions = {m.version for m in steps.list_models(s, include_old_versions=True)}
            r = steps.summarize(s, today - timedelta(days=365), today)
            assert r.total().assessed > 0 and r.total().forward > r.total().back
        assert versions == {1, 2}
    finally:
        db.dispose()


# -- who may do what -----------------------------------------------------------------------------
def test_roles_municipalities_and_the_audit_log(db):
    from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH, ROLE_READER
    from ame_desktop.domain.errors import NotFoundError
    from ame_desktop.services import accounts, audit
    from ame_desktop.services.authz import PermissionDenied

    password = "hemligt-lösen-1"
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", password, ROLE_ADMIN)
    db.actor = admin = accounts.sign_in_db(db, "anna", password)
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", password, ROLE_COACH, ["0860"])
        accounts.create_account(s, "Läsa Läsare", "lasare", password, ROLE_READER)
        here = person(s, P1)
        there = person(s, P2, "Märta", "Öberg", municipality="2260")
        steps.add_assessment(s, there, "2025-02-01", 2, today=TODAY)

    db.actor = accounts.sign_in_db(db, "kerstin", password)
    with db.transaction() as s:
        a = steps.add_assessment(s, here, "2025-02-01", 1, today=TODAY)
        steps.update_assessment(s, a.id, "2025-02-01", 2, comment="Bättre rutiner", today=TODAY)
    with pytest.raises(NotFoundError), db.reading() as s:
        steps.history(s, there)  # another municipality: as if the person did not exist
    with pytest.raises(NotFoundError), db.transaction() as s:
        steps.add_assessment(s, there, "2025-03-01", 1, today=TODAY)
    with pytest.raises(PermissionDenied), db.transaction() as s:
        steps.add_dimension(s, "Boende")  # the unit's definitions: administrators only
    with db.reading() as s:
        r = steps.summarize(s, "2025-01-01", "2025-12-31")
        assert r.total().assessed == 1 and [g.key for g in r.by("municipality")] == ["0860"]
    db.actor = admin  # the log: administrators only
    with db.reading() as s:
        log = audit.entries(s, participant_id=here)
        assert audit.verify_chain(s) == []
    changes = [e for e in log if e.entity == "step_assessment"]
    assert [e.action for e in changes] == ["update", "create"] and all(e.actor == "kerstin" for e in changes)
    assert '"kommentar": [null, "Bättre rutiner"]' in changes[0].details
    assert '"nivå": ["1 Kartläggning", "2 Förberedande insats"]' in changes[0].details

    db.actor = accounts.sign_in_db(db, "lasare", password)
    with pytest.raises(PermissionDenied), db.transaction() as s:
        steps.add_assessment(s, here, "2025-03-01", 1, today=TODAY)
    with db.reading() as s:
        assert steps.summarize(s, "2025-01-01", "2025-12-31").total().assessed == 2  # sees both
