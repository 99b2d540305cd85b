import threading
import time

import pytest
from django.db import connection, connections, transaction

from carnet.vault.django_keys import get_vault, reset_vault
from carnet.vault.keys import INDEX, new_stored_key

pytestmark = [pytest.mark.usefixtures("vault_testapp")]


@pytest.mark.django_db(transaction=True)
def test_two_connections_racing_for_a_practice_first_key_agree_on_one():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with BEGIN IMMEDIATE; the race needs two PostgreSQL sessions")
    reset_vault()
    vault = get_vault()
    first, _ = new_stored_key(vault.master_keys, "42", INDEX)
    second, _ = new_stored_key(vault.master_keys, "42", INDEX)
    first_has_lock = threading.Event()
    results = {}

    def slow_winner():
        try:
            with transaction.atomic():
                results["first"] = vault.store.add_first(first)
                first_has_lock.set()
                time.sleep(0.5)  # hold the lock: the other session must wait for our commit
        finally:
            connections.close_all()

    def loser():
        try:
            first_has_lock.wait(5)
            results["second"] = vault.store.add_first(second)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=slow_winner), threading.Thread(target=loser)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results["first"].key_id == first.key_id
    assert results["second"].key_id == first.key_id
    assert [k.key_id for k in vault.store.keys_for("42", INDEX)] == [first.key_id]
