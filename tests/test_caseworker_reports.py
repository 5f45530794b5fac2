"""Reports per recipient (`report activity --personnummer/--handlaggare/--per-handlaggare`) and
the nämnd's monthly list (`report eb-list`), on the hand-built register of caseworker_fixtures."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.caseworker_fixtures import A, B, C, D, E, add_accounts, as_user, build


@pytest.fixture
def reg(db):
    return build(db)


def _json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_per_person_and_per_caseworker_entries_are_those_of_the_full_report(db, reg, cli, tmp_path):
    assert cli("report", "activity", "--month", "2026-10", "--out", str(tmp_path / "all.json")).code == 0
    full = {p["personnummer"]: p for p in _json(tmp_path / "all.json")["participants"]}
    assert set(full) == {A, B, C, D}

    r = cli("report", "activity", "--month", "2026-10", "--handlaggare", "karin berg", "--out", str(tmp_path / "k.json"))
    assert r.code == 0, r
    k = _json(tmp_path / "k.json")
    assert k["month"] == "2026-10"
    assert k["participants"] == [full[A]]

    r = cli("report", "activity", "--month", "2026-10", "--personnummer", "19850314-1239", "--out",
            str(tmp_path / "b.json"))
    assert r.code == 0, r
    assert _json(tmp_path / "b.json")["participants"] == [full[B]]

    # A person without a requirement in the month: no entry (filters only drop entries).
    r = cli("report", "activity", "--month", "2026-10", "--personnummer", E, "--out", str(tmp_path / "e.json"))
    assert r.code == 0 and _json(tmp_path / "e.json")["participants"] == []


def test_unknown_caseworker_or_person_is_exit_2(db, reg, cli, tmp_path):
    r = cli("report", "activity", "--month", "2026-10", "--handlaggare", "Ingen Alls", "--out", str(tmp_path / "x.json"))
    assert r.code == 2 and "Ingen Alls" in r.err
    r = cli("report", "activity", "--month", "2026-10", "--personnummer", "199204153341", "--out",
            str(tmp_path / "x.json"))
    assert r.code == 2 and "finns" in r.err
    assert not (tmp_path / "x.json").exists()


def test_one_file_per_caseworker_named_after_the_caseworker(db, reg, cli, tmp_path):
    out = tmp_path / "handläggare"
    r = cli("report", "activity", "--month", "2026-10", "--per-handlaggare", str(out), "--format", "json")
    assert r.code == 0, r
    assert "1 personer har ingen handläggare" in r.err  # C: in no caseworker's file
    files = {p.name: _json(p) for p in out.iterdir()}
    assert set(files) == {"Karin Berg.json", "Lars Lund.json", "Sara Ek.json"}
    assert [p["personnummer"] for p in files["Karin Berg.json"]["participants"]] == [A]
    assert [p["personnummer"] for p in files["Lars Lund.json"]["participants"]] == [B]
    assert [p["personnummer"] for p in files["Sara Ek.json"]["participants"]] == [D]
    for name in files:
        assert not any(ch.isdigit() for ch in name)
        assert "Åberg" not in name and "Örjan" not in name

    pdfs = tmp_path / "pdf"
    assert cli("report", "activity", "--month", "2026-10", "--per-handlaggare", str(pdfs)).code == 0
    text = "".join(page.extract_text() for page in PdfReader(pdfs / "Karin Berg.pdf").pages)
    assert "Åberg" in text and "Berg, Bo" not in text and "Bo Berg" not in text and "Märta" not in text


def test_a_coach_of_0860_gets_no_file_and_no_entry_of_2260(db, reg, cli, tmp_path, monkeypatch):
    add_accounts(db, reg)
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", "hemligt-lösen-1")
    out = tmp_path / "per"
    assert cli("report", "activity", "--month", "2026-10", "--per-handlaggare", str(out), "--format", "json").code == 0
    assert "Sara Ek.json" not in {p.name for p in out.iterdir()}
    r = cli("report", "activity", "--month", "2026-10", "--handlaggare", "Sara Ek", "--out", str(tmp_path / "s.json"))
    assert r.code == 2
    r = cli("report", "activity", "--month", "2026-10", "--personnummer", D, "--out", str(tmp_path / "d.json"))
    assert r.code == 2
    r = cli("report", "eb-list", "--month", "2026-10", "--out", str(tmp_path / "eb.csv"))
    assert r.code == 0
    assert D not in (tmp_path / "eb.csv").read_text(encoding="utf-8-sig")
    assert cli("report", "eb-list", "--month", "2026-10", "--municipality", "2260", "--out",
               str(tmp_path / "eb2.csv")).code == 2


def test_a_caseworker_account_is_refused_the_register(db, reg, cli, tmp_path, monkeypatch):
    add_accounts(db, reg)
    monkeypatch.setenv("AME_USER", "karin")
    monkeypatch.setenv("AME_PASSWORD", "hemligt-lösen-1")
    for args in (("report", "activity", "--month", "2026-10", "--out", str(tmp_path / "a.json")),
                 ("report", "activity", "--month", "2026-10", "--personnummer", A, "--out", str(tmp_path / "a.json")),
                 ("report", "eb-list", "--month", "2026-10", "--out", str(tmp_path / "a.csv")),
                 ("extract", A, "--out", str(tmp_path / "a.pdf")),
                 ("plan", A, "--out", str(tmp_path / "a.pdf"))):
        r = cli(*args)
        assert r.code == 2, (args, r)
        assert not (tmp_path / "a.json").exists() and not (tmp_path / "a.csv").exists()


# --- the nämnd's monthly list -----------------------------------------------------------------
def test_eb_list_by_hand(db, reg, cli, tmp_path):
    r = cli("report", "eb-list", "--month", "2026-10", "--out", str(tmp_path / "eb.csv"))
    assert r.code == 0, r
    with open(tmp_path / "eb.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == ["Månad", "Personnummer", "Kommunkod", "Kommun", "Från", "Till", "Insats"]
    body = {r[1]: r for r in rows[1:]}
    assert set(body) == {A, B, C, D, E}
    assert body[A] == ["2026-10", A, "0860", "Hultsfred", "2026-10-01", "2026-10-31", "Arbetsplatsförlagd aktivitet"]
    assert body[B][6] == "Språk"
    assert body[C][6] == "Inskriven, ingen aktivitet registrerad"
    assert body[D][2:4] == ["2260", "Ånge"]
    assert body[D][6] == "Inskriven, ingen aktivitet registrerad"  # absent only: no attended activity
    assert body[E][4:6] == ["2026-10-15", "2026-10-31"]

    assert cli("report", "eb-list", "--month", "2026-11", "--municipality", "0860", "--out",
               str(tmp_path / "eb.xlsx")).code == 0
    ws = load_workbook(tmp_path / "eb.xlsx")["Månadslista"]
    values = list(ws.iter_rows(values_only=True))
    assert values[0][:2] == ("Månad", "Personnummer")
    nov = {v[1]: v for v in values[1:]}
    assert set(nov) == {A, B, C, E}
    assert nov[E][4].date() == date(2026, 11, 1) and nov[E][5].date() == date(2026, 11, 10)
    assert nov[E][6] == "Inskriven, ingen aktivitet registrerad"
    assert nov[A][6] == "Inskriven, ingen aktivitet registrerad"


def test_eb_list_refuses_other_formats_and_is_audited(db, reg, cli, tmp_path):
    r = cli("report", "eb-list", "--month", "2026-10", "--out", str(tmp_path / "eb.pdf"))
    assert r.code == 2 and ".xlsx" in r.err
    assert cli("report", "eb-list", "--month", "2026-13", "--out", str(tmp_path / "eb.csv")).code == 2
    assert cli("report", "eb-list", "--month", "2026-10", "--out", str(tmp_path / "eb.csv")).code == 0
    from ame_desktop.services import audit

    with db.reading() as s:
        entries = audit.entries(s)
    assert any(e.entity == "eb_list" and e.action == "export" for e in entries)


def test_a_caseworker_account_is_refused_every_service_that_shows_people(db, reg):
    """Two caseworker accounts (runs on PostgreSQL too): neither sees any participant, her own
    clients included — only the reports delivered to her (tests/test_delivery.py)."""
    from ame_desktop.domain.errors import NotFoundError
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services import enrollments as es
    from ame_desktop.services import notices, participant_list, participants, plans, quarter, recipients, stats
    from ame_desktop.services.activity_report import monthly_report
    from ame_desktop.services.authz import PermissionDenied
    from ame_desktop.services.eb_list import eb_list

    add_accounts(db, reg)
    for user in ("karin", "lars"):
        as_user(db, user)
        calls = [
            lambda s: participant_list.matching_ids(s, participant_list.ListFilter()),
            lambda s: participants.get_participant(s, reg[A]),
            lambda s: participants.find_participant(s, A),
            lambda s: es.list_enrollments(s, reg[A]),
            lambda s: ar.list_periods(s, reg[A]),
            lambda s: plans.list_versions(s, reg[A]),
            lambda s: monthly_report(s, 2026, 10),
            lambda s: eb_list(s, 2026, 10),
            lambda s: quarter.quarter_report(s, 2026, 4),
            lambda s: notices.pending_notices(s),
            lambda s: recipients.caseworkers(s),
            lambda s: recipients.report_for_caseworker(s, 2026, 10, "Karin Berg"),
            lambda s: stats.register_counts(s),
        ]
        for call in calls:
            with pytest.raises((PermissionDenied, NotFoundError)), db.reading() as s:
                call(s)
        with pytest.raises(PermissionDenied), db.transaction() as s:
            es.add_enrollment(s, reg[A], "2026-12-01")


def test_one_caseworker_with_entries_in_two_municipalities(db, reg, cli, tmp_path):
    """The import keeps one register entry per name and municipality: by name they are one."""
    import sqlalchemy as sa

    from ame_desktop.domain.models import RequirementPeriod, SocialCaseworker

    with db.transaction() as s:
        other = SocialCaseworker(name="Karin  berg", municipality_code="2260")
        s.add(other)
        s.flush()
        s.execute(sa.update(RequirementPeriod).where(RequirementPeriod.participant_id == reg[D])
                  .values(caseworker_id=other.id))
    r = cli("report", "activity", "--month", "2026-10", "--handlaggare", "Karin Berg", "--out", str(tmp_path / "k.json"))
    assert r.code == 0, r
    assert [p["personnummer"] for p in _json(tmp_path / "k.json")["participants"]] == [A, D]
    out = tmp_path / "per"
    assert cli("report", "activity", "--month", "2026-10", "--per-handlaggare", str(out), "--format", "json").code == 0
    files = {p.name: [e["personnummer"] for e in _json(p)["participants"]] for p in out.iterdir()}
    assert files == {"Karin Berg.json": [A, D], "Lars Lund.json": [B]}
    # A delivery has one recipient: the municipality tells which entry.
    r = cli("delivery", "deliver", "--month", "2026-10", "--handlaggare", "Karin Berg", "--out", str(tmp_path / "d.pdf"))
    assert r.code == 2 and "--municipality" in r.err
    assert cli("delivery", "deliver", "--month", "2026-10", "--handlaggare", "Karin Berg", "--municipality", "2260",
               "--out", str(tmp_path / "d.pdf")).code == 0


def test_per_caseworker_files_can_be_cancelled_with_progress(db, reg, tmp_path):
    from ame_desktop.services.recipients import write_per_caseworker

    seen = []
    result = write_per_caseworker(db, 2026, 10, tmp_path / "ut", "pdf", progress=lambda d, t: seen.append((d, t)),
                                  cancelled=lambda: len(seen) >= 1)
    assert result.cancelled and seen == [(1, 3)]
    assert [p.name for p in (tmp_path / "ut").iterdir()] == ["Karin Berg.pdf"]
    assert not any(p.suffix == ".tmp" for p in (tmp_path / "ut").iterdir())
