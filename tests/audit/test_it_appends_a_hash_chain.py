import pytest
from django.db import transaction
from django.test import RequestFactory

from carnet.audit.chain import genesis_hash, row_hash, HASHED_COLUMNS
from carnet.audit.log import record_access, SYSTEM_PRACTICE_ID
from carnet.audit.models import AccessEvent, ChainHead


def columns_of(event):
    return {name: getattr(event, name) for name in HASHED_COLUMNS}


def test_it_links_each_row_to_the_previous_one(doctor_request, practice):
    events = [
        record_access(doctor_request, practice.pk, "view", patient_ref=n, fields=["last_name"])
        for n in range(1, 5)
    ]
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert events[0].prev_hash == genesis_hash(practice.pk)
    for previous, event in zip(events, events[1:]):
        assert event.prev_hash == previous.hash


def test_it_hashes_what_the_database_gives_back(doctor_request, practice):
    record_access(
        doctor_request, practice.pk, "search",
        fields=["birth_date", "first_name"],
        detail={"criteria": ["name_prefix"], "score": 0.93, "count": 2.0},
        patient_refs=[17, 4],
    )
    stored = AccessEvent.objects.get()
    assert row_hash(columns_of(stored)) == stored.hash
    assert stored.detail["patient_refs"] == ["17", "4"]


def test_it_keeps_one_chain_per_practice(doctor_request, practice, other_practice):
    a1 = record_access(doctor_request, practice.pk, "view", patient_ref=1)
    b1 = record_access(None, other_practice.pk, "login_failed", actor_username="intrus")
    a2 = record_access(doctor_request, practice.pk, "view", patient_ref=2)
    assert (a1.seq, b1.seq, a2.seq) == (1, 1, 2)
    assert b1.prev_hash == genesis_hash(other_practice.pk) != genesis_hash(practice.pk)
    assert ChainHead.objects.get(pk=practice.pk).hash == a2.hash


def test_it_records_who_from_where(doctor_request, doctor, practice):
    event = record_access(doctor_request, practice.pk, "update", patient_ref="42", fields=["phone", "address"])
    assert (event.actor_id, event.actor_username) == (doctor.pk, "dr.martin")
    assert (event.ip, event.user_agent) == ("192.0.2.10", "Firefox/140.0")
    assert event.fields == ["address", "phone"]
    assert event.ts.tzinfo is not None


def test_it_logs_a_failed_login_without_an_account(practice):
    request = RequestFactory().post("/login/", REMOTE_ADDR="not an ip")
    event = record_access(request, None, "login_failed", actor_username="dr.inconnu")
    assert (event.practice_id, event.actor_id, event.actor_username) == (SYSTEM_PRACTICE_ID, None, "dr.inconnu")
    assert event.ip is None


def test_it_refuses_an_unknown_action(doctor_request, practice):
    with pytest.raises(ValueError):
        record_access(doctor_request, practice.pk, "peek", patient_ref=1)
    assert not AccessEvent.objects.exists()


def test_it_refuses_a_patient_ref_that_is_not_an_id(doctor_request, practice):
    with pytest.raises(ValueError):
        record_access(doctor_request, practice.pk, "view", patient_ref="x" * 65)


def test_it_is_part_of_the_callers_transaction(doctor_request, practice):
    kept = record_access(doctor_request, practice.pk, "view", patient_ref=1)
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            record_access(doctor_request, practice.pk, "view", patient_ref=2)
            raise RuntimeError("the view failed after reading")
    assert list(AccessEvent.objects.values_list("patient_ref", flat=True)) == ["1"]
    assert ChainHead.objects.get(pk=practice.pk).seq == kept.seq
    assert record_access(doctor_request, practice.pk, "view", patient_ref=3).prev_hash == kept.hash


def test_it_resumes_the_chain_when_the_head_row_is_lost(doctor_request, practice):
    first = record_access(doctor_request, practice.pk, "view", patient_ref=1)
    ChainHead.objects.all().delete()
    second = record_access(doctor_request, practice.pk, "view", patient_ref=2)
    assert (second.seq, second.prev_hash) == (2, first.hash)
