"""Individuell plan: content rules, versions, the printed PDF (read back with pypdf), recorded
prints and reprints, batch printing, demo plans."""

from __future__ import annotations

import getpass
import json
import re
import struct
import zlib
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from ame_desktop.domain.errors import NotFoundError, UserError, ValidationError
from ame_desktop.domain.models import PlanPrint, PlanVersion, StepAssessment, StepLevel, StepModel
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services import plans
from ame_desktop.services import staff

TODAY = date(2026, 11, 20)
PRINTED = datetime(2026, 3, 3, 14, 5)
ÖRJAN = "640823-3234"
MÄRTA = "701063-2391"


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def count(s, model) -> int:
    return s.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def pdf_text(path: Path) -> str:
    """All pages' text, whitespace collapsed (lines wrap where the page is full)."""
    return " ".join(" ".join(pdf_pages(path)).split())


def sample_content(**changes) -> plans.PlanContent:
    c = plans.PlanContent(
        long_term_goal="Få ett arbete inom lager och logistik; på sikt bli självförsörjande (ÅÄÖ åäö é).",
        short_term_goals=[plans.Goal("Ta fram ett CV och ett personligt brev", "2026-12-15"),
                          plans.Goal("Ta truckkort A och B", "2027-02-01")],
        activities=[plans.PlannedActivity("Arbetsträning – Återbruket", 4, [4, 4, 4, 4, 4, 0, 0]),
                    plans.PlannedActivity("Svenska på jobbet", 2, [0, 3, 0, 3, 0, 0, 0]),
                    plans.PlannedActivity("Eget jobbsökande", 0, [1.5, 0, 1.5, 0, 1.5, 0, 0])],
        requirement_hours=30, reduction_reason="Deltidsarbete 25 % på Ölands bryggeri",
        job_seeking_text="Söker minst fem jobb i veckan via Platsbanken och redovisar dem på jobbklubben.",
        support=[plans.Support("Arbetsförmedlingen", "Inskriven; handläggaren stöttar med matchning."),
                 plans.Support("Hälso- och sjukvården", "Vårdcentralen följer upp ryggbesvären.")],
        follow_ups=[plans.FollowUp("2027-01-20", "Andra uppföljningen"), plans.FollowUp("2026-12-01", "Första uppföljningen")],
        participant_commitments=["Delta enligt veckoschemat.", "Meddela frånvaro samma dag."],
        unit_commitments=["Ge stöd i kontakten med arbetsgivare.", "Följa upp planen på avtalade datum."],
    )
    for k, v in changes.items():
        setattr(c, k, v)
    return c


def add_steps(s, pid: int) -> None:
    model = StepModel(name="Standard", is_current=True)
    s.add(model)
    s.flush()
    ids = {}
    for n, name in enumerate(["Kartläggning", "Förberedande insats", "Arbetsträning", "Praktik/arbetsprövning",
                              "Jobbsök/matchning", "Arbete eller studier"], 1):
        level = StepLevel(model_id=model.id, number=n, name=name)
        s.add(level)
        s.flush()
        ids[n] = level.id
    for d, n in [("2026-01-15", 1), ("2026-03-01", 2), ("2026-05-10", 3), ("2026-10-01", 4)]:
        s.add(StepAssessment(participant_id=pid, assessed_on=date.fromisoformat(d), level_id=ids[n]))


