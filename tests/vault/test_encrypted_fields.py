import datetime
import uuid

import pytest
from django.core.exceptions import FieldError
from django.db import transaction

from carnet.vault import InvalidToken, VaultError, key_id_of
from carnet.vault.django_keys import get_vault, reset_vault
from carnet.vault.fields import SealedValue
from tests.vault.django_helpers import SEEDED, dump_tables, make_patient, raw_column, seed, set_raw_column

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vault_testapp")]


@pytest.fixture(autouse=True)
def _fresh_vault():
    reset_vault()
    yield
    reset_vault()


def Patient():
    from tests.vault.testapp.models import Patient

    return Patient


def test_it_stores_a_token_and_reads_back_the_clear_value():
    patient = make_patient(1, "Dupont", "Hélène", datetime.date(1980, 5, 17), "h@example.fr", "Note")
    stored = raw_column(Patient(), patient.pk, "comment")
    assert stored.startswith("v1.") and "Note" not in stored
    again = Patient().objects.get(pk=patient.pk)
    assert (again.family_name, again.given_name, again.birth_date, again.email, again.comment) == (
        "Dupont",
        "Hélène",
        datetime.date(1980, 5, 17),
        "h@example.fr",
        "Note",
    )


def test_a_database_dump_holds_no_seeded_value_in_clear():
    from tests.vault.testapp.models import Note, PatientNameTerm, PracticeKey

    patients = seed()
    Note.objects.create(patient=patients[0], text="Douleur thoracique atypique")
    dump = dump_tables(Patient(), Note, PatientNameTerm, PracticeKey).casefold()
    for _, family, given, birth, email, comment in SEEDED:
        for clear in (family, given, birth.isoformat(), comment):
            assert clear.casefold() not in dump
        if email:
            assert email not in dump
    assert "douleur" not in dump


def test_it_decrypts_only_the_fields_that_are_read():
    patient = make_patient(1, "Dupont", "Hélène", comment="Commentaire")
    again = Patient().objects.get(pk=patient.pk)
    assert again.family_name == "Dupont"
    assert isinstance(again.__dict__["comment"], SealedValue)
    assert isinstance(again.__dict__["given_name"], SealedValue)


def test_a_deferred_field_loads_only_its_token():
    patient = make_patient(1, "Dupont", "Hélène", comment="Commentaire")
    partial = Patient().objects.only("id", "practice", "vault_id", "family_name").get(pk=patient.pk)
    assert partial.family_name == "Dupont"
    assert partial.comment == "Commentaire"
    assert isinstance(partial.__dict__["family_name"], type(partial.__dict__["comment"]))


def test_saving_rewrites_only_the_changed_fields():
    patient = make_patient(1, "Dupont", "Hélène", comment="Avant")
    before_name = raw_column(Patient(), patient.pk, "family_name")
    before_comment = raw_column(Patient(), patient.pk, "comment")
    again = Patient().objects.get(pk=patient.pk)
    again.comment = "Après"
    again.save()
    assert raw_column(Patient(), patient.pk, "family_name") == before_name
    assert raw_column(Patient(), patient.pk, "comment") != before_comment
    assert Patient().objects.get(pk=patient.pk).comment == "Après"


def test_a_token_copied_to_another_row_does_not_decrypt():
    a = make_patient(1, "Dupont", "Hélène", comment="Secret de A")
    b = make_patient(1, "Durand", "Éric", comment="B")
    set_raw_column(Patient(), b.pk, "comment", raw_column(Patient(), a.pk, "comment"))
    with pytest.raises(InvalidToken):
        Patient().objects.get(pk=b.pk).comment


def test_a_token_copied_to_another_column_does_not_decrypt():
    a = make_patient(1, "Dupont", "Hélène")
    set_raw_column(Patient(), a.pk, "given_name", raw_column(Patient(), a.pk, "family_name"))
    with pytest.raises(InvalidToken):
        Patient().objects.get(pk=a.pk).given_name


def test_a_row_moved_to_another_practice_does_not_decrypt():
    a = make_patient(1, "Dupont", "Hélène")
    make_patient(2, "Durand", "Éric")
    Patient().objects.filter(pk=a.pk).update(practice=2)
    with pytest.raises(VaultError):  # practice 2 has no key of that id
        Patient().objects.get(pk=a.pk).family_name


def test_each_practice_has_its_own_data_key():
    a = make_patient(1, "Dupont", "Hélène")
    b = make_patient(2, "Dupont", "Marc")
    assert key_id_of(raw_column(Patient(), a.pk, "family_name")) != key_id_of(
        raw_column(Patient(), b.pk, "family_name")
    )


def test_it_refuses_to_query_or_bulk_update_by_clear_value():
    make_patient(1, "Dupont", "Hélène")
    with pytest.raises(FieldError):
        list(Patient().objects.filter(family_name="Dupont"))
    with pytest.raises(FieldError):
        list(Patient().objects.filter(family_name__startswith="Dup"))
    assert Patient().objects.filter(birth_date__isnull=True).count() == 1
    with pytest.raises(TypeError), transaction.atomic():
        Patient().objects.update(comment="en clair")


def test_values_list_gives_sealed_values_not_clear_text():
    make_patient(1, "Dupont", "Hélène")
    (value,) = Patient().objects.values_list("family_name", flat=True)
    assert isinstance(value, SealedValue)
    assert "Dupont" not in repr(value) and str(value) == "[chiffré]"


def test_a_note_finds_its_practice_through_its_patient():
    from tests.vault.testapp.models import Note

    patient = make_patient(2, "Dupont", "Marc")
    note = Note.objects.create(patient=patient, text="Consultation de suivi")
    assert Note.objects.get(pk=note.pk).text == "Consultation de suivi"
    assert key_id_of(raw_column(Note, note.pk, "text")) == key_id_of(
        raw_column(Patient(), patient.pk, "family_name")
    )


