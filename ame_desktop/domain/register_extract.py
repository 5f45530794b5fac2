"""The registerutdrag (GDPR art. 15) as a plain value: services/register_extract.make_extract
fills it, io/register_extract.py writes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class Extract:
    personnummer: str
    name: str
    made_at: datetime
    sections: list[tuple[str, str, list[str], list[tuple]]]  # (table, label, columns, rows)
