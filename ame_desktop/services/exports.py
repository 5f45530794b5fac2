"""Every export and print: one function that computes, writes the file and records the export in
the audit log. The command line (cli*.py) and the window's pages call these and nothing below
them, so the two cannot drift apart in what they write or record (ARCHITECTURE.md, "One home
per use case").

The exports whose use case already lived in its topic's service (EB list, quarter, results,
notices, feriejobb, närvarointyg, veckoschema, per-recipient reports, the plan) are named here
too (`EXPORTS`), so this module is the one list of what leaves the program. Each entry gives the
audit entity the export records; tests/test_exports_audit.py asserts the record of every one.

An audit record of an export says what was asked and which file was written — period, months,
municipalities, file name (never the folder, which may name a person) and counts — never who is
in it, except where one record per person is the point (recipients, certificates, notices).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from ame_desktop.domain.errors import UserError
from ame_desktop.domain.i18n import QT_TR_NOOP
from ame_desktop.services import audit, authz
from ame_desktop.services.settings import get_setting

Progress = Callable[[str, float], None]  # (Swedish phase text, marked for lupdate: the window tr()s it; 0..1)


class ExportCancelled(UserError):
    """The user cancelled a long export before the file was written (nothing was written)."""

    def __init__(self, message: str = QT_TR_NOOP("Exporten avbröts; ingen fil skrevs.")):
        super().__init__(message)


def _no_progress(_text: str, _fraction: float) -> None:
    pass


def _check_cancel(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise ExportCancelled()


# --- Kolada (KAS) ----------------------------------------------------------------------------
def kolada(db, year: int, out: Path | str, *, through_month: int | None = None, municipality: str | None = None,
           progress: Progress | None = None, cancelled: Callable[[], bool] | None = None):
    """`export kolada` and the window's Export page: the figures as .xlsx/.csv/.json
    (shared/spec/KOLADA_EXPORT.md); returns the KoladaResult."""
    from ame_desktop.io.kolada_export import write_kolada
    from ame_desktop.services.kolada import compute_kolada

    progress = progress or _no_progress
    out = Path(out)
    progress(QT_TR_NOOP("Beräknar nyckeltalen…"), 0.1)
    with db.reading() as s:
        result = compute_kolada(s, year, through_month=through_month, municipality=municipality)
        # The figures are aggregate; the Kontroll sheet lists people: a person with protected
        # identity there by pseudonym, as in every file that may leave the unit (issue 24).
        from dataclasses import replace

        from ame_desktop.services import protected_identity

        findings, hidden = protected_identity.pseudonymise(s, result.findings)
        if hidden:
            result = replace(result, findings=findings)
    _check_cancel(cancelled)
    progress(QT_TR_NOOP("Skriver filen…"), 0.8)
    path = write_kolada(result, out)
    audit.record_export(db, "kolada", {"år": year, "t.o.m. månad": through_month,
                                       "kommuner": result.municipalities, "fil": path.name})
    return result


# --- the monthly activity-requirement report ---------------------------------------------------
def activity_report(db, year: int, month: int, out: Path | str, *, municipality: str | None = None,
                    progress: Progress | None = None):
    """`report activity --month M --out FILE` and the attendance page's month report: everyone's
    month (.json/.xlsx/.pdf; people with protected identity by pseudonym); returns the report."""
    from ame_desktop.io.activity_report import write_activity_report
    from ame_desktop.services.activity_report import monthly_report

    progress = progress or _no_progress
    out = Path(out)
    progress(QT_TR_NOOP("Beräknar månaden…"), 0.2)
    with db.reading() as s:
        report = monthly_report(s, year, month, municipality=municipality,
                                with_days=out.suffix.lower() != ".json", for_export=True)
        unit = get_setting(s, "unit_name")
    progress(QT_TR_NOOP("Skriver filen…"), 0.6)
    path = write_activity_report(report, out, unit_name=unit)
    audit.record_export(db, "activity_report", {"månad": f"{year}-{month:02d}", "kommun": municipality,
                                                "personer": len(report.participants), "fil": path.name})
    return report


# --- the contact log with Arbetsförmedlingen ---------------------------------------------------
def af_contacts(db, start: date, end: date, out: Path | str, *, pseudonymous: bool = False,
                today: date | None = None, progress: Progress | None = None):
    """`export af-contacts` and the AF page's export: the period's log and summary (.xlsx/.pdf);
    returns the ContactReport."""
    from ame_desktop.io.af_contacts_export import write_af_contacts
    from ame_desktop.services.af_contacts import contact_report

    progress = progress or _no_progress
    out = Path(out)
    progress(QT_TR_NOOP("Hämtar kontakterna…"), 0.2)
    with db.reading() as s:
        report = contact_report(s, start, end, today=today, for_export=True)
        unit = get_setting(s, "unit_name")
    progress(QT_TR_NOOP("Skriver filen…"), 0.6)
    path = write_af_contacts(report, out, pseudonymous=pseudonymous, unit_name=unit)
    audit.record_export(db, "af_contacts", {"från": start.isoformat(), "till": end.isoformat(),
                                            "pseudonym": pseudonymous, "kontakter": len(report.rows),
                                            "fil": path.name})
    return report


# --- registerutdrag (GDPR art. 15) -------------------------------------------------------------
EXTRACT_SUFFIXES = (".pdf", ".xlsx")


def register_extract(db, out: Path | str, *, personnummer: object = None, participant_id: int | None = None) -> Path:
    """`extract P --out FILE` and the participant's "Registerutdrag…": everything stored about
    the person (.pdf/.xlsx). The extract is a recorded read of the person; the file an export."""
    from ame_desktop.io.register_extract import write_extract
    from ame_desktop.services.participants import find_participant, get_participant
    from ame_desktop.services.register_extract import make_extract

    out = Path(out)
    if out.suffix.lower() not in EXTRACT_SUFFIXES:
        raise UserError(f"Registerutdraget skrivs som .pdf eller .xlsx – inte ”{out.suffix or out.name}”.")
    with db.transaction() as s:  # make_extract records the read
        if personnummer is None:
            personnummer = get_participant(s, participant_id).personnummer
        extract = make_extract(s, personnummer)  # (its checks first: a refusal names nobody)
        pid = find_participant(s, personnummer).id
        unit = get_setting(s, "unit_name")
    path = write_extract(extract, out, unit)
    with db.transaction() as s:
        audit.record(s, "export", "register_extract", None, pid, {"fil": path.name})
    return path


# --- the monthly log review (logggranskning) ---------------------------------------------------
def audit_review(db, year: int, month: int, out: Path | str) -> Path:
    """`audit review --month M --out FILE.xlsx` and Administration's "Logggranskning…":
    unusual access, the chain's state and the month's entries, with the chain's head written
    into the file and into the anchor file beside the register. Administrators only."""
    from ame_desktop.domain.audit_review import AuditReview
    from ame_desktop.domain.dates import month_bounds
    from ame_desktop.io.audit_review import check_review_path, write_review
    from ame_desktop.store import audit_anchor

    out = check_review_path(out)
    first, last = month_bounds(year, month)
    with db.reading() as s:
        authz.require_admin(s, "granska loggen")
        problems = audit.verify(s).problems  # the chain, gallring's pseudonyms and the anchors
        head_id, head_hash, head_at = audit.current_head(s)
        review = AuditReview(year, month, date.today(), audit.review(s, year, month),
                             audit.entries(s, since=first, until=last, limit=200_000), problems,
                             head_id, head_hash, head_at)
        bind = s.get_bind()
        anchor_file = audit_anchor.anchor_path(getattr(bind, "engine", bind).url)
    path = write_review(review, out)
    if anchor_file is not None and head_id:
        audit_anchor.append(anchor_file, head_id, head_hash, "granskning")
    audit.record_export(db, "audit_review", {"månad": f"{year}-{month:02d}", "poster": len(review.entries),
                                             "fynd": len(review.findings), "kedjan hel": not problems,
                                             "fil": path.name})
    return path


def last_month(today: date | None = None) -> tuple[int, int]:
    """The month before `today`'s (the review's default)."""
    d = (today or date.today()).replace(day=1) - timedelta(days=1)
    return d.year, d.month


# --- step figures -------------------------------------------------------------------------------
def steps_summary(db, start: date, end: date, out: Path | str, *, progress: Progress | None = None) -> Path:
    """The steps page's "Exportera…": the period's step figures (.xlsx). Figures only, no person."""
    from ame_desktop.io.steps_export import write_steps_summary
    from ame_desktop.services.step_figures import summarize

    progress = progress or _no_progress
    progress(QT_TR_NOOP("Räknar…"), 0.2)
    with db.reading() as s:
        summary = summarize(s, start, end)
        unit = get_setting(s, "unit_name")
    progress(QT_TR_NOOP("Skriver filen…"), 0.7)
    path = write_steps_summary(summary, out, unit_name=unit)
    audit.record_export(db, "steps_summary", {"från": summary.start.isoformat(), "till": summary.end.isoformat(),
                                              "bedömda": summary.total().assessed, "fil": path.name})
    return path


# --- the comparison with similar municipalities -----------------------------------------------
def comparison(db, result, out: Path | str) -> Path:
    """The comparison page's "Spara…": the comparison the page shows (services.kolada_compare.compare)
    as .xlsx. Figures only (the own municipality's and published ones)."""
    from ame_desktop.io.compare_export import write_comparison

    path = write_comparison(result, out)
    audit.record_export(db, "comparison", {"kommun": result.municipality, "år": list(result.years),
                                           "nyckeltal": [k.kpi for k in result.kpis],
                                           "jämförelsekommuner": list(result.peers), "fil": path.name})
    return path


# --- notices as JSON on stdout --------------------------------------------------------------------
def notices_json(db, pending) -> dict:
    """`notices` without --out: the waiting notices as JSON (the caller prints it)."""
    from ame_desktop.domain.absence_notices import as_json

    data = as_json(pending)
    audit.record_export(db, "absence_notice", {"utdata": "json", "personer": len(pending)})
    return data


# --- due follow-ups as JSON on stdout ------------------------------------------------------------
def followups_json(db, due_by: date, today: date, *, municipality: str | None = None) -> dict:
    """`followups`: the follow-ups due by `due_by` as JSON (the caller prints it)."""
    from ame_desktop.services import followups as fu

    with db.reading() as s:
        items = fu.due_followups(s, due_by=due_by, today=today, municipality=municipality)
    audit.record_export(db, "followups", {"t.o.m.": due_by.isoformat(), "kommun": municipality, "antal": len(items)})
    return fu.as_json(items, due_by, today)


# --- the exports whose use case lives in its topic's service ------------------------------------
# Each is the topic's own compute + write + audit function, called through here (imported when
# called: a command that exports one thing does not load every service).


def eb_list(db, *args, **kwargs):
    """services.eb_list.export_eb_list: `report eb-list` and the caseworker page's Månadslista."""
    from ame_desktop.services.eb_list import export_eb_list

    return export_eb_list(db, *args, **kwargs)


def quarter(db, *args, **kwargs):
    """services.quarter.export_quarter: `report quarter` and the caseworker page's Kvartal."""
    from ame_desktop.services.quarter import export_quarter

    return export_quarter(db, *args, **kwargs)


def results(db, *args, **kwargs):
    """services.results.write_results_report: `report results` and the Resultat page."""
    from ame_desktop.services.results import write_results_report

    return write_results_report(db, *args, **kwargs)


def notices(db, *args, **kwargs):
    """services.notices.export_notices: `notices --out FILE` and the caseworker page's Underrättelser."""
    from ame_desktop.services.notices import export_notices

    return export_notices(db, *args, **kwargs)


def summer_jobs(db, *args, **kwargs):
    """services.summer_jobs.export_summer_jobs: the Feriejobb page's list."""
    from ame_desktop.services.summer_jobs import export_summer_jobs

    return export_summer_jobs(db, *args, **kwargs)


def certificates(db, *args, **kwargs):
    """services.participant_copy.write_certificates: `certificate` and the närvarointyg of the caseworker page and the participant."""
    from ame_desktop.services.participant_copy import write_certificates

    return write_certificates(db, *args, **kwargs)


def week_schedules(db, *args, **kwargs):
    """services.participant_copy.write_week_schedules: `week-schedule` and the participant's veckoschema."""
    from ame_desktop.services.participant_copy import write_week_schedules

    return write_week_schedules(db, *args, **kwargs)


def activity_report_for_recipient(db, *args, **kwargs):
    """services.recipients.write_for_recipient: `report activity --personnummer/--handlaggare`."""
    from ame_desktop.services.recipients import write_for_recipient

    return write_for_recipient(db, *args, **kwargs)


def activity_reports_per_caseworker(db, *args, **kwargs):
    """services.recipients.write_per_caseworker: `report activity --per-handlaggare` and the caseworker page's one file per caseworker."""
    from ame_desktop.services.recipients import write_per_caseworker

    return write_per_caseworker(db, *args, **kwargs)


def plan_batch(db, *args, **kwargs):
    """services.plan_prints.print_batch: "Skriv ut planer…": every chosen person's plan, one file or one each."""
    from ame_desktop.services.plan_prints import print_batch

    return print_batch(db, *args, **kwargs)


def correction(db, *args, **kwargs):
    """services.delivery.write_correction: `delivery correction`: a delivered report's correction as a draft (not delivered)."""
    from ame_desktop.services.delivery import write_correction

    return write_correction(db, *args, **kwargs)


def underscheduled(db, *args, **kwargs):
    """services.capacity_view.write_underscheduled: issue 23: `underscheduled --out` and the Underplanerade page."""
    from ame_desktop.services.capacity_view import write_underscheduled

    return write_underscheduled(db, *args, **kwargs)


def capacity(db, *args, **kwargs):
    """services.capacity_view.write_capacity: issue 23: `capacity --out` and the Kapacitet page (no personal data)."""
    from ame_desktop.services.capacity_view import write_capacity

    return write_capacity(db, *args, **kwargs)


def plan(db, personnummer: object, out: Path | str, *, version: int | None = None,
         participant_id: int | None = None):
    """`plan P --out FILE.pdf` and the plan tab's "Skriv ut": the PDF and its print record
    (plan_print, with the audit entry the print writes); by personnummer or by participant id."""
    from ame_desktop.services import plan_prints

    with db.transaction() as s:
        if personnummer is None:
            return plan_prints.print_participant_plan(s, participant_id, Path(out), version)
        return plan_prints.print_plan(s, personnummer, Path(out), version=version)


def plan_reprint(db, print_id: int, out: Path | str):
    """The plan tab's "Skriv ut igen": a recorded print rendered again from its snapshot."""
    from ame_desktop.services import plan_prints

    with db.transaction() as s:  # a reprint is a recorded copy of personal data
        return plan_prints.reprint(s, print_id, Path(out))


# --- files without register data (not recorded) -------------------------------------------------
def import_template(db, out: Path | str) -> Path:
    """`template FILE.xlsx` and Arkiv → Skriv importmall: an empty import workbook with every sheet
    (services.importing.all_sheets) and the register's municipalities and activities as choices."""
    from ame_desktop.io.template import write_template
    from ame_desktop.services.activity_requirement import list_activities
    from ame_desktop.services.importing import all_sheets
    from ame_desktop.services.reference import kommuner

    with db.reading() as s:
        munis = kommuner(s)
        activities = [(a.name, a.category) for a in list_activities(s) if not a.is_category]
    return write_template(out, munis, all_sheets(), activities=activities)


# name → (function, audit entity of its record)
EXPORTS: dict[str, tuple[Callable, str]] = {
    "kolada": (kolada, "kolada"),
    "activity_report": (activity_report, "activity_report"),
    "activity_report_for_recipient": (activity_report_for_recipient, "activity_report"),
    "activity_reports_per_caseworker": (activity_reports_per_caseworker, "activity_report"),
    "af_contacts": (af_contacts, "af_contacts"),
    "register_extract": (register_extract, "register_extract"),
    "audit_review": (audit_review, "audit_review"),
    "steps_summary": (steps_summary, "steps_summary"),
    "comparison": (comparison, "comparison"),
    "notices": (notices, "absence_notice"),
    "notices_json": (notices_json, "absence_notice"),
    "followups_json": (followups_json, "followups"),
    "eb_list": (eb_list, "eb_list"),
    "quarter": (quarter, "quarter_report"),
    "results": (results, "results_report"),
    "summer_jobs": (summer_jobs, "summer_jobs"),
    "certificates": (certificates, "attendance_certificate"),
    "week_schedules": (week_schedules, "week_schedule"),
    "plan": (plan, "plan_version"),
    "plan_reprint": (plan_reprint, "plan_print"),
    "plan_batch": (plan_batch, "plan_version"),
    "correction": (correction, "correction"),
    "underscheduled": (underscheduled, "underscheduled"),
    "capacity": (capacity, "capacity"),
}