def build_register(db, *, with_plan: bool = True, steps: bool = True) -> dict:
    """Örjan (coach Kerstin, reduced requirement, schedule, steps, a plan); Märta (no plan)."""
    with db.transaction() as s:
        kerstin = staff.add_staff(s, "Kerstin Ålund")
        lena = staff.add_staff(s, "Lena Berg")
        a = ps.create_participant(s, ps.ParticipantInput(ÖRJAN, "Örjan", "Åberg", staff_id=kerstin.id))
        b = ps.create_participant(s, ps.ParticipantInput(MÄRTA, "Märta", "Öberg", staff_id=lena.id))
        es.add_enrollment(s, a.id, "2026-01-10")
        es.add_enrollment(s, b.id, "2026-02-01")
        ar.add_period(s, a.id, "2026-07-01", None, 30, "Deltidsarbete 25 % på Ölands bryggeri")
        work = ar.add_activity(s, "Arbetsträning – Återbruket", 4).id
        seek = ar.job_seeking_activity(s).id  # own job seeking (JOBBSOK), seeded with the register
        ar.set_schedule(s, a.id, [ar.ScheduleItem(work, d, 5) for d in range(5)]
                        + [ar.ScheduleItem(seek, d, 2) for d in (0, 2)])
        if steps:
            add_steps(s, a.id)
        if with_plan:
            plans.save_plan(s, a.id, sample_content(), created_by="Kerstin Ålund", today=TODAY,
                            now=datetime(2026, 2, 20, 9, 0))
    return {"örjan": a.id, "märta": b.id, "kerstin": kerstin.id, "lena": lena.id}


@pytest.fixture
def reg(db):
    return build_register(db)


# -- the printed document ----------------------------------------------------------------------
SECTIONS = ["Individuell plan", "Långsiktigt mål", "Delmål", "Planerade aktiviteter och veckoschema",
            "Aktivitetskrav", "Tid för eget jobbsökande", "Stöd från andra aktörer", "Uppföljning", "Åtaganden",
            "Stegförflyttning", "Underskrifter"]


def test_every_section_is_printed_with_swedish_letters(cli, reg, tmp_path):
    out = tmp_path / "plan.pdf"
    r = cli("plan", ÖRJAN, "--out", str(out))
    assert r.code == 0, r.err
    assert str(out) in r.out and not r.err
    text = pdf_text(out)
    for heading in SECTIONS:
        assert heading in text, heading
    for expected in [
        "Hultsfreds kommun", "Arbetsmarknadsenheten", "Örjan Åberg", "19640823-3234", "Kerstin Ålund",
        "Version 1", "2026-02-20",
        "på sikt bli självförsörjande (ÅÄÖ åäö é)",
        "Ta fram ett CV och ett personligt brev", "2026-12-15", "Ta truckkort A och B", "2027-02-01",
        "Arbetsträning – Återbruket", "Svenska på jobbet", "Eget jobbsökande",
        "Mån", "Tis", "Ons", "Tor", "Fre", "Lör", "Sön", "Summa per dag", "30,5",
        "Nedsatt omfattning: 30 timmar per vecka", "Deltidsarbete 25 % på Ölands bryggeri",
        "4,5 timmar per vecka är avsatta för eget jobbsökande", "Söker minst fem jobb i veckan via Platsbanken",
        "Arbetsförmedlingen", "Vårdcentralen följer upp ryggbesvären", "Hälso- och sjukvården",
        "2026-12-01", "Första uppföljningen", "2027-01-20", "Andra uppföljningen",
        "Deltagaren åtar sig att", "Meddela frånvaro samma dag.", "Arbetsmarknadsenheten åtar sig att",
        "Följa upp planen på avtalade datum.",
        "Senaste bedömning 2026-10-01: steg 4 – Praktik/arbetsprövning", "Kartläggning",
        "Underskrift", "Namnförtydligande", "Ort och datum",
    ]:
        assert expected in text, expected
    # follow-ups come in date order whatever order they were typed in
    assert text.index("Första uppföljningen") < text.index("Andra uppföljningen")


def test_page_numbers_on_every_page(db, reg, tmp_path):
    out = tmp_path / "plan.pdf"
    with db.transaction() as s:
        result = plans.print_plan(s, ÖRJAN, out, now=PRINTED)
    pages = pdf_pages(out)
    assert result.pages == len(pages) >= 2
    for i, page in enumerate(pages, 1):
        assert f"Sida {i} av {len(pages)}" in page
        assert "Utskrivet 2026-03-03" in page and "Individuell plan – Örjan Åberg, 19640823-3234" in page


