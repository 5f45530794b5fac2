"""Unicode rules for what users type and files carry.

- Names and other texts are stored in Unicode normal form NFC: "Åke" typed on a Mac (NFD: A +
  combining ring) and on Windows (NFC: Å) is one and the same name, in the register and in search.
- Numbers (personnummer, hours, dates) are accepted only when their Unicode compatibility form
  (NFKC) is written with the digits 0–9: fullwidth `１９８５０３１４１２３９` becomes
  `198503141239`; digits of other scripts (Arabic-Indic `٣`, Devanagari `३` …), which NFKC leaves
  as they are, are refused with a message. Only ASCII digits are ever stored.
"""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """`text` in normal form NFC."""
    return unicodedata.normalize("NFC", text)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def has_non_ascii_digit(text: str) -> bool:
    """True when `text` holds a digit other than 0–9 (any script's decimal digit)."""
    return any(not ch.isascii() and (ch.isdigit() or unicodedata.category(ch) == "Nd") for ch in text)


NON_ASCII_DIGITS = "innehåller siffror som inte är 0–9 (t.ex. från ett annat skriftsystem). Skriv siffrorna 0–9."


def number_text(text: str) -> str:
    """Text meant as a number, in NFKC with ASCII digits only; ValueError (Swedish) otherwise."""
    clean = nfkc(text)
    if has_non_ascii_digit(clean):
        raise ValueError(f"”{text.strip()}” {NON_ASCII_DIGITS}")
    return clean
