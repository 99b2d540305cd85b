"""``carnet.audit.testing`` lets Django flush the log between transactional
tests and puts the append-only triggers back. The tests run in file order."""

import pytest
from django.db import DatabaseError, transaction

from carnet.audit.log import record_access
from carnet.audit.models import AccessEvent


@pytest.mark.django_db(transaction=True)
def test_it_writes_an_event_in_a_transactional_test():
    record_access(None, 31, "view", patient_ref=1)
    assert AccessEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_finds_the_log_flushed_and_still_append_only():
    assert not AccessEvent.objects.exists()
    record_access(None, 31, "view", patient_ref=2)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            AccessEvent.objects.all().delete()