WORDS = ("arbetsträning", "språkstöd", "återkoppling", "jobbsökande", "yrkesvägledning", "hälsa", "motivation",
         "arbetsgivare", "praktikplats", "Komvux", "körkort", "självförtroende", "schemalagd", "närvaro",
         "förändring", "överenskommelse", "ansökan", "intervju", "nätverk", "vardagsrutiner")


def long_text(n: int, seed: int) -> str:
    """n numbered words, so a lost line shows as a missing number."""
    return " ".join(f"{WORDS[(i * 7 + seed) % len(WORDS)]}{seed}x{i}" for i in range(n))


def test_three_page_plan_from_long_texts_loses_nothing(db, reg, tmp_path):
    # near the length limits: 10 000 characters for the goal and the job-seeking text, 2 000 a row
    texts = {f"goal": long_text(550, 1), "seek": long_text(300, 2) + "\n" + long_text(240, 3)}
    for name, seed in (("short1", 4), ("short2", 5), ("short3", 6), ("support1", 7), ("support2", 8),
                       ("commit1", 9), ("commit2", 10), ("unit", 11), ("note", 12)):
        texts[name] = long_text(110, seed)
    content = sample_content(
        long_term_goal=texts["goal"],
        short_term_goals=[plans.Goal(texts["short1"], "2027-01-01"), plans.Goal(texts["short2"], None),
                          plans.Goal(texts["short3"], "2027-06-30")],
        job_seeking_text=texts["seek"],
        support=[plans.Support("Försäkringskassan", texts["support1"]), plans.Support("Komvux", texts["support2"])],
        participant_commitments=[texts["commit1"], texts["commit2"]],
        unit_commitments=[texts["unit"]],
        follow_ups=[plans.FollowUp("2027-03-01", texts["note"])],
    )
    assert all(len(v) <= (10_000 if k in ("goal", "seek") else 2_000) for k, v in texts.items())
    with db.transaction() as s:
        assert plans.save_plan(s, reg["örjan"], content, today=TODAY).version.version == 2
        result = plans.print_plan(s, ÖRJAN, tmp_path / "lång.pdf", now=PRINTED)
    pages = pdf_pages(result.path)
    assert len(pages) >= 3
    for i, page in enumerate(pages, 1):
        assert f"Sida {i} av {len(pages)}" in page
    found = set(re.findall(r"\w+", "\n".join(pages)))
    for name, text in texts.items():
        missing = [w for w in re.findall(r"\w+", text) if w not in found]
        assert not missing, (name, missing[:5])
    assert "Underskrifter" in pages[-1]


def test_reprint_gives_the_same_document(db, reg, tmp_path):
    first = tmp_path / "original.pdf"
    with db.transaction() as s:
        printed = plans.print_plan(s, ÖRJAN, first, printed_by="kerstin", now=PRINTED)
    # the plan and the register change afterwards: the reprint still shows what was printed
    with db.transaction() as s:
        plans.save_plan(s, reg["örjan"], sample_content(long_term_goal="Ett helt nytt mål."), today=TODAY)
        ps.update_participant(s, reg["örjan"], ps.ParticipantInput(ÖRJAN, "Örjan", "Åberg-Lind",
                                                                  staff_id=reg["lena"]))
    again = tmp_path / "kopia.pdf"
    with db.reading() as s:
        copy = plans.reprint(s, printed.print_id, again)
        row = s.get(PlanPrint, printed.print_id)
    assert pdf_text(again) == pdf_text(first)
    assert copy.content_hash == printed.content_hash == row.content_hash
    assert again.read_bytes() == first.read_bytes()  # even byte for byte
    assert "Utskrivet 2026-03-03" in pdf_text(again) and "Ett helt nytt mål" not in pdf_text(again)
    assert printed.content_hash[:16] in pdf_text(first)


