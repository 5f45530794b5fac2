"""The register's tables (SQLModel). Names in English, Swedish terms in the docstrings.

Every schema change comes with an alembic migration in ame_desktop/store/migrations.
"""

from datetime import date, datetime, time

import sqlalchemy as sa
from pydantic import ConfigDict
from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

# Stable constraint names, so batch migrations on SQLite can find them again.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Sort keys compare byte by byte everywhere: PostgreSQL's locale collations would ignore the
# characters that put å, ä, ö after z (domain/names.py).
SORT_KEY = sa.String(201).with_variant(sa.String(201, collation="C"), "postgresql")


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class _Table(SQLModel):
    """What every table shares: pydantic builds a table's validator and serializer when one is
    first used (model_validate, model_dump), not all 44 at import; the ORM's loading and saving
    never use them."""

    model_config = ConfigDict(defer_build=True)


class Municipality(_Table, table=True):
    """Kommun (or region; type L). Seeded from Kolada's list; codes are text with leading zeros."""

    __tablename__ = "municipality"
    code: str = Field(primary_key=True, max_length=4)
    name: str = Field(max_length=100)
    kind: str = Field(default="K", max_length=1)


class Setting(_Table, table=True):
    """Database-wide settings (default municipality, unit name, ...): they travel with the register."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True, max_length=60)
    value: str = Field(default="")


class StaffMember(_Table, table=True):
    """Handledare / arbetskonsulent and other staff of the unit. With a username and a password
    hash the member is also an account (konto) with a role."""

    __tablename__ = "staff_member"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    active: bool = Field(default=True)
    username: str | None = Field(default=None, max_length=60, unique=True)
    password_hash: str | None = Field(default=None, max_length=200)
    # administratör | handledare | läsbehörig | handläggare ekonomiskt bistånd (issue 17)
    role: str = Field(default="handledare", max_length=40)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=sa.DateTime())
    # An account of a social-assistance caseworker (role "handläggare ekonomiskt bistånd") is
    # linked to her entry in the caseworker register: she sees the reports delivered to it.
    caseworker_id: int | None = Field(default=None, foreign_key="social_caseworker.id", ondelete="SET NULL")
    # Windows sign-in on one PC (issue 24, local SQLite register only): the Windows account
    # ("DOMÄN\namn") and the computer name on which the window opens without a password.
    windows_account: str | None = Field(default=None, max_length=120)
    windows_computer: str | None = Field(default=None, max_length=63)


class StaffMunicipality(_Table, table=True):
    """The municipalities whose participants a staff member may see (none listed = all, for a
    one-municipality unit)."""

    __tablename__ = "staff_municipality"
    staff_id: int = Field(foreign_key="staff_member.id", primary_key=True, ondelete="CASCADE")
    municipality_code: str = Field(foreign_key="municipality.code", primary_key=True, max_length=4)


class Participant(_Table, table=True):
    """Deltagare. `personnummer` is the 12-digit form (personnummer or samordningsnummer)."""

    __tablename__ = "participant"
    __table_args__ = (
        CheckConstraint("gender IN ('K','M','X')", name="gender"),
        Index("ix_participant_name", "last_name", "first_name"),
        # Covering index for the register list: search-as-you-type scans it in name order
        # without touching the table (10× faster at 50 000 people).
        Index("ix_participant_search", "sort_name", "search_name", "personnummer"),
    )
    id: int | None = Field(default=None, primary_key=True)
    personnummer: str = Field(max_length=12, unique=True)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    # Derived from the names (domain/names.py) and kept in step by the services.
    search_name: str = Field(default="", max_length=201)
    sort_name: str = Field(default="", sa_type=SORT_KEY)
    gender: str = Field(max_length=1)
    municipality_code: str = Field(foreign_key="municipality.code", max_length=4, index=True)
    education_level: str | None = Field(default=None, max_length=20)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=120)
    staff_id: int | None = Field(default=None, foreign_key="staff_member.id", index=True, ondelete="SET NULL")
    # Naive local time: what the coach's clock said. (sa_type keeps SQLModel from requiring tz.)
    created_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())
    updated_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())
    # Optimistic locking: a save names the version it was based on; a newer one means someone
    # else saved in between, and the save is refused instead of overwriting their change.
    version: int = Field(default=1)


class Referral(_Table, table=True):
    """Anvisning / remiss: a source referred the person to the unit on a date."""

    __tablename__ = "referral"
    __table_args__ = (UniqueConstraint("participant_id", "referral_date", "source"),)
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    referral_date: date = Field(index=True)
    source: str = Field(max_length=5)
    detail: str | None = Field(default=None, max_length=500)
    # The municipality the referral belongs to (issue 19): the person's when it was first written;
    # a person who moves keeps their earlier referrals where they were.
    municipality_code: str = Field(foreign_key="municipality.code", max_length=4, index=True)


class Enrollment(_Table, table=True):
    """Inskrivning: a period at the unit. An ended period carries its exit reason and KAS category.

    The services require an exit reason exactly when an end date is set; the table itself
    tolerates an ended period without one (older systems' data), which the Kolada check lists.
    """

    __tablename__ = "enrollment"
    __table_args__ = (
        UniqueConstraint("participant_id", "start_date"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        Index("ix_enrollment_dates", "start_date", "end_date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    start_date: date
    end_date: date | None = Field(default=None, index=True)
    time_without_work: str = Field(default="saknas", max_length=10)
    exit_reason: str | None = Field(default=None, max_length=2)
    # Derived from exit_reason (EXIT_REASON_KAS); stored so aggregates stay plain SQL.
    exit_kas: str | None = Field(default=None, max_length=1)
    # The municipality whose AME holds the enrollment (issue 19): the person's when it was first
    # written; a person who moves keeps their earlier enrollments where they were.
    municipality_code: str = Field(foreign_key="municipality.code", max_length=4, index=True)
    # Exit A1/A2 (work): the job's first day (None = the day after end_date), and the day it was
    # confirmed that the job had lasted one continuous month (KAS counts A only then).
    job_start_date: date | None = None
    work_confirmed_on: date | None = None
    # Försörjning and sysselsättning at start and at exit (issue 20; codes.Support, codes.Occupation;
    # None = not recorded).
    support_at_start: str | None = Field(default=None, max_length=20)
    occupation_at_start: str | None = Field(default=None, max_length=20)
    support_at_exit: str | None = Field(default=None, max_length=20)
    occupation_at_exit: str | None = Field(default=None, max_length=20)


@sa.event.listens_for(Referral, "before_insert")
@sa.event.listens_for(Enrollment, "before_insert")
def _default_municipality(_mapper, connection, target) -> None:
    """A row written without a municipality belongs to the person's municipality of that moment."""
    if target.municipality_code is None and target.participant_id is not None:
        target.municipality_code = connection.execute(
            sa.select(Participant.municipality_code).where(Participant.id == target.participant_id)).scalar()


class SummerJob(_Table, table=True):
    """Feriejobb / feriepraktik (issue 19): a young person's application and, when they got one,
    the place (sector, workplace, dates). Not an enrollment: it makes nobody a participant."""

    __tablename__ = "summer_job"
    __table_args__ = (
        UniqueConstraint("participant_id", "applied_on"),
        CheckConstraint("placement IS NULL OR placement IN ('KOMMUN','PRIVAT','CIVIL','ANNAN')", name="placement"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="end_after_start"),
    )
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    applied_on: date = Field(index=True)
    wishes: str | None = Field(default=None, max_length=2000)
    placement: str | None = Field(default=None, max_length=6)  # KOMMUN | PRIVAT | CIVIL | ANNAN
    workplace: str | None = Field(default=None, max_length=200)
    start_date: date | None = None
    end_date: date | None = None
    created_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())


