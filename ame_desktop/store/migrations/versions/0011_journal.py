"""The participant's journal (issue 21): dated entries by their author, locked after 24 hours,
corrections as new entries. And the name sort keys refilled with the Swedish collation of
issue 22 (Çelik among the C, Łukasik among the L — no longer after Ö). And personnummer written
before issue 18 with fullwidth digits (１９８５…) become the ASCII digits they stand for, unless
that number is already another record's (then `check` keeps naming the row for a person to
decide): such rows stopped the Kolada export on PostgreSQL.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""
import unicodedata

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('journal_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.Column('author_staff_id', sa.Integer(), nullable=True),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_staff_id'], ['staff_member.id'],
                            name=op.f('fk_journal_entry_author_staff_id_staff_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['corrects_id'], ['journal_entry.id'],
                            name=op.f('fk_journal_entry_corrects_id_journal_entry'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                            name=op.f('fk_journal_entry_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entry'))
    )
    with op.batch_alter_table('journal_entry') as batch:
        batch.create_index('ix_journal_entry_person_date', ['participant_id', 'entry_date'], unique=False)
    _refill_sort_keys()
    _ascii_personnummer()


# The sort key as this schema defines it (domain/names.py at the time; frozen here).
_SWEDISH = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "ü": "y"}
_OWN_LETTERS = {"ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "ı": "i", "œ": "oe", "ħ": "h", "ŧ": "t"}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


def _sort_char(ch: str) -> str:
    if ch in _SWEDISH:
        return _SWEDISH[ch]
    if ch in _OWN_LETTERS:
        return _OWN_LETTERS[ch]
    if ch.isascii():
        return ch
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


def _sort_key(first: str, last: str) -> str:
    return "".join(_sort_char(ch) for ch in _fold(f"{last} {first}"))[:201]


def _refill_sort_keys() -> None:
    conn = op.get_bind()
    participant = sa.table("participant", sa.column("id"), sa.column("first_name"), sa.column("last_name"),
                           sa.column("sort_name"))
    rows = conn.execute(sa.select(participant.c.id, participant.c.first_name, participant.c.last_name)).all()
    changes = [{"b_id": i, "o": _sort_key(f or "", l or "")} for i, f, l in rows]
    stmt = participant.update().where(participant.c.id == sa.bindparam("b_id")).values(sort_name=sa.bindparam("o"))
    for start in range(0, len(changes), 5000):
        conn.execute(stmt, changes[start:start + 5000])


def _ascii_personnummer() -> None:
    import re

    conn = op.get_bind()
    participant = sa.table("participant", sa.column("id"), sa.column("personnummer"))
    rows = conn.execute(sa.select(participant.c.id, participant.c.personnummer)).all()
    taken = {pnr for _i, pnr in rows}
    for pid, pnr in rows:
        if pnr is None or re.fullmatch(r"[0-9]{12}", pnr):
            continue
        ascii_form = unicodedata.normalize("NFKC", pnr)
        if re.fullmatch(r"[0-9]{12}", ascii_form) and ascii_form not in taken:
            conn.execute(participant.update().where(participant.c.id == pid).values(personnummer=ascii_form))
            taken.add(ascii_form)


def downgrade() -> None:
    op.drop_table('journal_entry')