def test_print_is_recorded_and_can_be_found_by_date(db, reg, tmp_path):
    with db.transaction() as s:
        a = plans.print_plan(s, ÖRJAN, tmp_path / "a.pdf", now=PRINTED)
        b = plans.print_plan(s, "19640823-3234", tmp_path / "b.pdf", now=datetime(2026, 3, 10, 9, 0),
                             printed_by="Lena Berg")
    with db.reading() as s:
        row = s.get(PlanPrint, a.print_id)
        snap = json.loads(row.snapshot)
        on_3_march = plans.list_prints(s, reg["örjan"], on=date(2026, 3, 3))
        everything = plans.list_prints(s, reg["örjan"])
        signed = plans.print_in_force(s, reg["örjan"], date(2026, 3, 5))
        before = plans.print_in_force(s, reg["örjan"], date(2026, 3, 2))
    assert re.fullmatch(r"[0-9a-f]{64}", row.content_hash) and row.content_hash == a.content_hash
    # No accounts: the computer's user acts, under the name the audit log gives it (issue 18).
    assert row.printed_by == db.actor.name == f"{getpass.getuser()} (datorn)" and row.printed_at == PRINTED
    assert snap["person"] == {"name": "Örjan Åberg", "personnummer": "19640823-3234", "coach": "Kerstin Ålund"}
    assert snap["header"]["municipality"] == "Hultsfreds kommun"
    assert snap["content"]["long_term_goal"].startswith("Få ett arbete")
    assert snap["steps"]["points"][-1] == ["2026-10-01", 4, "Praktik/arbetsprövning"]
    assert snap["printed_at"] == "2026-03-03T14:05:00"
    # same version, same surroundings: the same hash (it identifies the text, not the moment)
    assert a.content_hash == b.content_hash
    assert [p.id for p in on_3_march] == [a.print_id]
    assert [p.id for p in everything] == [b.print_id, a.print_id]
    assert signed.id == a.print_id and signed.version == 1 and before is None


def test_versions_and_printing_an_older_one(cli, db, reg, tmp_path):
    with db.transaction() as s:
        second = plans.save_plan(s, reg["örjan"], sample_content(long_term_goal="Börja studera på Komvux."),
                                 today=TODAY)
    assert second.version.version == 2
    with db.reading() as s:
        assert [v.version for v in plans.list_versions(s, reg["örjan"])] == [2, 1]
        assert plans.get_version(s, reg["örjan"], 1)[1].long_term_goal.startswith("Få ett arbete")
        assert s.get(PlanVersion, 1).content == s.get(PlanVersion, 1).content  # version 1 untouched
    latest, old = tmp_path / "v2.pdf", tmp_path / "v1.pdf"
    assert cli("plan", ÖRJAN, "--out", str(latest)).code == 0
    assert cli("plan", ÖRJAN, "--out", str(old), "--version", "1").code == 0
    assert "Börja studera på Komvux" in pdf_text(latest) and "Version 2" in pdf_text(latest)
    assert "Få ett arbete inom lager" in pdf_text(old) and "Version 1" in pdf_text(old)
    r = cli("plan", ÖRJAN, "--out", str(tmp_path / "v9.pdf"), "--version", "9")
    assert r.code == 2 and "ingen version 9" in r.err and "1–2" in r.err
    assert not (tmp_path / "v9.pdf").exists()


def test_person_without_plan_or_unknown_gets_a_clear_message(cli, reg, tmp_path, db):
    out = tmp_path / "märta.pdf"
    r = cli("plan", MÄRTA, "--out", str(out))
    assert r.code == 2
    assert "Märta Öberg" in r.err and "har ingen individuell plan" in r.err
    assert not out.exists() and not list(tmp_path.glob("*.tmp"))
    r = cli("plan", "19121212-1212", "--out", str(out))
    assert r.code == 2 and "Ingen deltagare" in r.err
    r = cli("plan", "12345", "--out", str(out))
    assert r.code == 2
    r = cli("plan", ÖRJAN, "--out", str(tmp_path / "plan.docx"))
    assert r.code == 2 and ".pdf" in r.err
    with db.reading() as s:
        assert count(s, PlanPrint) == 0