class SocialCaseworker(_Table, table=True):
    """Handläggare för ekonomiskt bistånd (socialtjänsten): the caseworker behind a requirement
    decision, chosen from this register (added when new). Not an account of this program."""

    __tablename__ = "social_caseworker"
    __table_args__ = (UniqueConstraint("name", "municipality_code"),)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    unit: str | None = Field(default=None, max_length=120)  # enhet / avdelning
    municipality_code: str = Field(foreign_key="municipality.code", max_length=4, index=True)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=120)
    active: bool = Field(default=True)


class ClosedDay(_Table, table=True):
    """Stängt: days the unit offered no activities (a range), for one municipality's participants
    or (municipality blank) for everyone. Nothing is required of anyone on them."""

    __tablename__ = "closed_day"
    __table_args__ = (
        UniqueConstraint("start_date", "municipality_code"),
        CheckConstraint("end_date >= start_date", name="end_after_start"),
    )
    id: int | None = Field(default=None, primary_key=True)
    start_date: date = Field(index=True)
    end_date: date
    municipality_code: str | None = Field(default=None, foreign_key="municipality.code", max_length=4)
    reason: str = Field(max_length=500)


class RequirementPeriod(_Table, table=True):
    """Aktivitetskrav: a period with a weekly scope (hours), a reason when reduced, or an exemption.

    The nämnd's decision behind it: `decision_date`, `decision_reference` (diarienummer), the
    caseworker, and since when the person has had försörjningsstöd (`support_since`).
    A reduced scope carries a `reduction_code` (codes.ReductionCode; `reduction_reason` is the
    text, required for OVRIGT) and the hours it accounts for (`reduction_hours`); the scope is
    full time − reduction_hours unless `override_reason` says why not.
    """

    __tablename__ = "requirement_period"
    __table_args__ = (
        UniqueConstraint("participant_id", "start_date"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        CheckConstraint("hours_per_week >= 0 AND hours_per_week <= 40", name="hours"),
    )
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    start_date: date
    end_date: date | None = None
    hours_per_week: float
    reduction_reason: str | None = Field(default=None, max_length=500)
    exemption: str | None = Field(default=None, max_length=20)
    reduction_code: str | None = Field(default=None, max_length=20)
    reduction_hours: float | None = None
    override_reason: str | None = Field(default=None, max_length=500)
    decision_date: date | None = None
    decision_reference: str | None = Field(default=None, max_length=60)
    caseworker_id: int | None = Field(default=None, foreign_key="social_caseworker.id", index=True,
                                      ondelete="SET NULL")
    support_since: date | None = None


class Activity(_Table, table=True):
    """An activity (insats) of the unit, in one of the four categories of the requirement.

    Four generic activities (one per category, `is_category`) let hours be recorded by
    category alone, as the import's `Aktivitet` column allows (`1`–`4`). Category 0 is the
    person's own job seeking (`JOBBSOK`, one generic activity): none of the four categories.
    """

    __tablename__ = "activity"
    __table_args__ = (CheckConstraint("category BETWEEN 0 AND 4", name="category"),)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    category: int
    is_category: bool = Field(default=False)
    active: bool = Field(default=True)


class ScheduleEntry(_Table, table=True):
    """Veckoschema: a person takes part in an activity on a weekday (0 = Monday) for some hours."""

    __tablename__ = "schedule_entry"
    __table_args__ = (
        UniqueConstraint("participant_id", "activity_id", "weekday"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("hours > 0 AND hours <= 24", name="hours"),
    )
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    activity_id: int = Field(foreign_key="activity.id", index=True)
    weekday: int
    hours: float


class Attendance(_Table, table=True):
    """Närvaro: hours of one person in one activity on one day; `absence` set = absent with that reason."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("participant_id", "attendance_date", "activity_id"),
        CheckConstraint("hours >= 0 AND hours <= 24", name="hours"),
        Index("ix_attendance_date_participant", "attendance_date", "participant_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    attendance_date: date
    activity_id: int = Field(foreign_key="activity.id", index=True)
    hours: float
    absence: str | None = Field(default=None, max_length=12)


class KasInput(_Table, table=True):
    """Figures the user enters for Kolada per municipality and year (staff FTEs: U40000, U40403)."""

    __tablename__ = "kas_input"
    municipality_code: str = Field(foreign_key="municipality.code", primary_key=True, max_length=4)
    year: int = Field(primary_key=True)
    kpi: str = Field(primary_key=True, max_length=6)
    gender: str = Field(primary_key=True, max_length=1)
    value: float


# -- Stegförflyttning (issue: step models, assessments) ------------------------------------------
class StepModel(_Table, table=True):
    """A municipality's ladder (stegmodell), versioned: a model that has assessments is never
    edited in place — a change creates a new version (`previous_id` points back), and the old
    version's levels stay for the assessments made on them."""

    __tablename__ = "step_model"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    description: str | None = Field(default=None, max_length=2000)
    version: int = Field(default=1)
    previous_id: int | None = Field(default=None, foreign_key="step_model.id")
    is_current: bool = Field(default=False)  # the version new assessments use (one per ladder)
    retired: bool = Field(default=False)
    created_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())


class StepLevel(_Table, table=True):
    """One rung of a ladder: its number (1 = furthest from work), name and what it means in practice."""

    __tablename__ = "step_level"
    __table_args__ = (UniqueConstraint("model_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="step_model.id", index=True)
    number: int
    name: str = Field(max_length=120)
    description: str | None = Field(default=None, max_length=2000)


class StepDimension(_Table, table=True):
    """An optional rating dimension (motivation, hälsa, ...) rated 1–5 with an assessment."""

    __tablename__ = "step_dimension"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    sort_order: int = Field(default=0)
    active: bool = Field(default=True)


class StepAssessment(_Table, table=True):
    """Stegbedömning: on a date, an assessor placed the person on a level of a ladder version."""

    __tablename__ = "step_assessment"
    __table_args__ = (Index("ix_step_assessment_person_date", "participant_id", "assessed_on"),)
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    assessed_on: date = Field(index=True)
    level_id: int = Field(foreign_key="step_level.id", index=True)
    assessor_id: int | None = Field(default=None, foreign_key="staff_member.id", ondelete="SET NULL")
    assessor_name: str | None = Field(default=None, max_length=120)  # when the assessor is not on the staff list
    comment: str | None = Field(default=None, max_length=4000)
    created_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())


class StepRating(_Table, table=True):
    __tablename__ = "step_rating"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),)
    assessment_id: int = Field(foreign_key="step_assessment.id", primary_key=True, ondelete="CASCADE")
    dimension_id: int = Field(foreign_key="step_dimension.id", primary_key=True)
    rating: int


