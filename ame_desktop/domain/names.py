"""Search and sort keys for names.

SQLite's LIKE and lower() only fold ASCII, and its default collation sorts Ä before Å. So
each participant stores two derived keys: a casefolded search key, and a sort key in which
å, ä, ö follow z in Swedish order (mapped to the ASCII characters after 'z').
"""

from __future__ import annotations

_SORT = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e", "è": "e", "ü": "y",
                       "á": "a", "à": "a"})


def search_key(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}".casefold()


def sort_key(first_name: str, last_name: str) -> str:
    return f"{last_name} {first_name}".casefold().translate(_SORT)


def like_pattern(word: str) -> str:
    """`%word%` for LIKE with the user's % and _ taken literally (ESCAPE '\\')."""
    w = word.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{w}%"
