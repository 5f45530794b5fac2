"""A small hand-built register for the caseworker tests (issue 17).

Caseworkers: Karin Berg and Lars Lund (0860), Sara Ek (2260).
People (all enrolled from 2026-09-01, requirement 40 h/week from 2026-10-01):
- A 196408233234, 0860, Karin Berg: 2026-10-01 8 h Snickeri (cat 4); 10-05 and 10-06 OGILTIG 8 h each;
  10-07..10-09 SJUK 8 h (three days, no certificate)
- B 198503141239, 0860, Lars Lund: 2026-10-01 8 h SFI (cat 2)
- C 199001012385, 0860, no caseworker: nothing registered
- D 197010632391, 2260, Sara Ek: 2026-10-02 OGILTIG 4 h
- E 195512124560, 0860, Karin Berg, enrolled 2026-10-15 – 2026-11-10, no requirement
"""

from __future__ import annotations

from datetime import date

from ame_desktop.domain.models import Attendance, RequirementPeriod, SocialCaseworker
from ame_desktop.services import accounts
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps

PASSWORD = "hemligt-lösen-1"
A, B, C, D, E = "196408233234", "198503141239", "199001012385", "197010632391", "195512124560"


def build(db) -> dict:
    ids: dict = {}
    with db.transaction() as s:
        for name, code in (("Karin Berg", "0860"), ("Lars Lund", "0860"), ("Sara Ek", "2260")):
            cw = SocialCaseworker(name=name, municipality_code=code, unit="Försörjningsstöd",
                                  email=f"{name.split()[0].lower()}@kommun.example")
            s.add(cw)
            s.flush()
            ids[name] = cw.id
        snickeri = ar.add_activity(s, "Snickeri", 4).id
        sfi = ar.add_activity(s, "SFI", 2).id
        people = ((A, "Örjan", "Åberg", "0860", "Karin Berg"), (B, "Bo", "Berg", "0860", "Lars Lund"),
                  (C, "Cilla", "Ceder", "0860", None), (D, "Märta", "Öberg", "2260", "Sara Ek"))
        for number, first, last, code, cw in people:
            pid = ps.create_participant(s, ps.ParticipantInput(number, first, last, municipality_code=code)).id
            ids[number] = pid
            es.add_enrollment(s, pid, "2026-09-01")
            period = ar.add_period(s, pid, "2026-10-01", None, 40)
            period.caseworker_id = ids[cw] if cw else None
        e = ps.create_participant(s, ps.ParticipantInput(E, "Erik", "Ek", municipality_code="0860")).id
        ids[E] = e
        es.add_enrollment(s, e, "2026-10-15")
        s.flush()
        rows = [(A, date(2026, 10, 1), snickeri, 8, None), (A, date(2026, 10, 5), snickeri, 8, "OGILTIG"),
                (A, date(2026, 10, 6), snickeri, 8, "OGILTIG"), (A, date(2026, 10, 7), snickeri, 8, "SJUK"),
                (A, date(2026, 10, 8), snickeri, 8, "SJUK"), (A, date(2026, 10, 9), snickeri, 8, "SJUK"),
                (B, date(2026, 10, 1), sfi, 8, None), (D, date(2026, 10, 2), sfi, 4, "OGILTIG"),
                (E, date(2026, 10, 20), snickeri, 6, None)]
        for number, d, act, hours, absence in rows:
            s.add(Attendance(participant_id=ids[number], attendance_date=d, activity_id=act, hours=hours,
                             absence=absence))
        ids["snickeri"], ids["sfi"] = snickeri, sfi
    with db.transaction() as s:
        from sqlmodel import select

        e_enr = es.list_enrollments(s, ids[E])[0]
        es.close_enrollment(s, e_enr.id, "2026-11-10", "A1")
        assert len(s.exec(select(RequirementPeriod)).all()) == 4
    return ids


def add_accounts(db, ids) -> None:
    """Administrator anna, coach kerstin (0860), reader lasare, coach ove (2260), and caseworker
    accounts karin (Karin Berg) and lars (Lars Lund)."""
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, "administratör")
    db.actor = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, "handledare", ["0860"])
        accounts.create_account(s, "Ove Ånge", "ove", PASSWORD, "handledare", ["2260"])
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, "läsbehörig")
        for user, cw in (("karin", "Karin Berg"), ("lars", "Lars Lund")):
            accounts.create_account(s, cw, user, PASSWORD, "handläggare ekonomiskt bistånd", caseworker_id=ids[cw])


def as_user(db, username: str) -> None:
    db.actor = accounts.sign_in_db(db, username, PASSWORD)
