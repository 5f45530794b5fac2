"""The monthly log review (logggranskning) as xlsx: unusual access, the chain's state, and the
month's entries."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from ame_desktop.domain.audit_review import ANCHOR_LABEL, AuditReview
from ame_desktop.domain.errors import UserError
from ame_desktop.io.cells import save_workbook
from ame_desktop.io.files import atomic_output


def check_review_path(out: Path | str | None) -> Path:
    if out is None or Path(out).suffix.lower() != ".xlsx":
        raise UserError("Logggranskningen skrivs som .xlsx: ange --out FIL.xlsx.")
    return Path(out)


def write_review(review: AuditReview, out: Path | str) -> Path:
    """The review as .xlsx: sheet Granskning (findings, the chain's state and its head: `audit
    verify --against FIL.xlsx` tells whether the log was rewritten or cut after the review was
    made) and sheet Loggposter (the month's entries, oldest first)."""
    out = check_review_path(out)
    chain_problems, log = review.chain_problems, review.entries
    wb = Workbook()
    ws = wb.active
    ws.title = "Granskning"
    bold = Font(bold=True)
    ws.append([f"Logggranskning {review.year}-{review.month:02d}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"Framtagen {review.made_on.isoformat()}; {len(log)} loggposter under månaden."])
    ws.append(["Loggens kedja: " + ("hel" if not chain_problems else "BRUTEN – " + "; ".join(chain_problems[:5]))])
    ws.append([])
    ws.append(["Konto", "Typ", "Antal", "Beskrivning"])
    for c in ws[5]:
        c.font = bold
    for f in review.findings:
        ws.append([f.actor, {"många": "Många öppnade", "utanför": "Utanför egna deltagare"}[f.kind], f.count, f.text])
    if not review.findings:
        ws.append(["", "", "", "Inga ovanliga åtkomster."])
    ws.append([])
    ws.append([ANCHOR_LABEL, review.head_at.isoformat(sep=" ") if review.head_at else "", review.head_id,
               f"Kontrollsumma {review.head_hash} (loggens sista post när granskningen togs fram)"])
    for col, w in zip("ABCD", (22, 24, 8, 90)):
        ws.column_dimensions[col].width = w
    entries = wb.create_sheet("Loggposter")
    entries.append(["Id", "Tid", "Konto", "Händelse", "Post", "Post-id", "Deltagare-id", "Detaljer"])
    for c in entries[1]:
        c.font = bold
    for e in reversed(log):
        entries.append([e.id, e.at, e.actor, e.action, e.entity, e.record_id, e.participant_id, e.details])
    return atomic_output(out, [".xlsx"], lambda tmp: save_workbook(wb, tmp), what="Logggranskningen")




def read_anchor(path: Path) -> tuple[int, str, datetime] | None:
    """The chain's head recorded in a review file: (last id, hash, time), or None."""
    import re

    from ame_desktop.io.workbook_reader import Workbook

    # Through the import's reader: a file handed to `audit verify --against` is bounded like any
    # workbook (size, cells, damaged parts are Swedish UserErrors).
    wb = Workbook(path)
    try:
        sheet = wb.sheet("Granskning")
        if sheet is None:
            return None
        for _number, cells in sheet.rows():
            row = [cells.get(col) for col in range(1, 5)]
            if row[0] == ANCHOR_LABEL:
                m = re.search(r"\b([0-9a-f]{64})\b", str(row[3] or ""))
                try:
                    at = (datetime.fromisoformat(str(row[1])) if row[1]
                          else datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0))
                    last_id = int(row[2])
                except (TypeError, ValueError):
                    return None
                return (last_id, m.group(1), at) if m else None
    finally:
        wb.close()
    return None
