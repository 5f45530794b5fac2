"""Resultat efter avslut (issue 20): did the people who left the unit stay self-supporting, and
what happened to their försörjningsstöd? For the exits in a period, by municipality, referral
source, exit result and gender.

How it is counted (also printed as "Så räknas det" in the report, io/results_report.py):
- An *exit* is an enrollment whose end date lies in the period (the enrollment's municipality);
  an exit because the person died (E3) is left out.
- Referral source: the latest referral dated on or before the enrollment's start; without one,
  the first referral dated on or before its end; otherwise "Anvisning saknas".
- Exit result: the KAS category A–E of the exit reason.
- Status at N months (the setting `followup_months`): the recorded follow-up. A follow-up not yet
  due is "kommande"; one whose person was enrolled again by its due date is closed
  ("inskriven igen"); a due one without a record is "ej uppföljd"; "ej nådd" is recorded as such.
- Self-supporting (egen försörjning): försörjning `LON` or `STUDIEMEDEL`. Share = self-supporting
  ÷ follow-ups with a recorded status (not reached, re-enrolled, open and upcoming excluded); at
  exit: ÷ exits with a recorded status at exit.
- Försörjningsstöd from the EB extract: the 12 calendar months before the month the enrollment
  started, and the 12 calendar months after the month of the exit (the months of the enrollment
  and of the exit month itself are in neither). A month counts when its amount is above 0.
  Only months within the imported range (first to last month in the register) are observed; a
  window is *complete* when all its months are observed. The before/after comparison uses the
  exits whose both windows are complete.
- Back on försörjningsstöd within 6 (12) months: a month with support among the first 6 (12)
  months after the exit month. Share = back ÷ exits where that is known (back, or the whole
  window observed without support).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.exit_results import (  # noqa: F401  (the report's types and figures live in domain)
    DIMENSIONS, NO_REFERRAL, ExitRow, ResultsReport, figures, results_json,
)
from ame_desktop.domain.models import Enrollment, Municipality, Participant, Referral, SocialAssistanceMonth
from ame_desktop.services import authz
from ame_desktop.services import followups as fu


def _mi(d: date) -> int:
    return d.year * 12 + d.month - 1


def _labels(s: Session) -> dict[str, dict[str, str]]:
    names = dict(s.execute(sa.select(Municipality.code, Municipality.name)).all())
    return {
        "municipality": names,
        "referral_source": {**codes.REFERRAL_SOURCE_LABELS, NO_REFERRAL: "Anvisning saknas"},
        "exit_result": {**codes.KAS_LABELS, "-": "Avslutsorsak saknas"},
        "gender": dict(codes.GENDER_LABELS),
    }


def compute_results(s: Session, date_from: date, date_to: date, municipality: str | None = None,
                    today: date | None = None) -> ResultsReport:
    """The results for the exits from `date_from` to `date_to` (inclusive)."""
    if date_to < date_from:
        raise UserError(f"Perioden är baklänges: {date_from.isoformat()} är efter {date_to.isoformat()}.")
    today = today or date.today()
    if municipality is not None:
        municipality = str(municipality).strip().zfill(4)
        if s.get(Municipality, municipality) is None:
            raise UserError(f"Okänd kommunkod ”{municipality}”. Ange kommunens fyra siffror, t.ex. 0860.")
    munis = authz.allowed_municipalities(s, municipality)
    months = fu.offsets(s)
    where = [Enrollment.end_date.is_not(None), Enrollment.end_date >= date_from, Enrollment.end_date <= date_to,
             authz.visible(s),
             # An exit because the person died says nothing about lasting results: left out.
             sa.or_(Enrollment.exit_reason.is_(None), Enrollment.exit_reason != fu.NO_FOLLOW_UP)]
    if munis is not None:
        where.append(Enrollment.municipality_code.in_(munis))
    base = (sa.select(Enrollment.id, Enrollment.participant_id, Enrollment.end_date)
            .join(Participant, Participant.id == Enrollment.participant_id).where(*where))
    q = (sa.select(Enrollment.id, Enrollment.participant_id, Participant.personnummer, Participant.first_name,
                   Participant.last_name, Participant.gender, Enrollment.municipality_code, Enrollment.start_date,
                   Enrollment.end_date, Enrollment.exit_reason, Enrollment.exit_kas, Enrollment.support_at_start,
                   Enrollment.occupation_at_start, Enrollment.support_at_exit, Enrollment.occupation_at_exit)
         .join(Participant, Participant.id == Enrollment.participant_id).where(*where)
         .order_by(Enrollment.end_date, Participant.personnummer))
    rows: list[ExitRow] = []
    for (eid, pid, number, first, last, gender, muni, start, end, reason, kas, s_start, o_start, s_exit,
         o_exit) in s.execute(q):
        rows.append(ExitRow(eid, pid, number, f"{first} {last}", gender, muni, NO_REFERRAL, start, end, reason,
                            kas or "-", s_start, o_start, s_exit, o_exit))
    labels = _labels(s)
    report = ResultsReport(date_from, date_to, munis, months, today, None, None, rows, labels)
    if not rows:
        return report
    pids = sa.select(base.subquery().c.participant_id)
    # Referral source.
    refs: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for pid, d, source in s.execute(sa.select(Referral.participant_id, Referral.referral_date, Referral.source)
                                    .where(Referral.participant_id.in_(pids))
                                    .order_by(Referral.participant_id, Referral.referral_date, Referral.id)):
        refs[pid].append((d, source))
    for r in rows:
        mine = refs.get(r.participant_id, [])
        before = [src for d, src in mine if d <= r.start_date]
        if before:
            r.referral_source = before[-1]
        else:
            later = [src for d, src in mine if d <= r.end_date]
            r.referral_source = later[0] if later else NO_REFERRAL
    # Follow-ups.
    states = fu.states_for(s, base, today, months)
    for r in rows:
        r.followups = {m: states[(r.enrollment_id, m)] for m in months if (r.enrollment_id, m) in states}
    # Försörjningsstöd.
    lo, hi = s.execute(sa.select(sa.func.min(SocialAssistanceMonth.month),
                                 sa.func.max(SocialAssistanceMonth.month))).one()
    if lo is not None:
        report.data_from, report.data_through = lo.strftime("%Y-%m"), hi.strftime("%Y-%m")
        obs_lo, obs_hi = _mi(lo), _mi(hi)
        first_month = min(r.start_date for r in rows).replace(day=1)
        paid: dict[int, dict[int, int]] = defaultdict(dict)
        for pid, month, ore in s.execute(
                sa.select(SocialAssistanceMonth.participant_id, SocialAssistanceMonth.month,
                          SocialAssistanceMonth.amount_ore)
                .where(SocialAssistanceMonth.participant_id.in_(pids),
                       SocialAssistanceMonth.month >= date(first_month.year - 1, first_month.month, 1))):
            paid[pid][_mi(month)] = ore
        for r in rows:
            mine = paid.get(r.participant_id, {})
            s0, e0 = _mi(r.start_date), _mi(r.end_date)
            _window(r, "before", range(s0 - 12, s0), mine, obs_lo, obs_hi)
            _window(r, "after", range(e0 + 1, e0 + 13), mine, obs_lo, obs_hi)
            for w in (6, 12):
                months_w = range(e0 + 1, e0 + 1 + w)
                if any(mine.get(i, 0) > 0 for i in months_w):
                    back = True
                elif all(obs_lo <= i <= obs_hi for i in months_w):
                    back = False
                else:
                    back = None
                setattr(r, f"back_within_{w}", back)
    return report


def _window(r: ExitRow, side: str, months: Iterable[int], paid: dict[int, int], lo: int, hi: int) -> None:
    observed = [i for i in months if lo <= i <= hi]
    with_support = [paid[i] for i in observed if paid.get(i, 0) > 0]
    setattr(r, f"{side}_observed", len(observed))
    setattr(r, f"{side}_months", len(with_support))
    setattr(r, f"{side}_kronor", sum(with_support) / 100)


def write_results_report(db, date_from: date, date_to: date, out, municipality: str | None = None,
                         today: date | None = None, report: ResultsReport | None = None):
    """Compute (unless given), write .json/.xlsx/.pdf and record the export: one home for the CLI
    and the window."""
    from pathlib import Path

    from ame_desktop.io.results_report import SUFFIXES, write_results
    from ame_desktop.services import audit
    from ame_desktop.services.settings import get_setting

    out = Path(out)
    if out.suffix.lower() not in SUFFIXES:
        raise UserError(f"Resultatrapporten skrivs som .json, .xlsx eller .pdf – inte ”{out.suffix or out.name}”.")
    with db.reading() as s:
        if report is None:
            report = compute_results(s, date_from, date_to, municipality, today)
        unit = get_setting(s, "unit_name")
        from dataclasses import replace

        from ame_desktop.services import protected_identity

        # The file may leave the unit: protected identity by pseudonym (issue 24); figures unchanged.
        rows, hidden = protected_identity.pseudonymise(s, report.rows)
        if hidden:
            report = replace(report, rows=rows)
    write_results(report, out, unit_name=unit)
    audit.record_export(db, "results_report", {"från": date_from.isoformat(), "till": date_to.isoformat(),
                                               "kommuner": report.municipalities, "avslut": len(report.rows),
                                               "fil": out.name})
    return report


def municipality_choices(s: Session) -> list[tuple[str, str]]:
    """(code, name) of the municipalities with enrollments the actor may see (the page's picker)."""
    munis = authz.allowed_municipalities(s, None)
    q = (sa.select(Enrollment.municipality_code, Municipality.name).distinct()
         .join(Municipality, Municipality.code == Enrollment.municipality_code)
         .join(Participant, Participant.id == Enrollment.participant_id).where(authz.visible(s)))
    if munis is not None:
        q = q.where(Enrollment.municipality_code.in_(munis))
    return sorted(s.execute(q).all(), key=lambda r: r[1])


def last_exit_date(s: Session) -> date | None:
    """The latest exit the actor may see (the page's default period)."""
    return s.execute(sa.select(sa.func.max(Enrollment.end_date)).join(
        Participant, Participant.id == Enrollment.participant_id).where(authz.visible(s))).scalar()