# -- Kontakter med Arbetsförmedlingen -----------------------------------------------------------------
class AfContact(_Table, table=True):
    """A contact with Arbetsförmedlingen: about a participant (or strategic, without one), with
    what was asked, the outcome and a follow-up (AF usually calls back)."""

    __tablename__ = "af_contact"
    __table_args__ = (Index("ix_af_contact_follow_up", "follow_up_on", "follow_up_done_on"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_at: datetime = Field(sa_type=sa.DateTime(), index=True)
    staff_id: int | None = Field(default=None, foreign_key="staff_member.id", ondelete="SET NULL")
    participant_id: int | None = Field(default=None, foreign_key="participant.id", index=True, ondelete="CASCADE")
    af_person: str | None = Field(default=None, max_length=120)
    af_office: str | None = Field(default=None, max_length=120)
    channel: str = Field(max_length=20)
    category: str = Field(max_length=40)
    consent_documented: bool = Field(default=False)
    consent_on: date | None = None
    question: str | None = Field(default=None, max_length=4000)
    outcome: str | None = Field(default=None, max_length=4000)
    follow_up_on: date | None = None
    follow_up_done_on: date | None = None
    created_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())


# -- Individuell plan ----------------------------------------------------------------------------------
class PlanVersion(_Table, table=True):
    """A version of a participant's individual plan. Versions are never changed: an edit saves
    a new version. `content` is the plan as JSON (goals, activities, scope, commitments …)."""

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("participant_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    version: int
    content: str = Field(sa_type=sa.Text())
    created_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())
    created_by: str | None = Field(default=None, max_length=120)


class PlanPrint(_Table, table=True):
    """A printed plan: when, by whom, and everything that was printed (`snapshot`, JSON), so the
    same document can be reprinted identically; `content_hash` identifies it."""

    __tablename__ = "plan_print"
    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="plan_version.id", index=True, ondelete="CASCADE")
    printed_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())
    printed_by: str | None = Field(default=None, max_length=120)
    content_hash: str = Field(max_length=64, index=True)
    snapshot: str = Field(sa_type=sa.Text())


