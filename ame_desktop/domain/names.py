"""Search and sort keys for names.

SQLite's LIKE and lower() only fold ASCII, and its default collation sorts Ä before Å. So
each participant stores two derived keys: a casefolded search key, and a sort key in which
å, ä, ö follow z in Swedish order (mapped to the ASCII characters after 'z').
"""

from __future__ import annotations

from ame_desktop.domain.text import nfc

_SORT = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e", "è": "e", "ü": "y",
                       "á": "a", "à": "a"})


def fold(text: str) -> str:
    """NFC, then casefold (NFC again: casefolding may decompose): how names are compared."""
    return nfc(nfc(text).casefold())


def search_key(first_name: str, last_name: str) -> str:
    return fold(f"{first_name} {last_name}")


def sort_key(first_name: str, last_name: str) -> str:
    return fold(f"{last_name} {first_name}").translate(_SORT)


def like_pattern(word: str) -> str:
    """`%word%` for LIKE with the user's % and _ taken literally (ESCAPE '\\')."""
    w = fold(word).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{w}%"
