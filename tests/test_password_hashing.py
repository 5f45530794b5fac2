"""Passwords as the program hashes them. The rest of the suite hashes at argon2's lowest cost
(tests/conftest.py, TEST_HASH_PARAMETERS); here `production_hasher` puts the program's own hasher
back: its parameters, and the rehash on sign-in of a password stored at other parameters (such as a
register whose accounts were made by the tests, or by an older version with another cost)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from argon2 import extract_parameters

from ame_desktop.domain.actor import ROLE_ADMIN
from ame_desktop.services import accounts
from ame_desktop.services.accounts import SignInFailed
from tests.conftest import TEST_HASH_PARAMETERS

PASSWORD = "hemligt-lösen-1"


def _stored(db, username: str) -> str:
    with db.reading() as s:
        return s.execute(sa.text("SELECT password_hash FROM staff_member WHERE username=:u"),
                         {"u": username}).scalar_one()


def _cost(stored: str) -> dict:
    p = extract_parameters(stored)
    return {"time_cost": p.time_cost, "memory_cost": p.memory_cost, "parallelism": p.parallelism}


def test_the_suite_hashes_at_the_tests_cost_and_the_program_never_does(db):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    assert _cost(_stored(db, "anna")) == TEST_HASH_PARAMETERS
    from argon2 import PasswordHasher

    program = PasswordHasher()  # what services/accounts._hasher makes (argon2's RFC 9106 defaults)
    assert {"time_cost": program.time_cost, "memory_cost": program.memory_cost,
            "parallelism": program.parallelism} != TEST_HASH_PARAMETERS


def test_the_program_stores_argon2id_at_argon2s_default_cost(db, production_hasher):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    stored = _stored(db, "anna")
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    cost = _cost(stored)
    assert cost == {"time_cost": production_hasher.time_cost, "memory_cost": production_hasher.memory_cost,
                    "parallelism": production_hasher.parallelism}
    assert cost["time_cost"] >= 3 and cost["memory_cost"] >= 64 * 1024  # KiB
    assert accounts.sign_in_db(db, "anna", PASSWORD).name == "anna"
    assert _stored(db, "anna") == stored  # already at the program's cost: not rehashed


def test_sign_in_rehashes_a_password_stored_at_another_cost(db, _cheap_password_hashes, monkeypatch):
    with db.transaction() as s:  # made at the tests' cost
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    cheap = _stored(db, "anna")
    assert _cost(cheap) == TEST_HASH_PARAMETERS
    monkeypatch.setattr(accounts, "_hasher", _cheap_password_hashes)  # the program's hasher from here on

    with pytest.raises(SignInFailed):  # a wrong password changes nothing
        accounts.sign_in_db(db, "anna", "fel-lösenord-9")
    assert _stored(db, "anna") == cheap

    assert accounts.sign_in_db(db, "anna", PASSWORD).name == "anna"
    rehashed = _stored(db, "anna")
    program = _cheap_password_hashes()
    assert rehashed != cheap and _cost(rehashed) == {
        "time_cost": program.time_cost, "memory_cost": program.memory_cost, "parallelism": program.parallelism}
    assert accounts.sign_in_db(db, "anna", PASSWORD).name == "anna"  # the new hash holds the same password
    assert _stored(db, "anna") == rehashed