# -- Trust: audit log, gallring -------------------------------------------------------------------
class AuditEntry(_Table, table=True):
    """Loggpost: who read or changed which record when (changes with old and new values).

    Append-only and tamper-evident: each entry's `hash` covers its own fields and the previous
    entry's hash, so an edited or deleted entry breaks the chain (services.audit.verify_chain).
    The person-identifying part (record, participant, details) enters the chain through
    `content_digest`, so gallring can pseudonymise it without breaking the chain.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_participant", "participant_id", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=sa.DateTime(), index=True)
    actor: str = Field(max_length=120, index=True)
    action: str = Field(max_length=20)  # read | create | update | delete | export | login | …
    entity: str = Field(max_length=40)  # table or kind of record
    record_id: str | None = Field(default=None, max_length=40)
    participant_id: int | None = None  # no foreign key: entries outlive the record
    details: str | None = Field(default=None, sa_type=sa.Text())  # JSON: old/new values, counts
    content_digest: str = Field(max_length=64)
    pseudonymized: bool = Field(default=False)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(_Table, table=True):
    """One row: the last entry's hash. Updating it first serialises writers of the chain."""

    __tablename__ = "audit_head"
    id: int = Field(default=1, primary_key=True)
    last_id: int = Field(default=0)
    last_hash: str = Field(default="0" * 64, max_length=64)


