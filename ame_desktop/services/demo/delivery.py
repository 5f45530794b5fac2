"""Demo data of issue 17 (services/demo.py calls make_demo_data): fictitious caseworkers on the
requirement periods that name none, last month's reports delivered to them (some acknowledged by
hand) and the notices of the month before marked sent."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.dates import add_months
from ame_desktop.domain.models import Participant, RequirementPeriod, SocialCaseworker

CASEWORKERS = [("Karin Berg", "Försörjningsstöd vuxna"), ("Lars Lund", "Försörjningsstöd vuxna"),
               ("Sara Ek", "Försörjningsstöd unga vuxna")]


def make_demo_data(s: Session, rng, today: date) -> None:
    from ame_desktop.services import authz, delivery, notices

    authz.require_admin(s, "skapa demodata")
    rp = RequirementPeriod
    rows = s.execute(sa.select(rp.id, Participant.municipality_code).join(Participant, Participant.id == rp.participant_id)
                     .where(rp.caseworker_id.is_(None)).order_by(rp.id)).all()
    if not rows:
        return
    by_muni: dict[str, list[int]] = {}
    for code in sorted({code for _, code in rows}):
        existing = list(s.execute(sa.select(SocialCaseworker.id).where(SocialCaseworker.municipality_code == code))
                        .scalars())
        if not existing:
            for name, unit in CASEWORKERS:
                cw = SocialCaseworker(name=name, unit=unit, municipality_code=code,
                                      email=f"{name.split()[0].lower()}.{name.split()[1].lower()}@kommun.example")
                s.add(cw)
                s.flush()
                existing.append(cw.id)
        by_muni[code] = existing
    for period_id, code in rows:
        s.execute(sa.update(rp).where(rp.id == period_id).values(caseworker_id=rng.choice(by_muni[code])))
    s.flush()
    last = add_months(today.replace(day=1), -1)
    for i, cw_id in enumerate(cw for ids in by_muni.values() for cw in ids):
        try:
            d = delivery.deliver(s, last.year, last.month, caseworker=cw_id, channel="säker e-post",
                                 delivered_on=min(today, last.replace(day=1) + timedelta(days=33)))
        except Exception:  # noqa: BLE001 — a caseworker without clients that month gets nothing
            continue
        if i % 2 == 0:
            delivery.record_receipt(s, d.id, note="Bekräftat per telefon (demo)")
    from dataclasses import replace

    older = [replace(n, items=[i for i in n.items if i.day_to < last]) for n in notices.pending_notices(s)]
    older = [n for n in older if n.items]
    if older:
        notices.mark_sent(s, older, channel="e-post", sent_on=last)
