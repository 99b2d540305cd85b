"""`carnet vault rotate` on the real patient record: every value still reads
the same afterwards, under the new data key, and search still finds it."""

from datetime import date

import pytest

from carnet.cli import main
from carnet.records import search
from carnet.records.models import Encounter, Patient
from carnet.vault.django_keys import get_vault
from carnet.vault.tokens import key_id_of
from tests import factories


@pytest.fixture
def vault_key_file(settings, tmp_path, monkeypatch):
    from carnet.vault import django_keys
    from carnet.vault.master import ENV_VAR

    monkeypatch.delenv(ENV_VAR, raising=False)
    settings.VAULT_MASTER_KEY_FILE = tmp_path / "vault-master.key"
    django_keys.reset_vault()
    yield
    django_keys.reset_vault()


@pytest.mark.django_db(transaction=True)
def test_it_reencrypts_every_patient_value_without_loss(vault_key_file, practice, doctor, capsys):
    patients = [factories.make_patient(practice, family_name=f"Rotation{i}", phone="06 00 00 00 0%d" % i)
                for i in range(5)]
    Encounter.objects.create(patient=patients[0], author=doctor, date=date(2026, 1, 1), reason="Angine")
    old_key = key_id_of(Patient.objects.values_list("family_name", flat=True).first().token)

    assert main(["vault", "rotate", "--new-master-key", "--batch-size", "2"]) == 0

    new_key = get_vault().active_key(str(practice.pk), "data").key_id
    assert new_key != old_key
    for before in patients:
        after = Patient.objects.get(pk=before.pk)
        assert (after.family_name, after.phone, after.admin_comment) == (
            before.family_name, before.phone, before.admin_comment)
    tokens = Patient.objects.values_list("family_name", flat=True)
    assert {key_id_of(t.token) for t in tokens} == {new_key}
    assert Encounter.objects.get().reason == "Angine"
    assert [p.family_name for p in search.find_patients(practice, "rotation3")] == ["Rotation3"]
