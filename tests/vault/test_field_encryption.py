import base64
from dataclasses import replace

import pytest

from carnet.vault import InvalidToken, MissingKey, key_id_of
from carnet.vault.keys import DATA
from tests.vault.helpers import context, new_vault

COMMENT = "Patiente anxieuse, préfère les rendez-vous du matin."


def flip_bit(token: str, position: int) -> str:
    prefix, body = token.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw[position] ^= 0x01
    return prefix + "." + base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()


def test_it_round_trips_a_value():
    vault, ctx = new_vault(), context()
    token = vault.encrypt_text(ctx, COMMENT)
    assert COMMENT not in token
    assert vault.decrypt_text(ctx, token) == COMMENT


def test_it_round_trips_empty_and_long_values():
    vault, ctx = new_vault(), context()
    for value in ["", "é", "x" * 15, "x" * 16, "y" * 10_000]:
        assert vault.decrypt_text(ctx, vault.encrypt_text(ctx, value)) == value


def test_it_uses_a_fresh_nonce_each_time():
    vault, ctx = new_vault(), context()
    assert vault.encrypt_text(ctx, COMMENT) != vault.encrypt_text(ctx, COMMENT)


def test_it_pads_so_that_length_leaks_only_to_16_bytes():
    vault, ctx = new_vault(), context()
    assert len(vault.encrypt_text(ctx, "Li")) == len(vault.encrypt_text(ctx, "Dupont-Moretti"))


@pytest.mark.parametrize("position", [0, 11, 12, 20, -1])
def test_it_rejects_a_token_with_a_flipped_bit(position):
    vault, ctx = new_vault(), context()
    token = vault.encrypt_text(ctx, COMMENT)
    with pytest.raises(InvalidToken):
        vault.decrypt_text(ctx, flip_bit(token, position))


def test_it_rejects_a_token_moved_to_another_row_column_table_or_practice():
    vault, ctx = new_vault(), context(practice_id="1")
    token = vault.encrypt_text(ctx, COMMENT)
    vault.active_key("2", DATA)  # practice 2 has keys of its own
    for other in [
        replace(ctx, row="another-row"),
        replace(ctx, column="family_name"),
        replace(ctx, table="records.note"),
    ]:
        with pytest.raises(InvalidToken):
            vault.decrypt_text(other, token)
    with pytest.raises(MissingKey):
        vault.decrypt_text(replace(ctx, practice_id="2"), token)


def test_it_rejects_another_practice_even_with_the_same_key_id():
    vault, ctx = new_vault(), context(practice_id="1")
    token = vault.encrypt_text(ctx, COMMENT)
    # Give practice 2 a key under the same id: the practice is in the
    # associated data, so the token still fails there.
    stored = vault.active_key("1", DATA)
    secret = vault._secret(stored)
    from carnet.vault.keys import wrap_key

    vault.store.add(
        replace(
            stored,
            practice_id="2",
            wrapped=wrap_key(vault.master_keys.current, "2", DATA, stored.key_id, secret),
        )
    )
    with pytest.raises(InvalidToken):
        vault.decrypt_text(replace(ctx, practice_id="2"), token)


def test_it_rejects_a_token_whose_key_id_was_changed():
    vault, ctx = new_vault(), context()
    first = vault.encrypt_text(ctx, COMMENT)
    vault.rotate_data_key("1")
    second_id = vault.active_key("1", DATA).key_id
    forged = first.replace(key_id_of(first), second_id, 1)
    with pytest.raises(InvalidToken):
        vault.decrypt_text(ctx, forged)


@pytest.mark.parametrize("garbage", ["", "v1", "v2.0011aabb.AAAA", "v1.zz.AAAA", "v1.0011aabb.!!"])
def test_it_rejects_text_that_is_not_a_token(garbage):
    vault, ctx = new_vault(), context()
    with pytest.raises(InvalidToken):
        vault.decrypt_text(ctx, garbage)


def test_the_token_names_the_key_that_encrypted_it():
    vault, ctx = new_vault(), context()
    token = vault.encrypt_text(ctx, COMMENT)
    assert token.startswith("v1.")
    assert key_id_of(token) == vault.active_key("1", DATA).key_id
    assert token.split(".")[1] == key_id_of(token)