def test_chart_only_when_steps_exist(db, tmp_path):
    build_register(db, steps=False)
    with db.transaction() as s:
        r = plans.print_plan(s, ÖRJAN, tmp_path / "plan.pdf", now=PRINTED)
        assert json.loads(s.get(PlanPrint, r.print_id).snapshot)["steps"] is None
    assert "Stegförflyttning" not in pdf_text(r.path)


def tiny_png() -> bytes:
    """A 4×2 blue PNG, written by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x1f\x4e\x79" * 4 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_logo_from_ame_logo_is_printed_and_kept_for_reprints(db, reg, tmp_path, monkeypatch):
    logo = tmp_path / "logo.png"
    logo.write_bytes(tiny_png())
    monkeypatch.setenv(plans.LOGO_ENV, str(logo))
    with db.transaction() as s:
        r = plans.print_plan(s, ÖRJAN, tmp_path / "plan.pdf", now=PRINTED)
    assert len(PdfReader(r.path).pages[0].images) == 1
    logo.unlink()  # the file goes away; the reprint still has the logo from the snapshot
    with db.reading() as s:
        plans.reprint(s, r.print_id, tmp_path / "kopia.pdf")
    assert len(PdfReader(tmp_path / "kopia.pdf").pages[0].images) == 1
    monkeypatch.setenv(plans.LOGO_ENV, str(tmp_path / "saknas.png"))  # a missing logo is no error
    with db.transaction() as s:
        r = plans.print_plan(s, ÖRJAN, tmp_path / "utan.pdf", now=PRINTED)
    assert len(PdfReader(r.path).pages[0].images) == 0


# -- content rules -----------------------------------------------------------------------------
def errors_of(db, pid, content) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        with db.transaction() as s:
            plans.save_plan(s, pid, content, today=TODAY)
    return {e.field: e.message for e in info.value.errors}


def test_validation_names_the_field_in_swedish(db, reg):
    pid = reg["örjan"]
    bad = sample_content(
        long_term_goal="  ",
        short_term_goals=[plans.Goal("", "2026-12-01"), plans.Goal("Klara SFI C", "2026-13-01"),
                          plans.Goal("", None)],  # an empty row is simply dropped
        activities=[plans.PlannedActivity("Arbetsträning", 4, [4, "3,3", 0, 0, 0, 0, 0]),
                    plans.PlannedActivity("", 5, [2, 0, 0, 0, 0, 0, 0]),
                    plans.PlannedActivity("Jobbklubben", 3, [0] * 7)],
        follow_ups=[plans.FollowUp("1 mars", "Uppföljning")],
        support=[plans.Support("", "Något stöd")],
    )
    errors = errors_of(db, pid, bad)
    assert errors["long_term_goal"] == "Långsiktigt mål måste fyllas i."
    assert errors["short_term_goals[0].text"].startswith("Delmål 1:")
    assert "omöjligt datum" in errors["short_term_goals[1].target_date"] and "Delmål 2" in errors[
        "short_term_goals[1].target_date"]
    assert "short_term_goals[2].text" not in errors
    assert "kvartar" in errors["activities[0].hours[1]"] and "tisdag" in errors["activities[0].hours[1]"]
    assert "namnet måste fyllas i" in errors["activities[1].name"]
    assert "kategorin ska vara 1, 2, 3 eller 4" in errors["activities[1].category"]
    assert "minst en veckodag" in errors["activities[2].hours"]
    assert "Uppföljning 1" in errors["follow_ups[0].date"] and "ÅÅÅÅ-MM-DD" in errors["follow_ups[0].date"]
    assert "Stöd 1" in errors["support[0].actor"]
    with db.reading() as s:
        assert [v.version for v in plans.list_versions(s, pid)] == [1]  # nothing saved


def test_requirement_scope_rules(db, reg):
    pid = reg["örjan"]
    errors = errors_of(db, pid, sample_content(requirement_hours=25, reduction_reason=None))
    assert "nedsatt" in errors["reduction_reason"]
    errors = errors_of(db, pid, sample_content(requirement_hours="41"))
    assert "0–40" in errors["requirement_hours"]
    errors = errors_of(db, pid, sample_content(exemption="semester"))
    assert "Okänt undantag" in errors["exemption"]
    with db.transaction() as s:
        saved = plans.save_plan(s, pid, sample_content(exemption="sjuk", requirement_hours=40), today=TODAY)
    assert saved.content.exemption == "SJUK" and saved.content.requirement_hours is None


def test_time_for_job_seeking_is_required_with_a_requirement(db, reg):
    no_seeking = [plans.PlannedActivity("Arbetsträning – Återbruket", 4, [6, 6, 6, 6, 6, 0, 0])]
    errors = errors_of(db, reg["örjan"], sample_content(activities=no_seeking))
    assert "Tid för eget jobbsökande saknas" in errors["job_seeking"] and "kategori 3" in errors["job_seeking"]
    # no scope in the plan, but a current non-exempt requirement period in the register: still refused
    errors = errors_of(db, reg["örjan"], sample_content(activities=no_seeking, requirement_hours=None,
                                                        reduction_reason=None))
    assert "deltagaren har aktivitetskrav på 30 timmar" in errors["job_seeking"]
    with db.transaction() as s:
        # exempt, or no requirement at all (Märta has no period): allowed
        plans.save_plan(s, reg["örjan"], sample_content(activities=no_seeking, exemption="SJUK"), today=TODAY)
        plans.save_plan(s, reg["märta"], sample_content(activities=no_seeking, requirement_hours=None), today=TODAY)
        # a warning, not an error: fewer planned hours than the scope
        r = plans.save_plan(s, reg["märta"], sample_content(requirement_hours=40, reduction_reason=None), today=TODAY)
    assert r.warnings and "30,5 timmar" in r.warnings[0] and "40 timmar" in r.warnings[0]


def test_own_job_seeking_is_not_category_3_and_has_a_municipal_minimum(db, reg):
    from ame_desktop.services.settings import set_setting

    workshop = [plans.PlannedActivity("Arbetsträning – Återbruket", 4, [6, 6, 6, 6, 6, 0, 0]),
                plans.PlannedActivity("Jobbklubben", 3, [0, 0, 0.25, 0, 0, 0, 0])]
    errors = errors_of(db, reg["örjan"], sample_content(activities=workshop))
    assert "Tid för eget jobbsökande saknas" in errors["job_seeking"]  # 0.25 h of a workshop is not enough
    little = workshop + [plans.PlannedActivity("Eget jobbsökande", 0, [1, 0, 0, 0, 0, 0, 0])]
    errors = errors_of(db, reg["örjan"], sample_content(activities=little))
    assert "är 1 timmar i veckan" in errors["job_seeking"] and "minst 4 timmar" in errors["job_seeking"]
    with db.transaction() as s:
        set_setting(s, "job_seeking_minimum_hours", "1")
        assert plans.save_plan(s, reg["örjan"], sample_content(activities=little), today=TODAY).version


def test_content_round_trips_through_json(db, reg):
    with db.reading() as s:
        _info, content = plans.get_version(s, reg["örjan"])
    assert plans.PlanContent.from_json(json.loads(json.dumps(content.to_json()))) == content
    assert content.short_term_goals[0].target_date == date(2026, 12, 15)
    assert content.job_seeking_hours == 4.5 and content.activities[2].weekdays == [0, 2, 4]


def test_start_from_the_current_data(db):
    ids = build_register(db, with_plan=False)
    with db.reading() as s:
        fresh = plans.draft_plan(s, ids["örjan"], today=TODAY)
        kept = plans.prefill_from_register(s, ids["örjan"], base=sample_content(), today=TODAY)
        with pytest.raises(NotFoundError, match="har ingen individuell plan"):
            plans.get_version(s, ids["örjan"])
    assert [(a.name, a.category, a.hours) for a in fresh.activities] == [
        ("Arbetsträning – Återbruket", 4, [5, 5, 5, 5, 5, 0, 0]), ("Eget jobbsökande", 0, [2, 0, 2, 0, 0, 0, 0])]
    assert fresh.requirement_hours == 30 and fresh.reduction_reason.startswith("Deltidsarbete")
    assert fresh.participant_commitments == list(plans.DEFAULT_PARTICIPANT_COMMITMENTS)
    assert kept.long_term_goal.startswith("Få ett arbete") and len(kept.activities) == 2
    with db.transaction() as s:
        fresh.long_term_goal = "Arbete inom lager."
        assert plans.save_plan(s, ids["örjan"], fresh, today=TODAY).version.version == 1


def test_kommun_names():
    assert plans.kommun_name("Hultsfred") == "Hultsfreds kommun"
    assert plans.kommun_name("Ånge") == "Ånge kommun"
    assert plans.kommun_name("Östra Göinge") == "Östra Göinge kommun"
    assert plans.kommun_name("Robertsfors") == "Robertsfors kommun"
    assert plans.kommun_name("Falun") == "Falu kommun"


# -- batch -------------------------------------------------------------------------------------
def fictitious(yymmdd: str, serial: str) -> str:
    """A personnummer with a valid check digit (Luhn over the nine digits)."""
    total = 0
    for i, ch in enumerate(yymmdd + serial):
        v = int(ch) * (2 - i % 2)
        total += v - 9 if v > 9 else v
    return f"19{yymmdd}-{serial}{(10 - total % 10) % 10}"


@pytest.fixture
def crowd(db):
    """Örjan and Märta, plus six more of Kerstin's people with plans; one has ended."""
    ids = build_register(db)
    numbers = ["19121212-1212"] + [fictitious(born, serial) for born, serial in
                                   [("900101", "001"), ("850505", "012"), ("770707", "024"), ("660606", "036"),
                                    ("550505", "048")]]
    with db.transaction() as s:
        plans.save_plan(s, ids["märta"], sample_content(requirement_hours=None), today=TODAY)
        extra = []
        for i, number in enumerate(numbers):
            p = ps.create_participant(s, ps.ParticipantInput(number, f"Person{i}", "Åström", staff_id=ids["kerstin"]))
            es.add_enrollment(s, p.id, "2026-03-01", "2026-06-30" if i == 5 else None,
                              exit_reason="D" if i == 5 else None)
            if i != 4:
                plans.save_plan(s, p.id, sample_content(requirement_hours=None), today=TODAY)
            extra.append(p.id)
    ids["extra"] = extra
    return ids


