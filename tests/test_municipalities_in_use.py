"""Issue 25: the municipality filter of the register list lists the same municipalities as before
(their own, their enrollments' and referrals'), found by one index probe per municipality instead of
a union over every person's rows (0.2 ms instead of 110 ms on the city register)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ame_desktop.domain.models import Enrollment, Municipality, Participant, Referral
from ame_desktop.services import enrollments as es
from ame_desktop.services import participant_list as pl
from ame_desktop.services import participants as ps
from ame_desktop.services import referrals as rs


@pytest.fixture
def people(db):
    with db.transaction() as s:
        a = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg", municipality_code="0860"))
        rs.add_referral(s, a.id, "2025-01-02", "SOC", municipality_code="2260")
        b = ps.create_participant(s, ps.ParticipantInput("701063-2391", "Märta", "Öberg", municipality_code="0860"))
        es.add_enrollment(s, b.id, "2025-01-10", None, "6-12", municipality_code="1256")
    return [a.id, b.id]


def _union_of_codes(s) -> list[tuple[str, str]]:
    """The municipalities in use as the list computed them before (every code of every row)."""
    used = sa.union(sa.select(Participant.municipality_code), sa.select(Enrollment.municipality_code),
                    sa.select(Referral.municipality_code))
    q = sa.select(Municipality.code, Municipality.name).where(Municipality.code.in_(used)).order_by(Municipality.name)
    return [(c, n) for c, n in s.execute(q)]


def test_the_municipalities_in_use_are_those_of_people_enrollments_and_referrals(db, people):
    with db.reading() as s:
        listed = pl.municipalities_in_use(s)
        assert listed == _union_of_codes(s)
    assert sorted(c for c, _ in listed) == ["0860", "1256", "2260"]


def test_a_coach_of_one_municipality_gets_only_what_her_people_touch(db, people):
    """The codes come from the people she may see: a coach of 0860 gets 0860 and the referral's and
    enrollment's municipalities of her two people; a coach of 2260 (nobody lives there) gets none."""
    from ame_desktop.domain.actor import ROLE_COACH, Actor

    with db.transaction() as s:  # a third person, of 1256 itself, whom the 0860 coach does not see
        c = ps.create_participant(s, ps.ParticipantInput("198503141239", "Sanna", "Ek", municipality_code="1256"))
        rs.add_referral(s, c.id, "2025-02-03", "SOC", municipality_code="0684")
    with db.reading() as s:
        s.info["actor"] = Actor("coach0860", ROLE_COACH, municipalities=frozenset({"0860"}))
        assert sorted(c for c, _ in pl.municipalities_in_use(s)) == ["0860", "1256", "2260"]
        s.info["actor"] = Actor("coach2260", ROLE_COACH, municipalities=frozenset({"2260"}))
        assert pl.municipalities_in_use(s) == []
        s.info["actor"] = Actor("coach1256", ROLE_COACH, municipalities=frozenset({"1256"}))
        assert sorted(c for c, _ in pl.municipalities_in_use(s)) == ["0684", "1256"]
