"""Samtycken (issue 24): the purposes a participant may consent to, how a consent was given, and
the rule for which consent is in force on a day. No Qt, no database.

A consent is a history of entries per person and purpose: each entry *gives* (LAMNAT) or
*withdraws* (ATERKALLAT) the consent on a date, in writing or orally. Nothing is overwritten: a
withdrawal is a new entry. The consent in force on day D is the latest entry dated D or earlier
(entries of the same date in the order they were registered): in force if that entry gives it.
"""

from __future__ import annotations

from datetime import date

from ame_desktop.domain.text import nfc

# Purpose codes (stored; never change once released) → Swedish labels.
PURPOSES = {
    "AF": "Informationsutbyte med Arbetsförmedlingen",
    "FK": "Informationsutbyte med Försäkringskassan",
    "VARD": "Informationsutbyte med hälso- och sjukvården",
    "SUS": "Registrering i SUS (samordningsförbundets uppföljningssystem)",
    "FOTO": "Foto och film",
}
SHORT_LABELS = {"AF": "Arbetsförmedlingen", "FK": "Försäkringskassan", "VARD": "Vården", "SUS": "SUS",
                "FOTO": "Foto"}
# What may be typed for a purpose (command line, import sheet), any case.
PURPOSE_WORDS = {
    "af": "AF", "arbetsförmedlingen": "AF", "fk": "FK", "försäkringskassan": "FK",
    "vard": "VARD", "vård": "VARD", "varden": "VARD", "vården": "VARD", "sjukvård": "VARD",
    "hälso- och sjukvården": "VARD", "sus": "SUS", "foto": "FOTO", "bild": "FOTO", "foto och film": "FOTO",
}

GIVEN, WITHDRAWN = "LAMNAT", "ATERKALLAT"
ACTIONS = {GIVEN: "Lämnat", WITHDRAWN: "Återkallat"}
ACTION_WORDS = {"lämnat": GIVEN, "lamnat": GIVEN, "lämna": GIVEN, "ge": GIVEN, "give": GIVEN, "ja": GIVEN,
                "återkallat": WITHDRAWN, "aterkallat": WITHDRAWN, "återkalla": WITHDRAWN, "withdraw": WITHDRAWN,
                "nej": WITHDRAWN}

WRITTEN, ORAL = "SKRIFTLIGT", "MUNTLIGT"
METHODS = {WRITTEN: "Skriftligt", ORAL: "Muntligt"}
# Entries carried over from the AF contact log (migration 0013) do not say how.
UNKNOWN_METHOD_LABEL = "Okänt (ur AF-kontaktloggen)"


def purpose(value: object) -> str:
    text = nfc(str(value or "")).strip()
    code = PURPOSE_WORDS.get(text.casefold()) or (text.upper() if text.upper() in PURPOSES else None)
    if code is None:
        raise ValueError(f"Okänt ändamål ”{text}”. Välj ett av: "
                         + ", ".join(f"{k.lower()} ({SHORT_LABELS[k]})" for k in PURPOSES) + ".")
    return code


def method(value: object) -> str:
    text = nfc(str(value or "")).strip()
    if not text:
        raise ValueError("Ange hur samtycket lämnades: skriftligt eller muntligt.")
    code = text.upper()
    if code not in METHODS:
        raise ValueError(f"”{text}” är inget sätt att lämna samtycke. Skriv skriftligt eller muntligt.")
    return code


def action(value: object) -> str:
    text = nfc(str(value or "")).strip()
    code = ACTION_WORDS.get(text.casefold()) or (text.upper() if text.upper() in ACTIONS else None)
    if code is None:
        raise ValueError(f"”{text}” är varken lämnat eller återkallat.")
    return code


def method_label(code: str | None) -> str:
    return METHODS.get(code, code) if code else UNKNOWN_METHOD_LABEL


def in_force(entries: list[tuple[date, int, str]], day: date) -> tuple[date, int, str] | None:
    """The entry deciding the consent on `day` among (date, order, action) of one purpose:
    the latest dated on or before the day. None = no entry yet."""
    best = None
    for e in entries:
        if e[0] <= day and (best is None or (e[0], e[1]) > (best[0], best[1])):
            best = e
    return best