def test_active_participants_of_a_coach_or_the_unit(db, crowd):
    with db.reading() as s:
        kerstins = plans.active_participants(s, crowd["kerstin"], today=TODAY)
        unit = plans.active_participants(s, today=TODAY)
    assert len(kerstins) == 6  # Örjan + five still enrolled
    assert crowd["extra"][5] not in [p.id for p in unit] and len(unit) == 7
    assert [p.has_plan for p in kerstins].count(False) == 1


def test_batch_into_one_file_records_every_print(db, crowd, tmp_path):
    with db.reading() as s:
        ids = [p.id for p in plans.active_participants(s, today=TODAY)]
    out = tmp_path / "alla.pdf"
    seen = []
    result = plans.print_batch(db, ids, out, True, lambda text, f: seen.append((text, f)), lambda: False,
                               now=PRINTED)
    assert (result.printed, result.without_plan, result.cancelled, result.files) == (6, 1, False, [out])
    pages = pdf_pages(out)
    starts = [i for i, page in enumerate(pages) if "Sida 1 av" in page]
    assert len(starts) == 6  # each plan numbers its own pages
    for start, end in zip(starts, starts[1:] + [len(pages)]):
        n = end - start
        for k in range(n):
            assert f"Sida {k + 1} av {n}" in pages[start + k]
    assert "Märta Öberg" in "".join(pages) and "Örjan Åberg" in "".join(pages)
    assert seen[-1] == ("Klart.", 1.0) and all(0 <= f <= 1 for _t, f in seen)
    with db.reading() as s:
        assert count(s, PlanPrint) == 6


