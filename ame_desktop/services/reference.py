"""Reference lists for forms: municipalities."""

from __future__ import annotations

from sqlmodel import Session, select

from ame_desktop.domain.models import Municipality


def kommuner(s: Session) -> list[tuple[str, str]]:
    """All municipalities (type K) as (code, name), sorted by name."""
    q = select(Municipality.code, Municipality.name).where(Municipality.kind == "K").order_by(Municipality.name)
    return [(c, n) for c, n in s.exec(q)]


def municipality_name(s: Session, code: str) -> str:
    m = s.get(Municipality, code)
    return m.name if m else code
