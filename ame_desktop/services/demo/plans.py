"""Demo plans (services/demo calls make_demo_data): realistic, fictitious content for the active
participants, always with time for job seeking when the person has an activity requirement;
some have an earlier version."""

from __future__ import annotations

import copy
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.models import Participant, StaffMember
from ame_desktop.services import authz
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services.plan_content import (
    DEFAULT_PARTICIPANT_COMMITMENTS, DEFAULT_UNIT_COMMITMENTS, FollowUp, Goal, PlannedActivity, Support,
    prefill_from_register,
)
from ame_desktop.services.plan_prints import active_participants
from ame_desktop.services.plan_versions import save_plan


DEMO_LONG_GOALS = [
    "Få en anställning inom lager och logistik, på heltid eller deltid, inom ett år.",
    "Arbeta inom vård och omsorg som undersköterska; först en praktik, sedan Komvux vårdutbildning.",
    "Bli självförsörjande genom arbete i restaurang eller storkök.",
    "Börja studera på Komvux för att få gymnasiebehörighet och sedan utbilda sig till barnskötare.",
    "Få ett arbete inom fastighetsskötsel eller grönyteskötsel i kommunen eller hos en privat arbetsgivare.",
    "Stärka hälsan och arbetsförmågan så att arbetsträning på halvtid blir möjlig och sedan gå vidare mot arbete.",
    "Få ett arbete inom butik och handel där svenskan utvecklas i vardagen.",
]
DEMO_SHORT_GOALS = [
    "Ta fram ett CV och ett personligt brev som passar de tjänster som söks.",
    "Klara SFI kurs C.",
    "Genomföra arbetsträning med stabil närvaro i minst sex veckor.",
    "Ta truckkort A och B.",
    "Skriva in sig hos Arbetsförmedlingen och ha kontakt med handläggaren varje månad.",
    "Söka minst fem relevanta jobb i veckan via Platsbanken och jobbklubben.",
    "Göra en studie- och yrkesvägledning för att välja utbildning.",
    "Få en praktikplats hos en arbetsgivare inom önskat yrke.",
    "Ta hygienkortet för livsmedelshantering.",
]
DEMO_JOB_SEEKING = [
    "Söker minst fem jobb i veckan via Platsbanken och redovisar dem för handledaren på jobbklubben.",
    "Söker arbete med stöd av handledaren; fokus på lager, butik och kök i närområdet.",
    "Går till jobbklubben varje onsdag och söker egna jobb på måndagar och fredagar.",
]
DEMO_SUPPORT = [
    ("Arbetsförmedlingen", "Inskriven som arbetssökande; kontakt med handläggaren om rustande insatser."),
    ("Socialtjänsten", "Handläggare för ekonomiskt bistånd; tar emot närvarorapporten varje månad."),
    ("Försäkringskassan", "Utreder rätten till sjukpenning; avstämningsmöte planeras."),
    ("Hälso- och sjukvården", "Vårdcentralen följer upp hälsan; bedömer arbetsförmågan inför nästa uppföljning."),
    ("Samordningsförbundet", "Deltar i ett gemensamt projekt för personer långt från arbetsmarknaden."),
    ("Komvux", "Studievägledare hjälper till med ansökan till vårdutbildningen."),
]


def make_demo_data(session: Session, rng, today: date) -> None:
    """Plans for the active participants of the demo (realistic, fictitious content, always with time
    for job seeking when the person has an activity requirement). Some have an earlier version.
    Administrators only (services/demo.py)."""
    from datetime import timedelta

    authz.require_admin(session, "lägga in demodata")

    from ame_desktop.domain.dates import add_months

    people = active_participants(session, today=today)
    coach_names = dict(session.execute(sa.select(Participant.id, StaffMember.name)
                                       .join(StaffMember, StaffMember.id == Participant.staff_id)).all())
    seek = ar.job_seeking_activity(session)
    health = ar.find_activity(session, "Friskvård och hälsa") or ar.category_activity(session, 1)
    for person in people:
        content = prefill_from_register(session, person.id, today=today)
        if not content.activities:  # exempt, no schedule: a lighter plan
            content.activities = [PlannedActivity(health.name, health.category, [0, 2, 0, 2, 0, 0, 0])]
        if content.job_seeking_hours == 0:
            content.activities.append(PlannedActivity(seek.name, seek.category, [2, 0, 0, 2, 0, 0, 0]))
        content.long_term_goal = rng.choice(DEMO_LONG_GOALS)
        content.short_term_goals = [Goal(text, add_months(today, rng.choice([1, 2, 3, 4, 6])))
                                    for text in rng.sample(DEMO_SHORT_GOALS, rng.randint(2, 3))]
        content.job_seeking_text = rng.choice(DEMO_JOB_SEEKING)
        content.support = [Support(a, b) for a, b in rng.sample(DEMO_SUPPORT, rng.randint(1, 3))]
        first = today + timedelta(days=rng.randint(14, 40))
        content.follow_ups = [FollowUp(first, "Uppföljning av planen med deltagaren."),
                              FollowUp(add_months(first, 2), "Uppföljning; ny plan vid behov.")]
        content.participant_commitments = list(DEFAULT_PARTICIPANT_COMMITMENTS)
        content.unit_commitments = list(DEFAULT_UNIT_COMMITMENTS)
        author = coach_names.get(person.id)
        if rng.random() < 0.3:  # an earlier version, a couple of months back
            older = copy.deepcopy(content)
            older.short_term_goals = older.short_term_goals[:1]
            older.follow_ups = [FollowUp(today - timedelta(days=rng.randint(10, 40)), "Första uppföljningen.")]
            save_plan(session, person.id, older, created_by=author, today=today,
                      now=datetime.combine(today - timedelta(days=rng.randint(60, 120)), time(10, 0)))
        save_plan(session, person.id, content, created_by=author, today=today,
                  now=datetime.combine(today - timedelta(days=rng.randint(0, 30)), time(9, 30)))