class GallringRecord(_Table, table=True):
    """A record of a gallring (statutory deletion) itself: when, by whom, the rule, how many."""

    __tablename__ = "gallring_record"
    id: int | None = Field(default=None, primary_key=True)
    run_at: datetime = Field(sa_type=sa.DateTime())
    actor: str = Field(max_length=120)
    rule: str = Field(max_length=500)
    persons_deleted: int
    pseudonyms: str | None = Field(default=None, sa_type=sa.Text())  # JSON list of the pseudonyms used in the log


# -- Kolada: published figures of other municipalities (cache) -------------------------------------
class KoladaValue(_Table, table=True):
    """A published Kolada value (API v3), kept with its fetch time so comparisons work offline."""

    __tablename__ = "kolada_value"
    kpi: str = Field(primary_key=True, max_length=10)
    municipality: str = Field(primary_key=True, max_length=10)
    period: int = Field(primary_key=True)
    gender: str = Field(primary_key=True, max_length=1)
    value: float | None = None
    count: int | None = None
    status: str | None = Field(default=None, max_length=40)
    fetched_at: datetime = Field(sa_type=sa.DateTime())


class KoladaGroup(_Table, table=True):
    """A Kolada municipality group (e.g. "Liknande kommuner arbetsmarknad"), members as JSON."""

    __tablename__ = "kolada_group"
    id: str = Field(primary_key=True, max_length=20)
    title: str = Field(max_length=300)
    members: str = Field(sa_type=sa.Text())
    fetched_at: datetime = Field(sa_type=sa.DateTime())


# -- Results that last: follow-up after exit, the social-assistance extract (issue 20) -----------
class FollowUp(_Table, table=True):
    """Uppföljning efter avslut: the person's försörjning and sysselsättning some months (the
    setting `followup_months`, 3/6/12) after an exit, how it was learnt, when and by whom.

    Only recorded follow-ups are rows; the due ones are computed from the ended enrollments
    (services.followups), and one whose person re-enrolled by its due date is closed by that fact.
    """

    __tablename__ = "follow_up"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "months"),
        CheckConstraint("months BETWEEN 1 AND 60", name="months"),
    )
    id: int | None = Field(default=None, primary_key=True)
    enrollment_id: int = Field(foreign_key="enrollment.id", ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    months: int  # months after the exit
    due_on: date = Field(index=True)
    done_on: date
    method: str = Field(max_length=10)  # codes.FollowUpMethod
    support: str | None = Field(default=None, max_length=20)  # None when not reached
    occupation: str | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, max_length=1000)
    recorded_by: str = Field(max_length=120)
    recorded_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())


class EbImport(_Table, table=True):
    """One import of an extract from the system for ekonomiskt bistånd: when, by whom, how many
    rows were stored and dropped. Holds no personal data (dropped rows are only counted)."""

    __tablename__ = "eb_import"
    id: int | None = Field(default=None, primary_key=True)
    imported_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())
    actor: str = Field(max_length=120)
    file_name: str = Field(max_length=255)
    rows_read: int
    rows_stored: int
    rows_dropped: int
    first_month: date | None = None
    last_month: date | None = None


