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


@dataclass(frozen=True)
class SettingSpec:
    label: str
    default: str
    clean: Callable[[Session, str], str]


SETTINGS: dict[str, SettingSpec] = {
    "municipality": SettingSpec("Standardkommun (kommunkod)", "", _municipality),
    "unit_name": SettingSpec("Enhetens namn", "Arbetsmarknadsenheten", _unit_name),
    "full_time_hours": SettingSpec("Heltid i aktivitetskravet, timmar per vecka", "40", _full_time),
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
    spec = _spec(key)
    try:
        clean = spec.clean(s, value)
    except ValueError as exc:
        raise ValidationError.single(key, str(exc)) from None
    row = s.get(Setting, key)
    if row is None:
        s.add(Setting(key=key, value=clean))
    else:
        row.value = clean
    s.flush()
    return clean


def default_municipality(s: Session) -> str | None:
    return get_setting(s, "municipality") or None


def full_time_hours(s: Session) -> float:
    return float(get_setting(s, "full_time_hours"))
