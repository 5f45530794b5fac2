"""Demo AF contacts (services/demo calls make_demo_data): about 18 months, every category and
channel, follow-ups late, due today and done, strategic meetings without a participant."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import af_codes
from ame_desktop.domain.models import AfContact, StaffMember
from ame_desktop.services import authz

AF_OFFICES = ["Arbetsförmedlingen Västervik", "Arbetsförmedlingen Kalmar", "Arbetsförmedlingen Nässjö",
              "Arbetsförmedlingen kundtjänst"]
AF_PEOPLE = ["Birgitta Lundin", "Jamal Osman", "Eva Strand", "Nils Forsberg", "Rania Haddad", "Göran Vik"]
CATEGORY_WEIGHTS = {"INSKRIVNINGSSTOD": 14, "AKTIVITETSRAPPORTERING": 14, "TOLKA_BESLUT": 12,
                    "HANTERA_ARENDE": 11, "SAMRAD_ANVISNING": 8, "ANVISNING_REMISS": 8, "INFORMATIONSBEGARAN": 7,
                    "TREPARTSMOTE": 6, "SIP_MOTE": 3, "UNDERRATTELSE_AKTIVITETSKRAV": 6, "OVRIGT": 3}
CHANNELS_FOR = {
    "INSKRIVNINGSSTOD": ["WEBBFORMULAR", "TELEFON", "TELEFON"],
    "AKTIVITETSRAPPORTERING": ["WEBBFORMULAR", "TELEFON", "EPOST"],
    "TOLKA_BESLUT": ["TELEFON", "TELEFON", "BREV", "EPOST"],
    "HANTERA_ARENDE": ["TELEFON", "EPOST", "WEBBFORMULAR"],
    "SAMRAD_ANVISNING": ["TELEFON", "DIGITALT_MOTE", "EPOST"],
    "ANVISNING_REMISS": ["EPOST", "BREV", "TELEFON"],
    "INFORMATIONSBEGARAN": ["EPOST", "BREV", "TELEFON"],
    "TREPARTSMOTE": ["FYSISKT_MOTE", "DIGITALT_MOTE"],
    "SIP_MOTE": ["FYSISKT_MOTE", "DIGITALT_MOTE"],
    "SAMVERKANSMOTE": ["FYSISKT_MOTE", "DIGITALT_MOTE"],
    "UNDERRATTELSE_AKTIVITETSKRAV": ["EPOST", "TELEFON", "BREV"],
    "OVRIGT": ["TELEFON", "EPOST"],
}
# AF checks secrecy and calls back: these usually get a follow-up.
CALL_BACK = {"TOLKA_BESLUT", "HANTERA_ARENDE", "INFORMATIONSBEGARAN", "SAMRAD_ANVISNING", "INSKRIVNINGSSTOD",
             "ANVISNING_REMISS", "UNDERRATTELSE_AKTIVITETSKRAV"}
TEXTS = {
    "INSKRIVNINGSSTOD": [("Hjälp att skriva in sig via webben; e-legitimation saknades.",
                          "Inskriven efter återuppringning från AF."),
                         ("Inskrivningen avbröts i webbformuläret.", "AF bokar ett inskrivningssamtal.")],
    "AKTIVITETSRAPPORTERING": [("Aktivitetsrapporten för förra månaden gick inte att skicka.",
                                "Rapporten skickad med handledarens hjälp."),
                               ("Osäker på vilka aktiviteter som ska rapporteras.",
                                "AF förklarade; arbetsträningen rapporteras som aktivitet.")],
    "TOLKA_BESLUT": [("Beslut om avaktualisering som deltagaren inte förstår.",
                      "AF förklarade skälen; ny inskrivning bokad."),
                     ("Beslut om att ersättningen upphör – vad innebär det?",
                      "AF återkommer med skriftligt svar.")],
    "HANTERA_ARENDE": [("Ändrade uppgifter om sökt arbetstid.", "AF uppdaterar ärendet."),
                       ("Fel handläggare angiven i ärendet.", "Rättat efter återuppringning.")],
    "SAMRAD_ANVISNING": [("Samråd inför anvisning till arbetsträning hos enheten.",
                          "AF har ingen insats som passar bättre; anvisning görs."),
                         ("Samråd: pågår det en insats hos AF som krockar?", "Nej; anvisningen kan göras.")],
    "ANVISNING_REMISS": [("Remiss från AF till arbetsträning, kök och café.", "Inskrivning planerad."),
                         ("Anvisning till enheten via Rusta och matcha avbruten.", "Ny anvisning skickad.")],
    "INFORMATIONSBEGARAN": [("Begäran om uppgift om inskrivningsstatus och pågående program.",
                             "Uppgifterna lämnade skriftligt efter sekretessprövning."),
                            ("Begäran om uppgift om planerade insatser.", "AF prövar sekretessen och återkommer.")],
    "TREPARTSMOTE": [("Trepartsmöte om planering och stöd.",
                      "Överens om praktik med stöd; uppföljning om en månad."),
                     ("Trepartsmöte inför övergång till lönestöd.", "AF utreder lönestöd.")],
    "SIP_MOTE": [("SIP-möte med psykiatrin, AF och enheten.",
                  "SIP upprättad; AF ansvarar för arbetsförberedande insats."),
                 ("Uppföljande SIP-möte.", "Planen reviderad.")],
    "SAMVERKANSMOTE": [("Samverkansmöte enligt den lokala överenskommelsen.",
                        "Genomgång av statistik och gemensamma insatser; nästa möte bokat."),
                       ("Operativt samverkansmöte om ungdomar utan sysselsättning.",
                        "Gemensam rekryteringsträff planeras.")],
    "UNDERRATTELSE_AKTIVITETSKRAV": [("Underrättelse om upprepad frånvaro från aktivitet (aktivitetskrav).",
                                      "AF informerad; deltagaren kallas till samtal."),
                                     ("AF underrättar om avbrutet program.", "Aktivitetsplanen ses över.")],
    "OVRIGT": [("Fråga om kontaktvägar och öppettider.", "Besvarat."),
               ("Fråga om AF:s nya rutin för återkoppling.", "Rutinen skickad per e-post.")],
}
STRATEGIC = ["SAMVERKANSMOTE"] * 6 + ["OVRIGT", "INFORMATIONSBEGARAN"]


def make_demo_data(s: Session, rng, today: date) -> None:
    """A realistic log for the demo register: about 18 months, every category and channel, some
    follow-ups late or due today, others done after 0–3 weeks, strategic meetings without a
    participant and a few contacts without documented consent. Everything is fictitious.
    Administrators only (services/demo.py)."""
    authz.require_admin(s, "lägga in demodata")
    from ame_desktop.domain.models import Enrollment
    from ame_desktop.domain.workdays import is_working_day

    staff_ids = [sid for (sid,) in s.execute(sa.select(StaffMember.id).order_by(StaffMember.id))]
    first_day = today - timedelta(days=540)
    enrolled = s.execute(sa.select(Enrollment.participant_id, Enrollment.start_date, Enrollment.end_date)
                         .where(sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= first_day),
                                Enrollment.start_date < today)
                         .order_by(Enrollment.participant_id, Enrollment.start_date)).all()
    pool = [c for c, w in CATEGORY_WEIGHTS.items() for _ in range(w)]
    must_categories = list(CATEGORY_WEIGHTS)
    must_channels = list(af_codes.AfChannel)
    rows: list[dict] = []

    def when(lo: date, hi: date) -> datetime:
        day = lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))
        while not is_working_day(day) and day > lo:
            day -= timedelta(days=1)
        return datetime.combine(day, time(rng.randint(8, 15), rng.choice((0, 10, 15, 20, 30, 40, 45, 50))))

    def contact(at: datetime, category: str, pid: int | None, consent_from: date | None) -> dict:
        channel = must_channels.pop(0) if must_channels else rng.choice(CHANNELS_FOR[category])
        question, outcome = rng.choice(TEXTS[category])
        follow = done = None
        if category in CALL_BACK and rng.random() < 0.7 or category == "SAMVERKANSMOTE" and rng.random() < 0.3:
            follow = at.date() + timedelta(days=rng.choice((1, 2, 3, 5, 7, 10, 14)))
            # Old follow-ups are nearly all done; the last month's are more often still open.
            share_done = 0.995 if follow < today - timedelta(days=30) else 0.8
            if follow < today - timedelta(days=1) and rng.random() < share_done:
                delay = rng.choice((-1, 0, 0, 0, 1, 1, 2, 3, 5, 8, 13))
                done = min(max(at.date(), follow + timedelta(days=delay)), today - timedelta(days=1))
            if done is None and follow >= today:
                outcome = "AF återkommer."
        documented = consent_from is not None
        return {"contact_at": at, "staff_id": rng.choice(staff_ids) if staff_ids else None, "participant_id": pid,
                "af_person": rng.choice(AF_PEOPLE) if rng.random() < 0.8 else None,
                "af_office": rng.choice(AF_OFFICES), "channel": channel, "category": category,
                "consent_documented": documented, "consent_on": consent_from if documented else None,
                "question": question, "outcome": outcome, "follow_up_on": follow, "follow_up_done_on": done,
                "created_at": at}

    people: dict[int, tuple[date, date | None]] = {}
    for pid, start, end in enrolled:
        people[pid] = (start, end)  # the latest enrollment of each person
    chosen = [pid for pid in people if rng.random() < 0.55]
    logged = 0
    for pid in chosen:
        start, end = people[pid]
        lo, hi = max(start, first_day), min(end or today, today - timedelta(days=1))
        if lo > hi:
            continue
        logged += 1
        # A few people without documented consent, even in a small demo.
        missing = logged % 30 == 3 or rng.random() < 0.02
        consent = None if missing else min(lo, max(start, lo - timedelta(days=rng.randint(0, 20))))
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            category = must_categories.pop(0) if must_categories else rng.choice(pool)
            rows.append(contact(when(lo, hi), category, pid, consent))
    # Strategic contacts, about two a month.
    d = first_day
    while d < today - timedelta(days=3):
        for _ in range(rng.choice((1, 2, 2, 3))):
            category = rng.choice(STRATEGIC)
            rows.append(contact(when(d, min(d + timedelta(days=27), today - timedelta(days=1))), category, None, None))
        d += timedelta(days=30)
    # The latest contacts get follow-ups that are late, due today and coming, so the reminder shows.
    recent = sorted((r for r in rows if r["participant_id"] is not None), key=lambda r: r["contact_at"])[-9:]
    rng.shuffle(recent)
    for i, r in enumerate(recent[:9]):
        offset = (-rng.randint(1, 9), 0, rng.randint(1, 6))[i % 3]
        follow = max(today + timedelta(days=offset), r["contact_at"].date())
        r.update(follow_up_on=follow, follow_up_done_on=None, outcome="AF prövar sekretessen och återkommer.")
    if rows:
        s.execute(sa.insert(AfContact), rows)
    _demo_consents(s, rows, today)


def _demo_consents(s: Session, rows: list[dict], today: date) -> None:
    """The demo's consent register (issue 24): each person's AF consent documented in the log,
    written or oral; some also for FK, health care, SUS or photos; a few photo consents withdrawn.
    A random generator of its own (seeded by the log), so the rest of the demo is unchanged."""
    import random

    from ame_desktop.domain.models import Consent

    first: dict[int, date] = {}
    for r in rows:
        if r["participant_id"] is not None and r["consent_documented"]:
            day = r["consent_on"] or r["contact_at"].date()
            first[r["participant_id"]] = min(day, first.get(r["participant_id"], day))
    rng = random.Random(len(rows) * 7919 + sum(first))
    out = []
    for pid, day in sorted(first.items()):
        at = datetime.combine(day, time(10, 0))
        method = rng.choice(("SKRIFTLIGT", "SKRIFTLIGT", "MUNTLIGT"))
        out.append({"participant_id": pid, "purpose": "AF", "action": "LAMNAT", "consent_date": day,
                    "method": method, "note": "Blanketten i akten." if method == "SKRIFTLIGT" else None,
                    "registered_by": "demo", "registered_at": at})
        for purpose, share in (("FK", 0.35), ("VARD", 0.25), ("SUS", 0.5), ("FOTO", 0.15)):
            if rng.random() >= share:
                continue
            out.append({"participant_id": pid, "purpose": purpose, "action": "LAMNAT", "consent_date": day,
                        "method": "SKRIFTLIGT", "note": None, "registered_by": "demo", "registered_at": at})
            if purpose == "FOTO" and rng.random() < 0.4 and (today - day).days > 20:
                later = min(today, day + timedelta(days=rng.randint(7, (today - day).days - 1)))
                out.append({"participant_id": pid, "purpose": "FOTO", "action": "ATERKALLAT", "consent_date": later,
                            "method": "MUNTLIGT", "note": "Vill inte synas på bilder.", "registered_by": "demo",
                            "registered_at": datetime.combine(later, time(11, 0))})
    if out:
        s.execute(sa.insert(Consent), out)