class SocialAssistanceMonth(_Table, table=True):
    """Försörjningsstöd paid to a person for one month (from the EB extract), in öre.
    `month` is the first day of the month; a re-imported month replaces the row."""

    __tablename__ = "social_assistance_month"
    __table_args__ = (
        UniqueConstraint("participant_id", "month"),
        CheckConstraint("amount_ore >= 0", name="amount"),
    )
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    month: date = Field(index=True)
    amount_ore: int
    household_ref: str | None = Field(default=None, max_length=60)
    import_id: int | None = Field(default=None, foreign_key="eb_import.id", index=True, ondelete="SET NULL")


# -- What reaches the caseworker (issue 17): deliveries, receipts, notices --------------------------
class ReportDelivery(_Table, table=True):
    """Leverans: a report handed to a social-assistance caseworker — to whom, when, how, and
    exactly what (`snapshot`: everything the document showed, JSON; `content_hash` is SHA-256
    over it, `pdf_hash` over the PDF rendered from it, so a reprint can be proven identical).
    A receipt (kvittens) is recorded by the caseworker's own account or by hand by the coach."""

    __tablename__ = "report_delivery"
    __table_args__ = (
        CheckConstraint("channel IN ('e-post','utskrift','säker e-post','annat')", name="channel"),
        Index("ix_report_delivery_month", "month", "caseworker_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="månadsrapport", max_length=20)  # månadsrapport | rättelse
    month: str = Field(max_length=7)  # ÅÅÅÅ-MM
    caseworker_id: int | None = Field(default=None, foreign_key="social_caseworker.id", index=True,
                                      ondelete="SET NULL")
    recipient: str = Field(max_length=200)  # the caseworker's name as delivered
    delivered_on: date
    channel: str = Field(max_length=20)
    delivered_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())
    delivered_by: str = Field(max_length=120)
    content_hash: str = Field(max_length=64, index=True)
    pdf_hash: str = Field(max_length=64)
    snapshot: str = Field(sa_type=sa.Text())
    corrects_id: int | None = Field(default=None, foreign_key="report_delivery.id", ondelete="SET NULL")
    received_at: datetime | None = Field(default=None, sa_type=sa.DateTime())
    received_by: str | None = Field(default=None, max_length=120)
    receipt_method: str | None = Field(default=None, max_length=20)  # kvitterad | manuellt
    receipt_note: str | None = Field(default=None, max_length=500)


class ReportDeliveryPerson(_Table, table=True):
    """A person in a delivered report, with the hash of the figures delivered for them (a later
    change of those figures marks the month "ändrat efter leverans")."""

    __tablename__ = "report_delivery_person"
    delivery_id: int = Field(foreign_key="report_delivery.id", primary_key=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", primary_key=True, index=True, ondelete="CASCADE")
    entry_hash: str = Field(max_length=64)


class AbsenceNotice(_Table, table=True):
    """Underrättelse: a prompt notice to the caseworker of absences (without reported reason, a
    run of absent days, sickness without certificate), marked sent with date and channel."""

    __tablename__ = "absence_notice"
    __table_args__ = (CheckConstraint("channel IN ('e-post','utskrift','säker e-post','annat')", name="channel"),)
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    caseworker_id: int | None = Field(default=None, foreign_key="social_caseworker.id", ondelete="SET NULL")
    recipient: str | None = Field(default=None, max_length=200)
    sent_on: date = Field(index=True)
    channel: str = Field(max_length=20)
    sent_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())
    sent_by: str = Field(max_length=120)
    content_hash: str = Field(max_length=64)
    snapshot: str = Field(sa_type=sa.Text())


class AbsenceNoticeItem(_Table, table=True):
    """One fact a notice told: an absence day without reported reason, or a run of days."""

    __tablename__ = "absence_notice_item"
    __table_args__ = (Index("ix_absence_notice_item_person", "participant_id", "kind", "day_from"),)
    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="absence_notice.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    kind: str = Field(max_length=20)  # ogiltig | franvaro_i_rad | sjuk_utan_intyg
    day_from: date
    day_to: date
    hours: float = Field(default=0)


# -- Journal (issue 21): what happened, written down by the coach ------------------------------------
class JournalEntry(_Table, table=True):
    """Journalanteckning (SoL 14 kap.: significant facts documented): a dated entry about a
    participant, by its author. Editable by the author for 24 hours after it was written, then
    locked; a later correction is a new entry pointing at the one it corrects (`corrects_id`).
    Never part of the monthly report to the caseworker."""

    __tablename__ = "journal_entry"
    __table_args__ = (Index("ix_journal_entry_person_date", "participant_id", "entry_date"),)
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    entry_date: date  # the day it is about
    category: str = Field(max_length=20)  # codes.JournalCategory
    text: str = Field(sa_type=sa.Text())
    author: str = Field(max_length=120)  # the account (or computer user) that wrote it
    author_staff_id: int | None = Field(default=None, foreign_key="staff_member.id", ondelete="SET NULL")
    written_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())
    edited_at: datetime | None = Field(default=None, sa_type=sa.DateTime())
    corrects_id: int | None = Field(default=None, foreign_key="journal_entry.id", ondelete="SET NULL")


