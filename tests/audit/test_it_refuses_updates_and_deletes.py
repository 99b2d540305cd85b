"""The database itself refuses to change or remove log rows (triggers)."""

import pytest
from django.db import DatabaseError, connection, transaction

from carnet.audit.checkpoints import write_checkpoint
from carnet.audit.log import record_access
from carnet.audit.models import AccessEvent, Checkpoint


@pytest.fixture
def event(doctor_request, practice):
    return record_access(doctor_request, practice.pk, "view", patient_ref=7, fields=["last_name"])


@pytest.fixture
def checkpoint(event, practice):
    write_checkpoint(practice.pk)
    return Checkpoint.objects.get()


def refused(operation):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            operation()
    return True


def raw(sql, params=()):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    return run


def test_it_refuses_an_orm_update(event):
    assert refused(lambda: AccessEvent.objects.filter(pk=event.pk).update(patient_ref="8"))
    assert AccessEvent.objects.get().patient_ref == "7"


def test_it_refuses_an_orm_delete(event):
    assert refused(lambda: AccessEvent.objects.filter(pk=event.pk).delete())
    assert refused(event.delete)
    assert AccessEvent.objects.count() == 1


def test_it_refuses_a_raw_sql_update(event):
    assert refused(raw("UPDATE audit_accessevent SET actor_username = %s", ["someone"]))
    assert AccessEvent.objects.get().actor_username == "dr.martin"


def test_it_refuses_a_raw_sql_delete(event):
    assert refused(raw("DELETE FROM audit_accessevent"))
    assert AccessEvent.objects.count() == 1


def test_it_refuses_a_truncate_on_postgresql(event):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    assert refused(raw("TRUNCATE audit_accessevent"))


def test_it_refuses_to_change_or_remove_checkpoints(checkpoint):
    assert refused(lambda: Checkpoint.objects.update(seq=99))
    assert refused(raw("UPDATE audit_checkpoint SET head_hash = %s", ["0" * 64]))
    assert refused(lambda: Checkpoint.objects.all().delete())
    assert refused(raw("DELETE FROM audit_checkpoint"))
    assert Checkpoint.objects.get().seq == 1


def test_it_refuses_to_save_a_loaded_row_again(event):
    event.patient_ref = "8"
    with pytest.raises(TypeError):
        event.save()