def test_batch_into_a_folder_one_file_each(db, crowd, tmp_path):
    with db.reading() as s:
        ids = [p.id for p in plans.active_participants(s, crowd["kerstin"], today=TODAY)]
    folder = tmp_path / "planer"
    result = plans.print_batch(db, ids, folder, False, None, None, now=PRINTED)
    assert result.printed == 5 and result.without_plan == 1
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 5 and "plan_19640823-3234_Åberg_Örjan.pdf" in names
    assert "Örjan Åberg" in pdf_text(folder / "plan_19640823-3234_Åberg_Örjan.pdf")
    with db.reading() as s:
        assert count(s, PlanPrint) == 5


class CancelAfter:
    """`cancelled()` that says yes from its (k+1)-th question on."""

    def __init__(self, k: int):
        self.k, self.asked = k, 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked > self.k


def test_cancelled_batch_into_one_file_leaves_nothing(db, crowd, tmp_path):
    with db.reading() as s:
        ids = [p.id for p in plans.active_participants(s, today=TODAY)]
    folder = tmp_path / "ut"
    folder.mkdir()
    # asked once while gathering, then before each plan: cancelled as the 4th plan starts
    result = plans.print_batch(db, ids, folder / "alla.pdf", True, None, CancelAfter(4), now=PRINTED)
    assert result.cancelled and result.printed == 0 and result.files == []
    assert list(folder.iterdir()) == []  # no PDF, no temporary file
    with db.reading() as s:
        assert count(s, PlanPrint) == 0


