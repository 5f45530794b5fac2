"""Registerutdrag (GDPR art. 15): everything stored about one person, from every table.

Tables are found from the model itself: those with a participant_id column, and tables that
point at rows of those (step ratings, plan prints). A new table about participants is
therefore included without changing this module.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from ame_desktop.domain import models  # noqa: F401  (all tables registered)
from ame_desktop.domain.register_extract import Extract
from ame_desktop.services import audit, authz
from ame_desktop.services.participants import find_participant

TABLE_LABELS = {
    "participant": "Personuppgifter",
    "referral": "Anvisningar",
    "enrollment": "Inskrivningar",
    "requirement_period": "Aktivitetskrav – kravperioder",
    "schedule_entry": "Veckoschema",
    "attendance": "Närvaro",
    "step_assessment": "Stegbedömningar",
    "step_rating": "Stegbedömningar – skattningar",
    "af_contact": "Kontakter med Arbetsförmedlingen",
    "plan_version": "Individuell plan – versioner",
    "plan_print": "Individuell plan – utskrifter",
    "audit_entry": "Logg över läsningar och ändringar",
    "follow_up": "Uppföljningar efter avslut",
    "social_assistance_month": "Försörjningsstöd per månad (ur EB-systemet, belopp i öre)",
    # issue 17 (a delivery's own snapshot holds other people too: only the person's row is listed)
    "report_delivery_person": "Rapporter lämnade till handläggaren (leverans och kontrollsumma)",
    "absence_notice": "Underrättelser om frånvaro till handläggaren",
    "absence_notice_item": "Underrättelser om frånvaro – uppgifter",
    "summer_job": "Feriejobb – ansökningar och platser",  # issue 19
    "consent": "Samtycken – lämnat/återkallat",  # issue 24
    "protected_identity": "Skyddade personuppgifter – markering",  # issue 24
    "protected_identity_staff": "Skyddade personuppgifter – personal som ser kontaktuppgifterna",
    "group_booking": "Bokningar i aktivitetsgrupper (och väntelista)",  # issue 23
    "placement": "Placeringar på arbetsplatser",  # issue 23
}
# Columns that are internal bookkeeping, not information about the person.
SKIP_COLUMNS = {"search_name", "sort_name", "prev_hash", "hash", "content_digest"}


def make_extract(s: Session, personnummer: object) -> Extract:
    p = find_participant(s, personnummer)
    authz.check_participant(s, p.id)
    from ame_desktop.services import protected_identity

    # The person's own extract holds everything, contact details too: for a person with
    # protected identity the named staff make it, or an administrator (the extract is the unit's
    # duty, GDPR art. 15, also in a register without accounts), each giving a reason.
    if not protected_identity.may_see_contact(s, p.id) and not authz.actor(s).is_admin:
        raise authz.PermissionDenied(
            "Personen har skyddade personuppgifter. Registerutdraget innehåller kontaktuppgifterna och tas därför "
            "fram av den personal som är namngiven i markeringen eller av en administratör.")
    protected_identity.require_reasons(s, [p.id], "ta fram registerutdraget")
    linked: dict[str, list] = {"participant": [p.id]}
    sections = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name == "participant":
            cond = table.c.id == p.id
        elif "participant_id" in table.c:
            cond = table.c.participant_id == p.id
        else:
            cond = None
            for fk in table.foreign_keys:
                parent = fk.column.table.name
                if parent != "participant" and parent in linked and linked[parent]:
                    cond = fk.parent.in_(linked[parent])
                    break
            if cond is None:
                continue
        columns = [c for c in table.c if c.name not in SKIP_COLUMNS]
        rows = s.execute(sa.select(*columns).where(cond).order_by(*table.primary_key.columns)).all()
        if "id" in table.c:
            linked[table.name] = [r._mapping["id"] for r in rows] if "id" in [c.name for c in columns] else []
        sections.append((table.name, TABLE_LABELS.get(table.name, table.name), [c.name for c in columns],
                         [tuple(r) for r in rows]))
    audit.record(s, "read", "registerutdrag", p.id, p.id)
    return Extract(p.personnummer, f"{p.first_name} {p.last_name}", datetime.now().replace(microsecond=0), sections)
