"""The monthly log review (logggranskning) as xlsx: unusual access, the chain's state, and the
month's entries."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from ame_desktop.domain.dates import month_bounds
from ame_desktop.domain.errors import UserError
from ame_desktop.services import audit


def write_review(s, year: int, month: int, out: Path, chain_problems: list[str]) -> Path:
    if out is None or out.suffix.lower() != ".xlsx":
        raise UserError("Logggranskningen skrivs som .xlsx: ange --out FIL.xlsx.")
    first, last = month_bounds(year, month)
    findings = audit.review(s, year, month)
    log = audit.entries(s, since=first, until=last, limit=200_000)
    wb = Workbook()
    ws = wb.active
    ws.title = "Granskning"
    bold = Font(bold=True)
    ws.append([f"Logggranskning {year}-{month:02d}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"Framtagen {date.today().isoformat()}; {len(log)} loggposter under månaden."])
    ws.append(["Loggens kedja: " + ("hel" if not chain_problems else "BRUTEN – " + "; ".join(chain_problems[:5]))])
    ws.append([])
    ws.append(["Konto", "Typ", "Antal", "Beskrivning"])
    for c in ws[5]:
        c.font = bold
    for f in findings:
        ws.append([f.actor, {"många": "Många öppnade", "utanför": "Utanför egna deltagare"}[f.kind], f.count, f.text])
    if not findings:
        ws.append(["", "", "", "Inga ovanliga åtkomster."])
    for col, w in zip("ABCD", (22, 24, 8, 90)):
        ws.column_dimensions[col].width = w
    entries = wb.create_sheet("Loggposter")
    entries.append(["Id", "Tid", "Konto", "Händelse", "Post", "Post-id", "Deltagare-id", "Detaljer"])
    for c in entries[1]:
        c.font = bold
    for e in reversed(log):
        entries.append([e.id, e.at, e.actor, e.action, e.entity, e.record_id, e.participant_id, e.details])
    tmp = out.with_name(out.name + ".tmp")
    wb.save(tmp)
    os.replace(tmp, out)
    return out