def test_copying_a_row_reencrypts_values_that_were_read():
    original = make_patient(1, "Dupont", "Hélène", comment="Copie")
    copy = Patient().objects.get(pk=original.pk)
    copy.family_name, copy.given_name, copy.email, copy.comment  # read them all
    copy.pk, copy.vault_id = None, uuid.uuid4()
    copy.save()
    assert Patient().objects.get(pk=copy.pk).comment == "Copie"


def test_copying_a_row_without_reading_it_is_refused():
    original = make_patient(1, "Dupont", "Hélène", comment="Copie")
    copy = Patient().objects.get(pk=original.pk)
    copy.pk, copy.vault_id = None, uuid.uuid4()
    with pytest.raises(VaultError):
        copy.save()


def test_an_encrypted_row_needs_its_practice():
    from tests.vault.testapp.models import Patient as P

    with pytest.raises(VaultError):
        P(practice=None, family_name="X", given_name="Y").save()


def test_changing_secret_key_changes_nothing_and_the_key_file_is_what_matters(settings, tmp_path):
    patient = make_patient(1, "Dupont", "Hélène", comment="Indépendant")
    settings.SECRET_KEY = "another-secret-key-" + uuid.uuid4().hex
    reset_vault()
    assert Patient().objects.get(pk=patient.pk).comment == "Indépendant"

    settings.VAULT_MASTER_KEY_FILE = tmp_path / "another-master.key"
    with pytest.raises(VaultError):
        Patient().objects.get(pk=patient.pk).comment


def test_the_environment_master_key_wins_in_django(monkeypatch):
    from carnet.vault import ENV_VAR, MasterKey

    key = MasterKey.generate()
    monkeypatch.setenv(ENV_VAR, key.encoded())
    reset_vault()
    assert get_vault().master_keys.current == key
    assert get_vault().master_keys.source == "env"


def test_name_prefix_and_birth_date_search_through_blind_indexes():
    from carnet.vault import matches_name_query
    from carnet.vault.search import filter_by_terms

    seed()
    vault = get_vault()

    def search(practice, query):
        found = filter_by_terms(
            Patient().objects.filter(practice=practice), "name_terms", vault.name_query_terms(practice, query)
        )
        return sorted(
            p.given_name for p in found if matches_name_query([p.family_name, p.given_name], query)
        )

    assert search(1, "dup") == ["Hélène"]
    assert search(1, "DÙP hel") == ["Hélène"]
    assert search(1, "du") == ["Hélène", "Éric"]
    assert search(1, "jean-pi") == ["Jean-Pierre"]
    assert search(2, "dup") == ["Marc"]

    term = vault.date_term(1, datetime.date(1980, 5, 17))
    same_day = Patient().objects.filter(practice=1, birth_date_term=term)
    assert sorted(p.given_name for p in same_day) == ["Hélène", "Jean-Pierre"]
    assert not Patient().objects.filter(practice=2, birth_date_term=term).exists()


def test_reassigning_an_unchanged_value_keeps_its_token():
    patient = make_patient(1, "Dupont", "Hélène", comment="Stable")
    before = raw_column(Patient(), patient.pk, "comment")
    again = Patient().objects.get(pk=patient.pk)
    again.full_clean()  # reads and re-assigns every field
    again.save()
    assert raw_column(Patient(), patient.pk, "comment") == before


def test_a_pickled_instance_carries_tokens_not_clear_values():
    import pickle

    patient = make_patient(1, "Dupont", "Hélène", comment="Jamais en cache")
    again = Patient().objects.get(pk=patient.pk)
    assert again.comment == "Jamais en cache"
    data = pickle.dumps(again)
    assert b"Jamais en cache" not in data and b"Dupont" not in data
    assert pickle.loads(data).comment == "Jamais en cache"


def test_the_django_key_store_creates_a_practice_first_key_once():
    from carnet.vault.keys import DATA, new_stored_key

    vault = get_vault()
    first, _ = new_stored_key(vault.master_keys, "9", DATA)
    second, _ = new_stored_key(vault.master_keys, "9", DATA)
    assert vault.store.add_first(first).key_id == first.key_id
    assert vault.store.add_first(second).key_id == first.key_id
    assert len(vault.store.keys_for("9", DATA)) == 1


def test_a_key_created_in_a_rolled_back_transaction_is_never_used():
    from tests.vault.testapp.models import PracticeKey

    with pytest.raises(RuntimeError), transaction.atomic():
        make_patient(3, "Leroy", "Anne", comment="annulé")
        make_patient(3, "Leroy", "Paul", comment="annulé aussi")
        raise RuntimeError("the request failed")
    assert not PracticeKey.objects.filter(practice_id="3").exists()

    patient = make_patient(3, "Leroy", "Anne", comment="gardé")
    reset_vault()  # another process, knowing only what the database holds
    assert Patient().objects.get(pk=patient.pk).comment == "gardé"
    assert PracticeKey.objects.filter(practice_id="3").count() == 2  # data and index


def test_serialisation_gives_tokens_and_loading_them_back_fails_loudly():
    from django.core import serializers

    patient = make_patient(1, "Dupont", "Hélène", comment="Sérialisé")
    dumped = serializers.serialize("json", Patient().objects.filter(pk=patient.pk))
    assert "Dupont" not in dumped and "Sérialisé" not in dumped
    assert raw_column(Patient(), patient.pk, "comment") in dumped
    Patient().objects.filter(pk=patient.pk).delete()
    # Loading would store the token as if it were the clear value: refused.
    with pytest.raises(TypeError), transaction.atomic():
        for obj in serializers.deserialize("json", dumped):
            obj.save()
