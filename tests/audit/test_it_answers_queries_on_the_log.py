"""The practice administrator's view of the log, and the breach scope: which
patients and fields a set of accounts saw in a time window."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carnet.audit.log import record_access
from carnet.audit.models import AccessEvent
from carnet.audit.queries import accessed_patients, practice_events


@pytest.fixture
def day(doctor, secretary, practice, other_practice):
    """A small day of the practice, plus one event of another practice."""
    record_access(doctor, practice.pk, "search", fields=["last_name", "birth_date"], patient_refs=["p1", "p2"])
    record_access(doctor, practice.pk, "view", patient_ref="p1", fields=["last_name", "allergies"])
    record_access(secretary, practice.pk, "update", patient_ref="p3", fields=["phone"])
    record_access(secretary, practice.pk, "denied", patient_ref="p4", fields=["allergies"])
    record_access(doctor, other_practice.pk, "view", patient_ref="q1", fields=["last_name"])
    return AccessEvent.objects.filter(practice_id=practice.pk).order_by("seq")


def test_it_lists_a_practices_events_newest_first(day, practice):
    assert [e.seq for e in practice_events(practice.pk)] == [4, 3, 2, 1]


def test_it_filters_by_patient_actor_and_action(day, practice, doctor, secretary):
    assert [e.action for e in practice_events(practice.pk, patient_ref="p1")] == ["view"]
    assert [e.seq for e in practice_events(practice.pk, actor_id=secretary.pk)] == [4, 3]
    assert [e.seq for e in practice_events(practice.pk, actor_username="dr.martin")] == [2, 1]
    assert [e.seq for e in practice_events(practice.pk, action="search")] == [1]


def test_it_filters_by_date_range(day, practice):
    third = day[2].ts
    assert [e.seq for e in practice_events(practice.pk, since=third)] == [4, 3]
    assert [e.seq for e in practice_events(practice.pk, until=third)] == [2, 1]
    assert not practice_events(practice.pk, since=third + timedelta(days=1)).exists()


def test_it_computes_who_saw_which_patient_and_fields(day, practice, other_practice, doctor, secretary):
    now = timezone.now()
    exposures = accessed_patients([doctor.pk, secretary.pk], now - timedelta(hours=1), now + timedelta(seconds=1))
    by_patient = {(e.practice_id, e.patient_ref): e for e in exposures}
    # p4 was refused, so nothing of it was disclosed.
    assert sorted(by_patient) == sorted(
        [(practice.pk, "p1"), (practice.pk, "p2"), (practice.pk, "p3"), (other_practice.pk, "q1")]
    )
    p1 = by_patient[(practice.pk, "p1")]
    assert p1.fields == {"last_name", "birth_date", "allergies"}
    assert p1.events == 2
    assert by_patient[(practice.pk, "p2")].fields == {"last_name", "birth_date"}
    assert by_patient[(practice.pk, "p3")].fields_by_actor == {secretary.pk: frozenset({"phone"})}


def test_it_limits_the_scope_to_the_actors_and_window(day, practice, secretary):
    now = timezone.now()
    only_secretary = accessed_patients([secretary.pk], now - timedelta(hours=1), now + timedelta(seconds=1))
    assert [e.patient_ref for e in only_secretary] == ["p3"]
    assert accessed_patients([secretary.pk], now - timedelta(hours=2), now - timedelta(hours=1)) == []
    in_practice = accessed_patients(
        [secretary.pk, day[0].actor_id], now - timedelta(hours=1), now + timedelta(seconds=1),
        practice_id=practice.pk,
    )
    assert {e.practice_id for e in in_practice} == {practice.pk}
