"""Consent register per participant and purpose (issue 24), and Windows sign-in on one PC.

- New table `consent`: entries giving or withdrawing a participant's consent for a purpose (AF,
  FK, VARD, SUS, FOTO) on a date, in writing or orally, registered by whom; never overwritten.
- The AF contact log's own consent field moves into the register: every person with a contact
  whose consent is documented gets one entry "AF, lämnat", dated the earliest such consent (its
  `consent_on`, or the contact's day when the contact gave no date — the consent was documented
  by then). How it was given is not known (`method` NULL), and the entry says where it came from.
  The contacts keep their fields (the log still shows what each contact said).
- `staff_member.windows_account` / `windows_computer`: an account tied to a Windows user on one
  PC opens the window without a password there (NULL for every existing account: no tie).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""
from datetime import date, datetime

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

NOTE = "Ur AF-kontaktloggen: samtycke dokumenterat vid kontakt med Arbetsförmedlingen (uppgradering 0013)."


def upgrade() -> None:
    with op.batch_alter_table('staff_member') as batch:
        batch.add_column(sa.Column('windows_account', sa.String(length=120), nullable=True))
        batch.add_column(sa.Column('windows_computer', sa.String(length=63), nullable=True))

    op.create_table('consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('consent_date', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('registered_by', sa.String(length=120), nullable=False),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("purpose IN ('AF','FK','VARD','SUS','FOTO')", name=op.f('ck_consent_purpose')),
    sa.CheckConstraint("action IN ('LAMNAT','ATERKALLAT')", name=op.f('ck_consent_action')),
    sa.CheckConstraint("method IS NULL OR method IN ('SKRIFTLIGT','MUNTLIGT')", name=op.f('ck_consent_method')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                            name=op.f('fk_consent_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent') as batch:
        batch.create_index('ix_consent_person_purpose', ['participant_id', 'purpose', 'consent_date'], unique=False)
    _af_consents_into_register()


def _as_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _af_consents_into_register() -> None:
    conn = op.get_bind()
    contact = sa.table("af_contact", sa.column("participant_id"), sa.column("contact_at"),
                       sa.column("consent_documented"), sa.column("consent_on"))
    consent = sa.table("consent", sa.column("participant_id"), sa.column("purpose"), sa.column("action"),
                       sa.column("consent_date"), sa.column("method"), sa.column("note"),
                       sa.column("registered_by"), sa.column("registered_at"))
    rows = conn.execute(sa.select(contact.c.participant_id, contact.c.contact_at, contact.c.consent_on)
                        .where(contact.c.participant_id.is_not(None),
                               contact.c.consent_documented == sa.true())).all()
    earliest: dict[int, date] = {}
    for pid, at, on in rows:
        day = _as_date(on) or _as_date(at)
        if day is not None and (pid not in earliest or day < earliest[pid]):
            earliest[pid] = day
    now = datetime.now().replace(microsecond=0)
    values = [{"participant_id": pid, "purpose": "AF", "action": "LAMNAT", "consent_date": day, "method": None,
               "note": NOTE, "registered_by": "uppgradering 0013", "registered_at": now}
              for pid, day in sorted(earliest.items())]
    if values:
        conn.execute(consent.insert(), values)


def downgrade() -> None:
    op.drop_table('consent')
    with op.batch_alter_table('staff_member') as batch:
        batch.drop_column('windows_computer')
        batch.drop_column('windows_account')
