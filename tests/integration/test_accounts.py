"""Web sign-in accounts and API tokens on SQLite and PostgreSQL (issue 8)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from casework.adapters.auth.passwords import fast_passwords
from casework.adapters.sql.accounts import AccountStore
from casework.adapters.sql.tables import api_tokens, web_accounts
from casework.domain.access import TokenNotFound
from casework.domain.errors import InvalidInput
from casework.testing import FixedClock


@pytest.fixture
def store(engine: Engine, clock: FixedClock) -> AccountStore:
    return AccountStore(engine, clock=clock, passwords=fast_passwords())


def test_a_password_is_stored_as_an_argon2_hash_and_verifies(store: AccountStore) -> None:
    store.set_password("aase", "korrekt hest batteri")
    with store.engine.connect() as conn:
        stored = conn.execute(select(web_accounts.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert "korrekt" not in stored
    assert store.verify("aase", "korrekt hest batteri")
    assert not store.verify("aase", "forkert")
    assert store.has_password("aase")
    assert not store.has_password("birgitte")


def test_an_unknown_person_never_verifies(store: AccountStore) -> None:
    assert not store.verify("nobody", "demo")
    assert not store.verify("nobody", "")


def test_five_wrong_passwords_lock_the_account_until_the_lockout_ends(
    store: AccountStore, clock: FixedClock
) -> None:
    store.set_password("aase", "demo")
    for _ in range(4):
        assert not store.verify("aase", "gæt")
    assert not store.is_locked("aase")
    assert not store.verify("aase", "gæt")
    assert store.is_locked("aase")
    # Locked: even the right password is refused.
    assert not store.verify("aase", "demo")
    clock.advance(minutes=16)
    assert not store.is_locked("aase")
    assert store.verify("aase", "demo")


def test_a_successful_sign_in_resets_the_failure_count(store: AccountStore) -> None:
    store.set_password("aase", "demo")
    for _ in range(4):
        store.verify("aase", "gæt")
    assert store.verify("aase", "demo")
    for _ in range(4):
        store.verify("aase", "gæt")
    assert not store.is_locked("aase")


def test_setting_a_password_lifts_a_lock(store: AccountStore) -> None:
    store.set_password("aase", "demo")
    for _ in range(5):
        store.verify("aase", "gæt")
    assert store.is_locked("aase")
    store.set_password("aase", "ny adgangskode")
    assert store.verify("aase", "ny adgangskode")


def test_empty_and_huge_passwords_are_refused(store: AccountStore) -> None:
    with pytest.raises(InvalidInput):
        store.set_password("aase", "")
    with pytest.raises(InvalidInput):
        store.set_password("aase", "x" * 2000)
    assert not store.has_password("aase")


def test_a_token_signs_its_person_in_and_only_its_hash_is_stored(store: AccountStore) -> None:
    token = store.create_token("sofie", "ESDH-integration")
    assert token.startswith("cw_")
    assert store.person_for_token(token) == "sofie"
    with store.engine.connect() as conn:
        stored = conn.execute(select(api_tokens.c.token_hash)).scalar_one()
    assert token not in stored
    assert store.person_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert store.person_for_token("garbage") is None
    assert store.person_for_token("") is None


def test_a_revoked_token_no_longer_signs_in(store: AccountStore) -> None:
    token = store.create_token("sofie", "ESDH")
    other = store.create_token("aase", "mit script")
    (info,) = store.list_tokens("sofie")
    revoked = store.revoke_token(info.id)
    assert revoked.revoked_at is not None
    assert not revoked.active
    assert store.person_for_token(token) is None
    assert store.person_for_token(other) == "aase"


def test_only_the_owner_can_revoke_a_token_when_a_person_is_given(store: AccountStore) -> None:
    store.create_token("sofie", "ESDH")
    (info,) = store.list_tokens("sofie")
    with pytest.raises(TokenNotFound):
        store.revoke_token(info.id, person_id="aase")
    with pytest.raises(TokenNotFound):
        store.revoke_token("deadbeef")
    assert store.list_tokens("sofie")[0].active


def test_tokens_are_listed_without_secrets_and_record_their_last_use(
    store: AccountStore, clock: FixedClock
) -> None:
    token = store.create_token("sofie", "ESDH")
    clock.advance(minutes=1)
    store.create_token("aase", "script")
    assert [t.person_id for t in store.list_tokens()] == ["sofie", "aase"]
    assert store.list_tokens("sofie")[0].last_used_at is None
    store.person_for_token(token)
    first_use = store.list_tokens("sofie")[0].last_used_at
    assert first_use is not None
    clock.advance(minutes=5)
    store.person_for_token(token)
    assert store.list_tokens("sofie")[0].last_used_at == first_use  # at most hourly
    clock.advance(hours=2)
    store.person_for_token(token)
    assert store.list_tokens("sofie")[0].last_used_at != first_use
    assert "token_hash" not in store.list_tokens("sofie")[0].as_json()


def test_token_names_are_required(store: AccountStore) -> None:
    with pytest.raises(InvalidInput):
        store.create_token("sofie", "  ")


def test_a_weaker_hash_is_upgraded_on_the_next_sign_in(engine: Engine, clock: FixedClock) -> None:
    weak = AccountStore(engine, clock=clock, passwords=fast_passwords())
    weak.set_password("aase", "demo")
    from argon2 import PasswordHasher

    from casework.adapters.auth.passwords import Passwords

    stronger = AccountStore(
        engine,
        clock=clock,
        passwords=Passwords(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)),
    )
    assert stronger.verify("aase", "demo")
    with engine.connect() as conn:
        stored = conn.execute(select(web_accounts.c.password_hash)).scalar_one()
    assert "t=2" in stored
    assert stronger.verify("aase", "demo")


# --- issue 16, items 4 and 5: session generations and the per-address limit, in the database ----
def test_sign_out_a_new_password_and_a_lock_out_each_end_the_sessions(store: AccountStore) -> None:
    assert store.session_generation("aase") == 0  # nobody has ended anything yet
    assert store.end_sessions("aase") == 1
    assert store.session_generation("aase") == 1
    store.set_password("aase", "demo")
    assert store.session_generation("aase") == 2
    for _ in range(5):
        store.verify("aase", "gæt")
    assert store.is_locked("aase")
    assert store.session_generation("aase") == 3
    assert store.session_generation("mette") == 0  # others keep theirs


def test_failures_per_address_are_counted_in_the_window_and_shared(
    store: AccountStore, clock: FixedClock
) -> None:
    import datetime as dt

    window = dt.timedelta(minutes=5)
    other = AccountStore(store.engine, clock=clock, passwords=fast_passwords())  # another worker
    for n in range(6):
        (store if n % 2 else other).address_failed("192.0.2.1", window)
    store.address_failed("192.0.2.2", window)
    assert store.address_failures("192.0.2.1", window) == 6
    assert other.address_failures("192.0.2.1", window) == 6
    clock.advance(minutes=6)
    assert store.address_failures("192.0.2.1", window) == 0
    store.address_failed("192.0.2.1", window)  # also deletes the rows that have aged out
    with store.engine.connect() as conn:
        from casework.adapters.sql.tables import sign_in_failures

        assert len(conn.execute(select(sign_in_failures)).all()) == 1
    store.address_succeeded("192.0.2.1")
    assert store.address_failures("192.0.2.1", window) == 0