# -- Capacity (issue 23): activity groups with sessions, workplaces, placements, bookings ---------
class ActivityGroup(_Table, table=True):
    """Aktivitetsgrupp: an activity of the unit given as sessions (weekdays, a time, a place) for
    a number of places. The group has an Activity of its own (`activity_id`, same name and
    category 1–4), so attendance and the weekly schedule name it like any other activity."""

    __tablename__ = "activity_group"
    __table_args__ = (
        CheckConstraint("category BETWEEN 1 AND 4", name="category"),
        CheckConstraint("places >= 0", name="places"),
        CheckConstraint("end_time > start_time", name="end_after_start"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_to_after_from"),
    )
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", unique=True)
    name: str = Field(max_length=120, unique=True)
    category: int
    municipality_code: str = Field(foreign_key="municipality.code", max_length=4, index=True)
    weekdays: str = Field(max_length=13)  # "0,2" = Monday and Wednesday (0 = Monday)
    start_time: time = Field(sa_type=sa.Time())
    end_time: time = Field(sa_type=sa.Time())
    room: str | None = Field(default=None, max_length=120)
    address: str | None = Field(default=None, max_length=200)
    staff_id: int | None = Field(default=None, foreign_key="staff_member.id", ondelete="SET NULL")
    places: int
    valid_from: date
    valid_to: date | None = None
    active: bool = Field(default=True)
    note: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())


class GroupSession(_Table, table=True):
    """Ett tillfälle: one meeting of a group on a day. A cancelled session (`cancelled_at`, by
    the unit, with a reason) is INSTALLD for everyone booked on it."""

    __tablename__ = "group_session"
    __table_args__ = (
        UniqueConstraint("group_id", "session_date"),
        CheckConstraint("end_time > start_time", name="end_after_start"),
    )
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="activity_group.id", ondelete="CASCADE")
    session_date: date = Field(index=True)
    start_time: time = Field(sa_type=sa.Time())
    end_time: time = Field(sa_type=sa.Time())
    cancelled_at: datetime | None = Field(default=None, sa_type=sa.DateTime())
    cancelled_by: str | None = Field(default=None, max_length=120)
    cancel_reason: str | None = Field(default=None, max_length=500)


