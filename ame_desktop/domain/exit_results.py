"""Results after exit as plain values (services/results.compute_results fills them; the window and
io/results_report.py show them): an exit's row, the figures of a set of exits, the report, and
the JSON of `report results --out FILE.json`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ame_desktop.domain import codes
from ame_desktop.domain import followup_states as fu
from ame_desktop.domain.i18n import QT_TR_NOOP

NO_REFERRAL = "SAKNAS"
DIMENSIONS = {
    "municipality": QT_TR_NOOP("Kommun"),
    "referral_source": QT_TR_NOOP("Anvisare"),
    "exit_result": QT_TR_NOOP("Avslutsresultat"),
    "gender": QT_TR_NOOP("Kön"),
}
MASK_BELOW = 5  # the PDF shows "–" for figures about fewer people than this



def _month_text(index: int) -> str:
    y, m = divmod(index, 12)
    return f"{y:04d}-{m + 1:02d}"


@dataclass
class ExitRow:
    """One exit with everything the figures are made of (the drill-down's row)."""

    enrollment_id: int
    participant_id: int
    personnummer: str
    name: str
    gender: str
    municipality: str
    referral_source: str
    start_date: date
    end_date: date
    exit_reason: str | None
    exit_result: str  # KAS category, or "-" when the exit reason is missing
    support_at_start: str | None
    occupation_at_start: str | None
    support_at_exit: str | None
    occupation_at_exit: str | None
    followups: dict[int, fu.FollowUpState] = field(default_factory=dict)
    before_months: int = 0
    before_kronor: float = 0.0
    before_observed: int = 0  # months of the 12 that lie within the imported range
    after_months: int = 0
    after_kronor: float = 0.0
    after_observed: int = 0
    back_within_6: bool | None = None
    back_within_12: bool | None = None

    def key(self, dimension: str) -> str:
        return getattr(self, dimension)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(rows: list[ExitRow], months: list[int]) -> dict:
    """The figures of a set of exits (the total, or one group). One pass over the rows."""
    self_codes = set(codes.SELF_SUPPORTING)
    n = len(rows)
    persons: set[int] = set()
    at = [0, 0, 0]  # recorded, self-supporting, without försörjningsstöd
    per = {m: {"due": 0, "recorded": 0, "not_reached": 0, "reenrolled": 0, "not_followed_up": 0, "upcoming": 0,
               "self_supporting": 0, "without_forsorjningsstod": 0, "support": defaultdict(int),
               "occupation": defaultdict(int)} for m in months}
    side = {k: [0, 0.0, 0, 0] for k in ("before", "after")}  # months, kronor, with support, complete
    comp = [0, 0, 0, 0.0, 0.0]  # exits, before months, after months, before kr, after kr
    back = {6: [0, 0], 12: [0, 0]}  # observed, back
    for r in rows:
        persons.add(r.participant_id)
        if r.support_at_exit:
            at[0] += 1
            at[1] += r.support_at_exit in self_codes
            at[2] += r.support_at_exit != "FORSORJNINGSSTOD"
        for m, st in r.followups.items():
            g = per.get(m)
            if g is None:
                continue
            state = st.state
            if state == fu.UPCOMING:
                g["upcoming"] += 1
                continue
            g["due"] += 1
            if state == fu.DONE:
                g["recorded"] += 1
                g["self_supporting"] += st.support in self_codes
                g["without_forsorjningsstod"] += st.support != "FORSORJNINGSSTOD"
                g["support"][st.support or "OKAND"] += 1
                g["occupation"][st.occupation or "OKAND"] += 1
            elif state == fu.NOT_REACHED:
                g["not_reached"] += 1
            elif state == fu.REENROLLED:
                g["reenrolled"] += 1
            else:
                g["not_followed_up"] += 1
        for name, mon, kr, obs in (("before", r.before_months, r.before_kronor, r.before_observed),
                                   ("after", r.after_months, r.after_kronor, r.after_observed)):
            acc = side[name]
            acc[0] += mon
            acc[1] += kr
            acc[2] += mon > 0
            acc[3] += obs == 12
        if r.before_observed == 12 and r.after_observed == 12:
            comp[0] += 1
            comp[1] += r.before_months
            comp[2] += r.after_months
            comp[3] += r.before_kronor
            comp[4] += r.after_kronor
        for w, value in ((6, r.back_within_6), (12, r.back_within_12)):
            if value is not None:
                back[w][0] += 1
                back[w][1] += value
    out: dict = {
        "exits": n,
        "persons": len(persons),
        "at_exit": {"recorded": at[0], "self_supporting": at[1], "without_forsorjningsstod": at[2],
                    "share_self_supporting": _share(at[1], at[0])},
        "followups": {},
    }
    for m in months:
        g = per[m]
        out["followups"][str(m)] = {
            "due": g["due"], "recorded": g["recorded"], "not_reached": g["not_reached"],
            "reenrolled": g["reenrolled"], "not_followed_up": g["not_followed_up"], "upcoming": g["upcoming"],
            "self_supporting": g["self_supporting"],
            "share_self_supporting": _share(g["self_supporting"], g["recorded"]),
            "without_forsorjningsstod": g["without_forsorjningsstod"],
            "support": dict(sorted(g["support"].items())),
            "occupation": dict(sorted(g["occupation"].items())),
        }
    for name, (mon, kr, with_support, complete) in side.items():
        kr = round(kr, 2)
        out[name] = {"months": mon, "kronor": kr, "exits_with_support": with_support, "complete": complete,
                     "kronor_per_exit": round(kr / n, 2) if n else None}
    b, a = round(comp[3], 2), round(comp[4], 2)
    out["comparable"] = {"exits": comp[0], "before_months": comp[1], "after_months": comp[2],
                         "before_kronor": b, "after_kronor": a, "difference_kronor": round(a - b, 2)}
    for w in (6, 12):
        out[f"back_within_{w}"] = {"observed": back[w][0], "back": back[w][1], "share": _share(back[w][1], back[w][0])}
    return out


@dataclass
class ResultsReport:
    date_from: date
    date_to: date
    municipalities: list[str] | None  # None = all the actor sees
    months: list[int]
    today: date
    data_from: str | None  # first and last month of försörjningsstöd in the register
    data_through: str | None
    rows: list[ExitRow]
    labels: dict[str, dict[str, str]]  # dimension → key → label

    @property
    def total(self) -> dict:
        cached = self.__dict__.get("_total")
        if cached is None or cached[0] is not self.rows or cached[1] != self.months:
            cached = (self.rows, list(self.months), figures(self.rows, self.months))
            self.__dict__["_total"] = cached
        return cached[2]

    def groups(self, dimension: str) -> list[tuple[str, str, list[ExitRow]]]:
        by: dict[str, list[ExitRow]] = defaultdict(list)
        for r in self.rows:
            by[r.key(dimension)].append(r)
        order = list(self.labels[dimension])
        keys = sorted(by, key=lambda k: (order.index(k) if k in order else len(order), k))
        return [(k, self.labels[dimension].get(k, k), by[k]) for k in keys]

    def people(self, dimension: str | None = None, key: str | None = None) -> list[ExitRow]:
        """The drill-down: the exits behind the total or one group."""
        if dimension is None:
            return list(self.rows)
        return [r for r in self.rows if r.key(dimension) == key]

    def as_json(self) -> dict:
        return results_json(self)



def _state_json(st: fu.FollowUpState) -> dict:
    return {"due_on": st.due_on.isoformat(), "status": st.state,
            "done_on": st.done_on.isoformat() if st.done_on else None, "method": st.method,
            "support": st.support, "occupation": st.occupation,
            "reenrolled_on": st.reenrolled_on.isoformat() if st.reenrolled_on else None}


def results_json(report: ResultsReport) -> dict:
    """The shape of `report results --out FILE.json` (README, "Decisions where the specs were silent")."""
    return {
        "from": report.date_from.isoformat(),
        "to": report.date_to.isoformat(),
        "municipalities": report.municipalities,
        "followup_months": report.months,
        "today": report.today.isoformat(),
        "forsorjningsstod_data": {"from": report.data_from, "through": report.data_through},
        "total": report.total,
        "groups": {dim: [{"key": k, "label": label, **figures(rs, report.months)}
                         for k, label, rs in report.groups(dim)] for dim in DIMENSIONS},
        "exits": [{
            "personnummer": r.personnummer,
            "enrollment_id": r.enrollment_id,
            "municipality": r.municipality,
            "gender": r.gender,
            "referral_source": r.referral_source,
            "start_date": r.start_date.isoformat(),
            "end_date": r.end_date.isoformat(),
            "exit_reason": r.exit_reason,
            "exit_result": r.exit_result,
            "support_at_start": r.support_at_start,
            "occupation_at_start": r.occupation_at_start,
            "support_at_exit": r.support_at_exit,
            "occupation_at_exit": r.occupation_at_exit,
            "followups": {str(m): _state_json(st) for m, st in sorted(r.followups.items())},
            "before": {"months": r.before_months, "kronor": round(r.before_kronor, 2), "observed": r.before_observed},
            "after": {"months": r.after_months, "kronor": round(r.after_kronor, 2), "observed": r.after_observed},
            "back_within_6": r.back_within_6,
            "back_within_12": r.back_within_12,
        } for r in report.rows],
    }