def test_cancelled_batch_into_a_folder_keeps_only_whole_files(db, crowd, tmp_path):
    with db.reading() as s:
        ids = [p.id for p in plans.active_participants(s, today=TODAY) if p.has_plan]
    folder = tmp_path / "planer"
    result = plans.print_batch(db, ids, folder, False, None, CancelAfter(3), now=PRINTED)
    assert result.cancelled and result.printed == 3
    files = sorted(folder.iterdir())
    assert len(files) == 3 and all(f.suffix == ".pdf" for f in files)
    for f in files:
        assert len(PdfReader(f).pages) >= 1  # complete, readable documents
    with db.reading() as s:
        assert count(s, PlanPrint) == 3


def test_batch_refuses_bad_targets(db, crowd, tmp_path):
    with pytest.raises(UserError, match=".pdf"):
        plans.print_batch(db, [crowd["örjan"]], tmp_path / "alla.txt", True)
    (tmp_path / "fil.pdf").write_text("x")
    with pytest.raises(UserError, match="är en fil"):
        plans.print_batch(db, [crowd["örjan"]], tmp_path / "fil.pdf", False)
    with pytest.raises(UserError, match="Ingen av de valda"):
        plans.print_batch(db, [crowd["extra"][4]], tmp_path / "x.pdf", True)


# -- demo ----------------------------------------------------------------------------------------
def test_demo_gives_active_participants_valid_plans(db, tmp_path):
    from ame_desktop.services.demo import make_demo

    with db.transaction() as s:
        make_demo(s, participants_count=40, seed=3, today=TODAY)
    with db.reading() as s:
        active = plans.active_participants(s, today=TODAY)
        assert active and all(p.has_plan for p in active)
        for p in active:
            _info, content = plans.get_version(s, p.id)
            assert content.long_term_goal and content.follow_ups
            plans.clean_plan(s, p.id, content, TODAY)  # still valid
            if content.has_requirement or (plans.current_period(s, p.id, TODAY) and not content.exemption):
                assert content.job_seeking_hours > 0
        assert count(s, PlanVersion) > len(active)  # some have an earlier version
    with db.transaction() as s:
        r = plans.print_participant_plan(s, active[0].id, tmp_path / "demo.pdf", now=PRINTED)
    assert "Individuell plan" in pdf_text(r.path)
