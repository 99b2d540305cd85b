import pytest

from carnet.vault import MasterKey, MasterKeyRing, MissingKey, Vault, key_id_of
from carnet.vault.keys import DATA, INDEX
from tests.vault.helpers import context, new_vault


def test_it_keeps_old_data_keys_to_decrypt_after_rotation():
    vault, ctx = new_vault(), context()
    old_token = vault.encrypt_text(ctx, "ancien")
    old_key = key_id_of(old_token)
    new_key = vault.rotate_data_key("1").key_id
    assert new_key != old_key
    assert vault.decrypt_text(ctx, old_token) == "ancien"
    assert key_id_of(vault.encrypt_text(ctx, "nouveau")) == new_key


def test_reencrypt_moves_a_value_to_the_newest_key():
    vault, ctx = new_vault(), context()
    token = vault.encrypt_text(ctx, "valeur")
    assert vault.is_current("1", token)
    new_key = vault.rotate_data_key("1").key_id
    assert not vault.is_current("1", token)
    moved = vault.reencrypt(ctx, token)
    assert key_id_of(moved) == new_key
    assert vault.decrypt_text(ctx, moved) == "valeur"
    assert vault.reencrypt(ctx, moved) == moved


def test_rotation_of_one_practice_leaves_the_others_alone():
    vault = new_vault()
    other = context(practice_id="2")
    token = vault.encrypt_text(other, "autre cabinet")
    vault.encrypt_text(context(practice_id="1"), "x")
    vault.rotate_data_key("1")
    assert vault.is_current("2", token)


def test_data_keys_are_stored_only_wrapped():
    vault, ctx = new_vault(), context()
    vault.encrypt_text(ctx, "x")
    stored = vault.active_key("1", DATA)
    secret = vault._secret(stored)
    assert secret not in bytes(stored.wrapped)
    assert stored.master_key_id == vault.master_keys.current.key_id


def test_index_and_data_keys_are_different_keys():
    vault = new_vault()
    data = vault._secret(vault.active_key("1", DATA))
    index = vault._secret(vault.active_key("1", INDEX))
    assert data != index


def test_rewrapping_under_a_new_master_key_keeps_every_value_readable():
    old_master = MasterKey.generate()
    vault = new_vault(old_master)
    contexts = [context(practice_id=p) for p in ("1", "2", "3")]
    tokens = [vault.encrypt_text(c, f"valeur {c.practice_id}") for c in contexts]
    terms = vault.name_index_terms("1", "Dupont")

    new_master = MasterKey.generate()
    both = Vault(MasterKeyRing((old_master, new_master), "test"), vault.store)
    report = both.rewrap_keys()
    assert report.rewrapped == len(vault.store.all_keys())
    assert {k.master_key_id for k in vault.store.all_keys()} == {new_master.key_id}

    # The old master key can now be removed.
    only_new = Vault(MasterKeyRing((new_master,), "test"), vault.store)
    for c, t in zip(contexts, tokens):
        assert only_new.decrypt_text(c, t) == f"valeur {c.practice_id}"
    assert only_new.name_index_terms("1", "Dupont") == terms
    assert both.rewrap_keys().rewrapped == 0


def test_without_the_master_key_that_wrapped_it_a_key_is_missing():
    vault, ctx = new_vault(), context()
    token = vault.encrypt_text(ctx, "x")
    stranger = Vault(MasterKeyRing((MasterKey.generate(),), "test"), vault.store)
    with pytest.raises(MissingKey):
        stranger.decrypt_text(ctx, token)


def test_the_first_key_of_a_practice_is_created_once_even_when_raced():
    from carnet.vault.keys import new_stored_key

    vault = new_vault()
    first, _ = new_stored_key(vault.master_keys, "1", INDEX)
    second, _ = new_stored_key(vault.master_keys, "1", INDEX)
    assert vault.store.add_first(first) == first
    assert vault.store.add_first(second) == first  # the loser gets the winner's key
    assert [k.key_id for k in vault.store.keys_for("1", INDEX)] == [first.key_id]


def test_ensure_practice_keys_creates_both_keys_once():
    vault = new_vault()
    vault.ensure_practice_keys("7")
    vault.ensure_practice_keys("7")
    assert len(vault.store.keys_for("7", DATA)) == 1
    assert len(vault.store.keys_for("7", INDEX)) == 1
