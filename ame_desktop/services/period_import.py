"""The steps the two period sheets share (Inskrivningar, Aktivitetskrav): a period is keyed by
person and start, and a person's periods never overlap (file over register)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain.dates import overlaps
from ame_desktop.services.import_base import ImportContext, Row, SheetHandler


def check_period_overlaps(handler: SheetHandler, ctx: ImportContext, stored: dict[str, dict[date, dict]],
                          column: str, message) -> dict[str, list[tuple[date, date | None]]]:
    """Each person's periods as they will be after the import (file over register); an error at
    the file's row for every overlap. Returns the merged periods per person."""
    per_person: dict[str, list[tuple[date, date | None, int | None]]] = {}
    for (digits, start), (row, values) in handler.clean.items():
        per_person.setdefault(digits, []).append((start, values["end_date"], row))
    out: dict[str, list[tuple[date, date | None]]] = {}
    for digits, periods in per_person.items():
        if not handler.require_known_person(ctx, Row(periods[0][2], {}), digits):
            continue
        in_file = {p[0] for p in periods}
        merged = sorted(periods + [(start, v["end_date"], None) for start, v in stored.get(digits, {}).items()
                                   if start not in in_file], key=lambda p: p[0])
        out[digits] = [(p[0], p[1]) for p in merged]
        for a, b in zip(merged, merged[1:]):
            if overlaps(a[0], a[1], b[0], b[1]):
                row = b[2] if b[2] is not None else a[2]
                other = a if row == b[2] else b
                ctx.error(handler.name, row, column, message(other[0], other[1]))
    return out


def plan_period_changes(handler: SheetHandler, ctx: ImportContext, stored: dict[str, dict[date, dict]],
                        labels: dict[str, str], start_label: str) -> None:
    """New, changed (with old and new values) or unchanged, per row of a period sheet."""
    for key, (row, values) in handler.clean.items():
        old = stored.get(key[0], {}).get(key[1])
        who = f"{pnr.format_digits(key[0])} från {key[1].isoformat()}"
        if old is None:
            handler.new.append(key)
            handler.change(ctx, row, "ny", who, key[0],
                           {start_label: [None, key[1]]} | {labels[k]: [None, values[k]] for k in labels})
            continue
        diff = [k for k in labels if old[k] != values[k]]
        if diff:
            handler.updated.append((key, old["id"]))
            handler.change(ctx, row, "ändrad", who + ": " + ", ".join(labels[k] for k in diff), key[0],
                           {labels[k]: [old[k], values[k]] for k in diff})
        else:
            handler.counts.unchanged += 1


def write_periods(handler: SheetHandler, ctx: ImportContext, model, columns: tuple[str, ...]) -> None:
    if handler.new:
        ctx.refresh_person_ids(k[0] for k in handler.new)
        ctx.s.execute(sa.insert(model), [{"participant_id": ctx.person_id(k[0]), "start_date": k[1],
                                          **handler.clean[k][1]} for k in handler.new])
    if handler.updated:
        t = model.__table__
        stmt = sa.update(t).where(t.c.id == sa.bindparam("b_id")).values({c: sa.bindparam(c) for c in columns})
        ctx.s.connection().execute(stmt, [{"b_id": rid, **handler.clean[k][1]} for k, rid in handler.updated])