class GroupBooking(_Table, table=True):
    """Bokning: a participant in a group from a day (to a day, or until further notice). Beyond
    the group's places the booking waits (`waiting_since` = the day it joined the waiting list);
    a booking with a place has `waiting_since` None."""

    __tablename__ = "group_booking"
    __table_args__ = (
        UniqueConstraint("participant_id", "group_id", "start_date"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        Index("ix_group_booking_group_dates", "group_id", "start_date", "end_date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    group_id: int = Field(foreign_key="activity_group.id", ondelete="CASCADE")
    start_date: date
    end_date: date | None = None
    waiting_since: date | None = None
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())


class Workplace(_Table, table=True):
    """Arbetsplats / praktikplats: an employer's place for placements (category 4), with its
    agreement, insurance, contact person and handledare at the workplace. Has an Activity of its
    own (`activity_id`, category 4) for attendance and the weekly schedule."""

    __tablename__ = "workplace"
    __table_args__ = (
        UniqueConstraint("name", "municipality_code"),
        CheckConstraint("places >= 0", name="places"),
        CheckConstraint("agreement_to IS NULL OR agreement_from IS NULL OR agreement_to >= agreement_from",
                        name="agreement_dates"),
    )
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", unique=True)
    name: str = Field(max_length=120)  # employer (and place, when an employer has several)
    sector: str = Field(max_length=6)  # KOMMUN | PRIVAT | CIVIL | ANNAN (as for summer jobs)
    municipality_code: str = Field(foreign_key="municipality.code", max_length=4, index=True)
    address: str | None = Field(default=None, max_length=200)
    contact_person: str | None = Field(default=None, max_length=120)
    contact_phone: str | None = Field(default=None, max_length=40)
    agreement_from: date | None = None
    agreement_to: date | None = None
    insurance_noted: bool = Field(default=False)
    supervisor: str | None = Field(default=None, max_length=120)  # handledare på arbetsplatsen
    supervisor_phone: str | None = Field(default=None, max_length=40)
    places: int = Field(default=1)
    active: bool = Field(default=True)
    note: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())


class Placement(_Table, table=True):
    """Placering: a participant at a workplace (category 4) from a day, for some hours a week."""

    __tablename__ = "placement"
    __table_args__ = (
        UniqueConstraint("participant_id", "workplace_id", "start_date"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        CheckConstraint("hours_per_week > 0 AND hours_per_week <= 40", name="hours"),
    )
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    workplace_id: int = Field(foreign_key="workplace.id", index=True, ondelete="CASCADE")
    start_date: date
    end_date: date | None = None
    hours_per_week: float
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())


class ProtectedIdentity(_Table, table=True):
    """Skyddade personuppgifter (issue 24): the person has sekretessmarkering, skyddad
    folkbokföring or kvarskrivning. Address, phone and e-mail are then shown only to the named
    staff (ProtectedIdentityStaff); batch prints leave the person out unless chosen, exports
    that leave the unit carry `pseudonym` instead of name and personnummer, and every read is
    logged with a reason (services/protected_identity.py holds the rules)."""

    __tablename__ = "protected_identity"
    __table_args__ = (
        CheckConstraint("kind IN ('SEKRETESS','SKYDDAD_FOLKBOKFORING','KVARSKRIVNING')", name="kind"),
    )
    participant_id: int = Field(foreign_key="participant.id", primary_key=True, ondelete="CASCADE")
    kind: str = Field(max_length=24)
    marked_on: date  # the day the mark applies from (Skatteverket's decision, or when the unit learnt of it)
    registered_by: str = Field(max_length=100)  # the account that set the mark (the audit log's name)
    registered_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())
    # Random, stable, not derived from the person (a hash of a personnummer can be reversed).
    pseudonym: str = Field(max_length=16, unique=True)


class ProtectedIdentityStaff(_Table, table=True):
    """A staff member named in the mark: the only ones who see the person's contact details."""

    __tablename__ = "protected_identity_staff"
    participant_id: int = Field(foreign_key="protected_identity.participant_id", primary_key=True,
                                ondelete="CASCADE")
    staff_id: int = Field(foreign_key="staff_member.id", primary_key=True, index=True, ondelete="CASCADE")


# -- Samtycken (issue 24): consents per participant and purpose, with their history ------------------
class Consent(_Table, table=True):
    """Samtycke: one entry of a participant's consent for a purpose (domain/consent.py: AF, FK,
    VARD, SUS, FOTO) — given (LAMNAT) or withdrawn (ATERKALLAT) on a date, in writing or orally
    (`method` None = carried over from the AF contact log, which did not say), registered by whom
    and when. Entries are never changed: a withdrawal is a new entry."""

    __tablename__ = "consent"
    __table_args__ = (
        CheckConstraint("purpose IN ('AF','FK','VARD','SUS','FOTO')", name="purpose"),
        CheckConstraint("action IN ('LAMNAT','ATERKALLAT')", name="action"),
        CheckConstraint("method IS NULL OR method IN ('SKRIFTLIGT','MUNTLIGT')", name="method"),
        Index("ix_consent_person_purpose", "participant_id", "purpose", "consent_date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    purpose: str = Field(max_length=10)
    action: str = Field(max_length=10)
    consent_date: date
    method: str | None = Field(default=None, max_length=10)
    note: str | None = Field(default=None, max_length=500)
    registered_by: str = Field(max_length=120)
    registered_at: datetime = Field(default_factory=_now, sa_type=sa.DateTime())
