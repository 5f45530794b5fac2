"""Swedish counts: one helper for "1 kontakt" / "2 kontakter" (issue 21)."""

from ame_desktop.domain import words


def test_one_is_singular_everything_else_plural():
    assert words.count(1, "kontakt", "kontakter") == "1 kontakt"
    assert words.count(0, "kontakt", "kontakter") == "0 kontakter"
    assert words.count(2, "bedömning", "bedömningar") == "2 bedömningar"
    assert words.count(21, "person", "personer") == "21 personer"  # Swedish has no "21 person"
    assert words.form(1, "person", "personer") == "person"
