"""Settings stored in the register itself (they travel with the database file)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlmodel import Session, select

from ame_desktop.domain import rules
from ame_desktop.domain.errors import ValidationError
from ame_desktop.domain.models import Municipality, Setting


def _municipality(s: Session, value: str) -> str:
    code = value.strip()
    if code.isdigit() and len(code) < 4:
        code = code.zfill(4)  # Excel and shells drop leading zeros: 114 → 0114
    m = s.get(Municipality, code)
    if m is None or m.kind != "K":
        raise ValueError(f"Okänd kommunkod ”{value}”. Ange kommunens fyrsiffriga kod, t.ex. 0860 för Hultsfred.")
    return code


def _unit_name(_s: Session, value: str) -> str:
    return rules.required_text(value, max_len=120)


def _full_time(_s: Session, value: str) -> str:
    h = rules.quarter_hours(value, low=1, high=60)
    return f"{h:g}"


def _bool(_s: Session, value: str) -> str:
    v = value.strip().lower()
    if v in ("1", "ja", "j", "true", "på"):
        return "1"
    if v in ("0", "nej", "n", "false", "av", ""):
        return "0"
    raise ValueError(f"Ange 1 (ja) eller 0 (nej), inte ”{value}”.")


def _optional_text(_s: Session, value: str) -> str:
    return rules.text(value, max_len=500) or ""


def _count(_s: Session, value: str) -> str:
    try:
        n = int(value.strip())
    except ValueError:
        raise ValueError(f"Ange ett heltal, inte ”{value}”.") from None
    if not (1 <= n <= 100):
        raise ValueError("Ange ett tal mellan 1 och 100.")
    return str(n)


def _followup_months(value: str) -> str:
    """Follow-ups after exit (issue 20): e.g. "3,6,12"; 1–60 months, at least one."""
    parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
    try:
        months = sorted({int(p) for p in parts})
    except ValueError:
        raise ValueError(f"Ange månader som heltal med kommatecken emellan, t.ex. 3,6,12 (inte ”{value}”).") from None
    if not months or not all(1 <= m <= 60 for m in months):
        raise ValueError("Ange minst en uppföljning, 1–60 månader efter avslutet, t.ex. 3,6,12.")
    return ",".join(str(m) for m in months)


def _hours_0_40(_s: Session, value: str) -> str:
    return f"{rules.quarter_hours(value, low=0, high=40):g}"


@dataclass(frozen=True)
class SettingSpec:
    label: str
    default: str
    clean: Callable[[Session, str], str]


SETTINGS: dict[str, SettingSpec] = {
    "municipality": SettingSpec("Standardkommun (kommunkod)", "", _municipality),
    "unit_name": SettingSpec("Enhetens namn", "Arbetsmarknadsenheten", _unit_name),
    "full_time_hours": SettingSpec("Heltid i aktivitetskravet, timmar per vecka", "40", _full_time),
    "single_user": SettingSpec("Enanvändarläge (1 = ingen inloggning, 0 = inloggning krävs)", "0", _bool),
    "single_user_account": SettingSpec("Kontot som används i enanvändarläge (användarnamn)", "", _optional_text),
    "backup_folder": SettingSpec("Mapp för automatiska säkerhetskopior (tomt = bredvid databasen)", "",
                                 _optional_text),
    "backup_count": SettingSpec("Antal automatiska säkerhetskopior som sparas", "14", _count),
    "retention_years": SettingSpec("Gallring: år efter sista anteckningen", "5", _count),
    # Aktivitetskrav (issue 16)
    "sick_without_certificate_days": SettingSpec(
        "Markera sjukdom utan läkarintyg efter så många arbetsdagar i följd", "7", _count),
    # Underrättelser till handläggaren (issue 17)
    "notice_absent_days": SettingSpec(
        "Underrätta handläggaren efter så många frånvarodagar i följd", "3", _count),
    "job_seeking_minimum_hours": SettingSpec(
        "Minsta tid för eget jobbsökande i planen, timmar per vecka", "4", _hours_0_40),
    "followup_months": SettingSpec("Uppföljning efter avslut: månader efter avslutet (kommaseparerat)", "3,6,12",
                                   lambda _s, v: _followup_months(v)),
}


def _spec(key: str) -> SettingSpec:
    spec = SETTINGS.get(key)
    if spec is None:
        known = ", ".join(SETTINGS)
        raise ValidationError.single("key", f"Okänd inställning ”{key}”. Kända inställningar: {known}.")
    return spec


def get_setting(s: Session, key: str) -> str:
    spec = _spec(key)
    row = s.get(Setting, key)
    return row.value if row is not None else spec.default


def all_settings(s: Session) -> dict[str, str]:
    stored = {row.key: row.value for row in s.exec(select(Setting))}
    return {key: stored.get(key, spec.default) for key, spec in SETTINGS.items()}


def set_setting(s: Session, key: str, value: str) -> str:
    from ame_desktop.services import audit, authz

    authz.require_admin(s, "ändra inställningar")
    spec = _spec(key)
    try:
        clean = spec.clean(s, value)
    except ValueError as exc:
        raise ValidationError.single(key, str(exc)) from None
    row = s.get(Setting, key)
    old = row.value if row is not None else spec.default
    if row is None:
        s.add(Setting(key=key, value=clean))
    else:
        row.value = clean
    s.flush()
    if old != clean:
        audit.record(s, "update", "setting", key, details=audit.changes({key: old}, {key: clean}))
    return clean


def default_municipality(s: Session) -> str | None:
    return get_setting(s, "municipality") or None


def full_time_hours(s: Session) -> float:
    return float(get_setting(s, "full_time_hours"))


def sick_without_certificate_days(s: Session) -> int:
    return int(get_setting(s, "sick_without_certificate_days"))


def job_seeking_minimum_hours(s: Session) -> float:
    return float(get_setting(s, "job_seeking_minimum_hours"))
