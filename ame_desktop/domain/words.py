"""Swedish words that depend on a number: "1 kontakt", "2 kontakter" — one helper for every count
the program shows (the window, reports and the command line)."""

from __future__ import annotations


def count(n: int, singular: str, plural: str) -> str:
    """`n` and the word in the right form: count(1, "kontakt", "kontakter") == "1 kontakt"."""
    return f"{n} {singular if n == 1 else plural}"


def form(n: int, singular: str, plural: str) -> str:
    """Only the word, for texts that place the number themselves."""
    return singular if n == 1 else plural
