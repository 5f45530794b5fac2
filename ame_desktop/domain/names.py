"""Search and sort keys for names.

SQLite's LIKE and lower() only fold ASCII, and its default collation sorts Ä before Å. So
each participant stores two derived keys: a casefolded search key, and a sort key in which
å, ä, ö follow z in Swedish order (mapped to the ASCII characters after 'z').
"""

from __future__ import annotations

import unicodedata

from ame_desktop.domain.text import nfc

# Swedish order: å, ä, ö after z (the ASCII characters after 'z'); æ, ø as ä, ö and ü as y, as
# Swedish dictionaries sort them. Every other letter sorts as its base letter: Çelik among the C,
# Łukasik among the L, Šimić among the S — not after Ö. (PyICU would do this too, but has no
# Windows wheels; unicodedata's decomposition is enough for names.)
_SWEDISH = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "ü": "y"}
_OWN_LETTERS = {"ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "ı": "i", "œ": "oe", "ħ": "h", "ŧ": "t"}


def _sort_char(ch: str) -> str:
    if ch in _SWEDISH:
        return _SWEDISH[ch]
    if ch in _OWN_LETTERS:
        return _OWN_LETTERS[ch]
    if ch.isascii():
        return ch
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """NFC, then casefold (NFC again: casefolding may decompose): how names are compared."""
    return nfc(nfc(text).casefold())


def search_key(first_name: str, last_name: str) -> str:
    return fold(f"{first_name} {last_name}")


def sort_key(first_name: str, last_name: str) -> str:
    return "".join(_sort_char(ch) for ch in fold(f"{last_name} {first_name}"))[:201]


def like_pattern(word: str) -> str:
    """`%word%` for LIKE with the user's % and _ taken literally (ESCAPE '\\')."""
    w = fold(word).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{w}%"
