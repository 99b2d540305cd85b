import datetime
import importlib

import pytest
from django import forms
from django.db import models
from django.forms import modelform_factory
from django.test.utils import isolate_apps

from carnet.vault.django_keys import reset_vault
from carnet.vault.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField
from carnet.vault.models_spec import VaultModel
from tests.vault.django_helpers import raw_column


def rebuilt(field):
    name, path, args, kwargs = field.deconstruct()
    module, cls = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), cls)(*args, **kwargs)


def test_fields_deconstruct_for_migrations():
    for field in [
        EncryptedCharField(max_length=80),
        EncryptedTextField(blank=True, vault_column="old_comment"),
        EncryptedDateField(null=True),
    ]:
        field.set_attributes_from_name("x")
        copy = rebuilt(field)
        copy.set_attributes_from_name("x")
        assert copy.deconstruct() == field.deconstruct()
    assert EncryptedTextField(vault_column="old").deconstruct()[3]["vault_column"] == "old"


@isolate_apps("tests.vault")
def test_it_refuses_unique_or_indexed_encrypted_fields():
    class Bad(VaultModel):
        practice = models.IntegerField()
        nir = EncryptedCharField(max_length=15, unique=True)
        name = EncryptedCharField(max_length=15, db_index=True)

        class Meta:
            app_label = "vault"

    ids = [e.id for e in Bad.check()]
    assert ids.count("carnet_vault.E001") == 2


@pytest.mark.django_db
@pytest.mark.usefixtures("vault_testapp")
def test_a_model_form_shows_clear_values_and_saves_them_encrypted():
    from tests.vault.testapp.models import Patient

    reset_vault()
    Form = modelform_factory(Patient, fields=["practice", "family_name", "given_name", "birth_date", "comment"])
    assert isinstance(Form.base_fields["birth_date"], forms.DateField)
    assert Form.base_fields["family_name"].max_length == 100

    form = Form(data={"practice": 1, "family_name": "Dupont", "given_name": "Léa", "birth_date": "2001-02-03", "comment": "RAS"})
    assert form.is_valid(), form.errors
    patient = form.save()
    assert "Dupont" not in raw_column(Patient, patient.pk, "family_name")

    edit = Form(instance=Patient.objects.get(pk=patient.pk))
    assert edit.initial["family_name"] == "Dupont"
    assert edit.initial["birth_date"] == datetime.date(2001, 2, 3)

    too_long = Form(data={"practice": 1, "family_name": "x" * 101, "given_name": "a", "comment": ""})
    assert not too_long.is_valid() and "family_name" in too_long.errors
