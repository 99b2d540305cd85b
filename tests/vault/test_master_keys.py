import base64
import os
import re
import stat
from pathlib import Path

import pytest

from carnet.vault import ENV_VAR, MasterKey, MasterKeyError, add_master_key, load_master_keys

VAULT_SRC = Path(__file__).resolve().parents[2] / "src" / "carnet" / "vault"


def test_it_creates_the_key_file_with_mode_0600_on_first_run(tmp_path):
    path = tmp_path / "sub" / "vault-master.key"
    ring = load_master_keys(path, environ={})
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(ring.current.secret) == 32
    assert ring.source == str(path)


def test_it_reuses_the_key_file_on_later_runs(tmp_path):
    path = tmp_path / "vault-master.key"
    first = load_master_keys(path, environ={})
    second = load_master_keys(path, environ={})
    assert first.current == second.current


def test_two_installs_get_different_random_keys(tmp_path):
    a = load_master_keys(tmp_path / "a.key", environ={})
    b = load_master_keys(tmp_path / "b.key", environ={})
    assert a.current.secret != b.current.secret


def test_the_environment_key_wins_over_the_key_file(tmp_path):
    path = tmp_path / "vault-master.key"
    from_file = load_master_keys(path, environ={})
    env_key = MasterKey.generate()
    ring = load_master_keys(path, environ={ENV_VAR: env_key.encoded()})
    assert ring.current == env_key
    assert ring.current != from_file.current
    assert ring.source == "env"


def test_with_the_environment_key_no_key_file_is_created(tmp_path):
    path = tmp_path / "vault-master.key"
    load_master_keys(path, environ={ENV_VAR: MasterKey.generate().encoded()})
    assert not path.exists()


def test_the_last_environment_key_is_current_and_older_ones_stay(tmp_path):
    old, new = MasterKey.generate(), MasterKey.generate()
    ring = load_master_keys(None, environ={ENV_VAR: f"{old.encoded()}, {new.encoded()}"})
    assert ring.current == new
    assert ring.get(old.key_id) == old


def test_adding_a_master_key_makes_it_current_and_keeps_the_old_one(tmp_path):
    path = tmp_path / "vault-master.key"
    old = load_master_keys(path, environ={}).current
    new = add_master_key(path)
    ring = load_master_keys(path, environ={})
    assert ring.current == new
    assert ring.get(old.key_id) == old
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_it_refuses_a_key_file_readable_by_others(tmp_path):
    path = tmp_path / "vault-master.key"
    load_master_keys(path, environ={})
    os.chmod(path, 0o644)
    with pytest.raises(MasterKeyError, match="chmod 600"):
        load_master_keys(path, environ={})


@pytest.mark.parametrize(
    "value",
    [
        "not base64 !",
        base64.b64encode(b"too short").decode(),
        "mdeadbeef00:" + MasterKey.generate().encoded(),  # id does not match the key
    ],
)
def test_it_refuses_a_malformed_key(value):
    with pytest.raises(MasterKeyError):
        load_master_keys(None, environ={ENV_VAR: value})


def test_without_environment_or_file_it_says_so():
    with pytest.raises(MasterKeyError, match=ENV_VAR):
        load_master_keys(None, environ={})


def test_no_vault_module_reads_django_secret_key():
    # The master key must never be derived from SECRET_KEY: a copy of the
    # settings plus the database would then be enough to read everything.
    use = re.compile(r"""\.SECRET_KEY\b|["']SECRET_KEY["']""")
    offenders = [p.name for p in VAULT_SRC.glob("*.py") if use.search(p.read_text())]
    assert offenders == []
