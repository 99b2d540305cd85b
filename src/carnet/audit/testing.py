"""Test support: let Django flush the append-only tables between tests.

Transactional tests (``transaction=True``, ``live_server``) end with a flush
of every table: DELETE on SQLite, TRUNCATE on PostgreSQL, both refused by
the audit triggers. This fixture wraps the flush so that it drops the
triggers, empties the tables and puts the triggers back, in one transaction.
Tests only; nothing in Carnet itself calls it.

Use it from a conftest.py:

    from carnet.audit.testing import audit_tables_flushable  # noqa: F401
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations

from carnet.audit import triggers

_original_execute_sql_flush = BaseDatabaseOperations.execute_sql_flush


def _execute_sql_flush_around_triggers(self, sql_list):
    touches_log = any(table in sql for sql in sql_list for table in triggers.APPEND_ONLY_TABLES)
    if not touches_log:
        return _original_execute_sql_flush(self, sql_list)
    with transaction.atomic(using=self.connection.alias):
        triggers.drop_triggers(self.connection)
        _original_execute_sql_flush(self, sql_list)
        triggers.create_triggers(self.connection)


@pytest.fixture(autouse=True, scope="session")
def audit_tables_flushable():
    BaseDatabaseOperations.execute_sql_flush = _execute_sql_flush_around_triggers
    yield
    BaseDatabaseOperations.execute_sql_flush = _original_execute_sql_flush
